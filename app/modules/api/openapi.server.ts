// The OpenAPI 3.1 document, generated from the endpoint declarations the
// routes validate with (endpoints/). Built once per process.
import { OpenApiGeneratorV31, OpenAPIRegistry, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { API_ERROR_CODES, ApiErrorSchema, type ApiErrorStatus } from "./api-error";
import type { ApiEndpoint } from "./endpoint";
import { API_ENDPOINTS } from "./endpoints";
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_MAX } from "./idempotency.server";
import { z } from "./zod";

const ERROR_DESCRIPTIONS: Record<ApiErrorStatus, string> = {
  400: "A field is not valid: `error.field` names it.",
  401: "No token, or a token that is revoked or belongs to a disabled account.",
  402: "Not enough credits.",
  403: "The token lacks the scope this operation needs.",
  404: "Nothing with this id belongs to the token's user.",
  405: "This path does not take this method.",
  409: "The Idempotency-Key was used for another request, or its first request is still running.",
  413: "The body or file is too large.",
  415: "The body is not in the format this operation takes.",
  422: "The request is well formed but cannot be done now.",
  429: "Too many requests for this token: wait for Retry-After seconds.",
  500: "A server error.",
  503: "A service the operation needs is not available.",
};
const COMMON_ERRORS: ApiErrorStatus[] = [400, 401, 403, 429];

export function buildOpenApiDocument(endpoints: readonly ApiEndpoint[] = API_ENDPOINTS, serverUrl = "/") {
  const registry = new OpenAPIRegistry();
  registry.register("Error", ApiErrorSchema);
  const bearer = registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A personal access token from the Account page (tsk_…), with the scope each operation names.",
  });
  for (const endpoint of endpoints) registry.registerPath(routeConfig(endpoint, bearer.name));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Thumbsmith API",
      version: "1.0.0",
      description:
        "Everything the pages do, for scripts, flows and assistants: upload a portrait, start a batch, follow it, edit and download thumbnails, build Test & Compare sets. Errors always have the shape `{\"error\": {\"code\", \"message\", \"field\"?}}`.",
    },
    servers: [{ url: serverUrl }],
  });
}

function routeConfig(endpoint: ApiEndpoint, securityName: string): RouteConfig {
  const statuses = [...new Set([...(endpoint.scope ? COMMON_ERRORS : []), ...(endpoint.errors ?? [])])].sort();
  const errorResponses = Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: `${ERROR_DESCRIPTIONS[status]} Codes: ${API_ERROR_CODES[status].map((code) => `\`${code}\``).join(", ")}.`,
        content: { "application/json": { schema: ApiErrorSchema } },
      },
    ]),
  );
  const { success } = endpoint;
  const successContent = success.schema
    ? { "application/json": { schema: success.schema } }
    : success.contentType
      ? { [success.contentType]: { schema: z.string().openapi({ format: "binary" }) } }
      : undefined;
  const headers = endpoint.idempotent
    ? z.object({
        [IDEMPOTENCY_HEADER]: z
          .string()
          .max(IDEMPOTENCY_KEY_MAX)
          .optional()
          .openapi({ description: "Any unique string (a UUID). A retry with the same key and body gets the first answer and spends nothing.", example: "7f1c6a3e-5b0e-4c59-9a55-0b6b1f6e9d21" }),
      })
    : undefined;
  const scopeNote = endpoint.scope ? `\n\nNeeds a token with the \`${endpoint.scope}\` scope.` : "";
  return {
    method: endpoint.method,
    path: endpoint.path,
    operationId: endpoint.operationId,
    tags: [endpoint.tag],
    summary: endpoint.summary,
    description: `${endpoint.description ?? ""}${scopeNote}`.trim() || undefined,
    security: endpoint.scope ? [{ [securityName]: [] }] : [],
    request: {
      params: endpoint.params,
      query: endpoint.query,
      headers,
      body: endpoint.body
        ? {
            required: true,
            content:
              endpoint.body.type === "json"
                ? { "application/json": { schema: endpoint.body.schema } }
                : {
                    "multipart/form-data": { schema: endpoint.body.schema },
                    ...(endpoint.body.json ? { "application/json": { schema: endpoint.body.json } } : {}),
                  },
          }
        : undefined,
    },
    responses: {
      [success.status]: { description: success.description, content: successContent },
      ...errorResponses,
    },
  };
}
