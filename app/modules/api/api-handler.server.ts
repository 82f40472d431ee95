// Turns endpoint declarations and their handlers into a route's loader and
// action. Every API request goes the same way: the bearer token (never a
// cookie) and its scope, then the path, query and JSON body parsed with the
// endpoint's schemas, then the Idempotency-Key on creates, then the one
// domain call the handler makes, then the answer parsed with the endpoint's
// response schema. Errors leave in one shape (api-error.ts).
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import type { z, ZodError, ZodTypeAny } from "zod";
import { authenticateApiToken, type ApiCaller } from "~/modules/api-tokens/api-tokens.server";
import type { ApiScope } from "~/modules/api-tokens/scopes";
import { InsufficientCreditsError } from "~/modules/credits/balance.server";
import { logger } from "~/utils/logger.server";
import { ApiError, apiErrorResponse } from "./api-error";
import type { ApiEndpoint } from "./endpoint";
import { fingerprint, idempotencyKeyOf, withIdempotency } from "./idempotency.server";

type Infer<S> = S extends ZodTypeAny ? z.output<S> : undefined;
type Answer<E extends ApiEndpoint> = E["success"]["schema"] extends ZodTypeAny ? z.input<E["success"]["schema"]> | Response : Response;

export type ApiContext<E extends ApiEndpoint> = {
  request: Request;
  caller: ApiCaller;
  params: Infer<E["params"]>;
  query: Infer<E["query"]>;
  body: E["body"] extends { type: "json"; schema: infer S } ? Infer<S> : undefined;
  context: AppLoadContext;
};

type Bound = { endpoint: ApiEndpoint; handle: (context: ApiContext<ApiEndpoint>) => Promise<unknown> };

/** Pairs an endpoint with the function that answers it (its types follow the endpoint's schemas). */
export function handle<E extends ApiEndpoint>(endpoint: E, handler: (context: ApiContext<E>) => Promise<Answer<E>>): Bound {
  return { endpoint, handle: handler as Bound["handle"] };
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i;

/**
 * The caller a request's bearer token names, with the scope the endpoint
 * needs, or an ApiError (401/403). Without a scope, any valid token: the MCP
 * server checks each tool's scope itself.
 */
export async function requireApiCaller(request: Request, scope?: ApiScope): Promise<ApiCaller> {
  const header = request.headers.get("Authorization");
  const challenge = { "WWW-Authenticate": 'Bearer realm="thumbsmith"' };
  if (!header) {
    const hint = request.headers.has("Cookie") ? " Cookies are not accepted here, even from a signed-in browser." : "";
    throw new ApiError(401, "unauthorized", `Send a personal access token: Authorization: Bearer tsk_…. Create one on the Account page.${hint}`, undefined, challenge);
  }
  const token = BEARER.exec(header)?.[1];
  const caller = token ? await authenticateApiToken(token) : null;
  if (!caller) {
    throw new ApiError(401, "unauthorized", "This token is not valid: it may have been revoked, or its account disabled.", undefined, {
      "WWW-Authenticate": 'Bearer realm="thumbsmith", error="invalid_token"',
    });
  }
  if (scope && !caller.scopes.includes(scope)) {
    throw new ApiError(403, "insufficient_scope", `This token does not have the "${scope}" scope. Create a token with it on the Account page.`, undefined, {
      "WWW-Authenticate": `Bearer realm="thumbsmith", error="insufficient_scope", scope="${scope}"`,
    });
  }
  return caller;
}

/** A loader and an action answering the given operations of one path; other methods get 405. */
export function apiRoute(...operations: Bound[]) {
  const byMethod = new Map(operations.map((operation) => [operation.endpoint.method.toUpperCase(), operation]));
  const allow = [...byMethod.keys(), ...(byMethod.has("GET") ? ["HEAD"] : [])].join(", ");
  const answer = async ({ request, params, context }: LoaderFunctionArgs) => {
    const method = request.method === "HEAD" ? "GET" : request.method;
    const operation = byMethod.get(method);
    if (!operation) {
      return apiErrorResponse(new ApiError(405, "method_not_allowed", `${request.method} is not allowed here. Allowed: ${allow}.`, undefined, { Allow: allow }));
    }
    return run(operation, request, params, context);
  };
  return { loader: answer, action: answer, endpoints: operations.map((operation) => operation.endpoint) };
}

async function run({ endpoint, handle }: Bound, request: Request, rawParams: Record<string, string | undefined>, context: AppLoadContext) {
  try {
    const caller = endpoint.scope ? await requireApiCaller(request, endpoint.scope) : (null as unknown as ApiCaller);
    // A path that names nothing this user could own is simply not found.
    const params = endpoint.params ? endpoint.params.safeParse(rawParams) : null;
    if (params && !params.success) throw new ApiError(404, "not_found", "Nothing was found at this address.");
    const query = endpoint.query ? parseOrThrow(endpoint.query, Object.fromEntries(new URL(request.url).searchParams)) : undefined;
    const body = endpoint.body?.type === "json" ? parseOrThrow(endpoint.body.schema, await readJson(request)) : undefined;
    const call = async () => toResponse(endpoint, await handle({ request, caller, params: params?.data, query, body, context }));
    // A multipart body is read by its handler, which keys it with its files (the body here would be undefined).
    const key = endpoint.idempotent && endpoint.body?.type !== "multipart" ? idempotencyKeyOf(request) : null;
    if (!key) return await call();
    return await withIdempotency(idempotencyClaim(endpoint, caller, key, { params: params?.data, body }), call);
  } catch (error) {
    return errorResponse(error, endpoint);
  }
}

function idempotencyClaim(endpoint: ApiEndpoint, caller: ApiCaller, key: string, request: unknown) {
  return { userId: caller.userId, key, endpoint: `${endpoint.method.toUpperCase()} ${endpoint.path}`, requestHash: fingerprint(request) };
}

/**
 * A multipart create under the request's Idempotency-Key (when it has one):
 * `request` is what makes two requests the same (the fields and the files'
 * digests), read by the handler before it calls this. `create` is given a
 * 64-character submission key made from the key and the request, for
 * domain functions that de-duplicate by one: a first request whose process
 * died before its answer was stored still makes one batch when retried.
 */
export async function idempotentCreate(
  endpoint: ApiEndpoint,
  http: Request,
  caller: ApiCaller,
  request: unknown,
  create: (submissionKey: string | null) => Promise<Response>,
) {
  const key = idempotencyKeyOf(http);
  if (!key) return create(null);
  const claim = idempotencyClaim(endpoint, caller, key, request);
  return withIdempotency(claim, () => create(fingerprint([claim.key, claim.requestHash])));
}

function toResponse(endpoint: ApiEndpoint, result: unknown) {
  if (result instanceof Response) return result;
  return jsonAnswer(endpoint, result as Answer<ApiEndpoint>);
}

/** The endpoint's success answer, parsed with its schema; for a handler that adds headers (a create's Location). */
export function jsonAnswer<E extends ApiEndpoint>(endpoint: E, result: Answer<E>, headers: Record<string, string> = {}) {
  const { status, schema } = endpoint.success;
  if (status === 204) return new Response(null, { status, headers });
  // Parsed on the way out: what is sent is what the spec says, and nothing more.
  const body = schema ? schema.parse(result) : result;
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

function parseOrThrow<S extends ZodTypeAny>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw fieldError(parsed.error);
}

export function fieldError(error: ZodError) {
  const issue = error.issues[0];
  const field = issue.path.join(".") || undefined;
  return new ApiError(400, "invalid_field", issue.message, field);
}

/** A JSON body, or the API's 415 / 400; for handlers that read their own body. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON, with Content-Type: application/json.");
  }
  const text = await request.text();
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON.");
  }
}

function errorResponse(error: unknown, endpoint: ApiEndpoint) {
  if (error instanceof ApiError) return apiErrorResponse(error);
  if (error instanceof InsufficientCreditsError) return apiErrorResponse(new ApiError(402, "insufficient_credits", error.message));
  if (error instanceof Response) return error;
  logger.error({ err: error, operation: endpoint.operationId }, "API request failed");
  return apiErrorResponse(new ApiError(500, "internal_error", "Something went wrong on the server. It has been logged; try again."));
}
