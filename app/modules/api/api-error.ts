// Every API error has one shape: {"error": {"code", "message", "field"?}}.
// `code` is for programs (stable, snake_case), `message` for people, `field`
// names the request field at fault ("keywords", "thumbnails.1.title").
import { z } from "./zod";

export const API_ERROR_CODES = {
  400: ["invalid_field", "invalid_json", "invalid_request"],
  401: ["unauthorized"],
  402: ["insufficient_credits"],
  403: ["insufficient_scope", "account_disabled"],
  404: ["not_found"],
  405: ["method_not_allowed"],
  409: ["idempotency_conflict", "idempotency_in_progress", "conflict"],
  413: ["payload_too_large"],
  415: ["unsupported_media_type"],
  422: ["unprocessable"],
  429: ["rate_limited"],
  500: ["internal_error"],
  503: ["unavailable"],
} as const;

export type ApiErrorStatus = keyof typeof API_ERROR_CODES;
export type ApiErrorCode = (typeof API_ERROR_CODES)[ApiErrorStatus][number];

export const ApiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "invalid_field" }),
      message: z.string().openapi({ example: "Use at least 2 characters of keywords." }),
      field: z.string().optional().openapi({ example: "keywords" }),
    }),
  })
  .openapi("Error");

export class ApiError extends Error {
  constructor(
    readonly status: ApiErrorStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function apiErrorBody(code: string, message: string, field?: string) {
  return { error: field === undefined ? { code, message } : { code, message, field } };
}

export function apiErrorResponse(error: ApiError) {
  return Response.json(apiErrorBody(error.code, error.message, error.field), { status: error.status, headers: error.headers });
}

export const notFound = (what = "This") => new ApiError(404, "not_found", `${what} was not found.`);
