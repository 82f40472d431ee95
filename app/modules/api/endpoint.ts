// One API operation, declared once: the route validates with these schemas
// and the OpenAPI document is generated from the same declarations
// (openapi.server.ts), so the spec cannot describe a request the route would
// parse differently. api-routes.test.ts checks every route file against them.
import type { AnyZodObject, ZodTypeAny } from "zod";
import type { ApiScope } from "~/modules/api-tokens/scopes";
import type { ApiErrorStatus } from "./api-error";

export type HttpMethod = "get" | "post" | "patch" | "put" | "delete";

export type ApiEndpoint = {
  method: HttpMethod;
  /** In OpenAPI's form, /api/v1/generations/{generationId}: the route file's path with $param as {param}. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The scope the token needs; null for the few public documents (the spec itself). */
  scope: ApiScope | null;
  params?: AnyZodObject;
  query?: AnyZodObject;
  /**
   * A JSON body, validated before the handler runs, or a multipart form the
   * handler streams itself (described, not pre-parsed), which may also take
   * the same fields as JSON without files (`json`, also read by the handler).
   */
  body?: { type: "json"; schema: ZodTypeAny } | { type: "multipart"; schema: ZodTypeAny; json?: ZodTypeAny };
  /**
   * Takes an Idempotency-Key header: the same key answers the first answer
   * again. Applied before the handler for JSON bodies; a multipart handler
   * applies it itself (withIdempotency), with a fingerprint of the files.
   */
  idempotent?: boolean;
  success: {
    status: 200 | 201 | 202 | 204;
    description: string;
    /** The JSON answer; every answer is parsed with it, so the spec cannot drift from what is sent. */
    schema?: ZodTypeAny;
    /** For answers that are not JSON: an image, a ZIP, an event stream. */
    contentType?: string;
  };
  /** Statuses this operation answers besides the ones every operation can (400, 401, 403, 429, 500). */
  errors?: ApiErrorStatus[];
};

export function defineEndpoint<const E extends ApiEndpoint>(endpoint: E): E {
  return endpoint;
}

/** The Remix route path for an OpenAPI path: /api/v1/generations/{generationId} → api.v1.generations.$generationId */
export function routeFileStem(path: string) {
  return path
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replace(/^\{(.+)\}$/, "$$$1").replace(/\./g, "[.]"))
    .join(".");
}
