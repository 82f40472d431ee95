// Every route of the app, read from Remix's own route manifest, called as a
// visitor and as another signed-in user with the owner's ids in its URL and
// forms: every method it answers, every intent its action takes. A route added
// to app/routes is tested here the day it lands, with no list to update.
//
// Expected: a visitor is sent to /login (or gets 401 from a resource route);
// another user gets 404 wherever the URL names the owner's records; nothing
// the owner has changes, in any table or in the data directory. The only
// exceptions are the routes below, public on purpose.
import { beforeAll, describe, expect, test, vi } from "vitest";
import { PORTRAIT_VARIANTS } from "~/modules/portraits/portraits.server";
import { createTestUser, sessionCookieFor } from "#tests/utils";
import { createOwnerWithRecords, OWNER_VIDEO_ID, type OwnerRecords } from "#tests/support/owner-records";
import { dataFiles, describeChanges, ownedRows, readCatalog, type Catalog } from "#tests/support/owned-state";
import { fillPattern, paramCombinations, readRouteManifest, type ManifestRoute } from "#tests/support/route-manifest";
import { sampleForms, type SampleForm } from "#tests/support/sample-form";
import { sampleJson } from "#tests/support/sample-json";
import { createApiToken, revokeApiToken } from "~/modules/api-tokens/api-tokens.server";
import { API_SCOPES, type ApiScope } from "~/modules/api-tokens/scopes";
import type { ApiEndpoint } from "~/modules/api/endpoint";

// Before the app reads its environment: the admin of the admin-only routes below.
const ADMIN_EMAIL = vi.hoisted(() => (process.env.ADMIN_EMAILS = "route-security-admin@example.com"));
// The YouTube routes exist only with an OAuth client set up. Google is a
// closed port on loopback: a page that asks it gets a refused connection at once.
vi.hoisted(() => {
  process.env.YOUTUBE_CLIENT_ID = "route-security.apps.googleusercontent.com";
  process.env.YOUTUBE_CLIENT_SECRET = "route-security-client-secret";
  process.env.PUBLIC_URL = "http://localhost";
  process.env.GOOGLE_API_ROOT_FOR_TESTS = "http://127.0.0.1:9";
});

// Routes that answer visitors on purpose, by route id. They are still called
// below, and must still leave the owner's rows and files alone.
const PUBLIC_ROUTES: Record<string, string> = {
  root: "the layout: reads only the signed-in user's own header data",
  "routes/_index": "the landing page",
  "routes/login": "logging in",
  "routes/signup": "signing up",
  "routes/logout": "logging out ends whichever session sent the cookie, or none",
  "routes/healthz": "the load balancer's health check",
  "routes/readyz": "the load balancer's readiness check: says whether the database and the store answer, nothing more",
  "routes/metrics": "Prometheus scrapes it with METRICS_TOKEN as its bearer token, no session; 404 when the token is unset (metrics.test.ts)",
  "routes/resources.kie.callback.$token": "kie.ai calls it: its per-task token and signature are its authentication (kie-webhook tests)",
  "routes/api.$": "the API's JSON 404 for addresses that name no operation: the same answer for everyone",
  "routes/api.v1.openapi[.]json": "the API's OpenAPI document: describes the operations, holds no one's data",
  "routes/api.docs": "the API reference page: it describes the API (the public OpenAPI document) and shows no one's data",
  "routes/api.docs.scalar[.]js": "the API reference's viewer script (Scalar's bundle from node_modules), the same for everyone",
};

// API routes (app/routes/api.*) take a bearer token and never a cookie: they
// are called below with the owner's token, another user's, none, a revoked
// one, one without the operation's scope, and the owner's cookie.
const isApiRoute = (route: ManifestRoute) => route.id.startsWith("routes/api.");
// The MCP server takes the same tokens; its tools check scopes and owners (mcp-server.test.ts).
const isMcpRoute = (route: ManifestRoute) => route.id === "routes/mcp";

// Admin-only routes (requireAdmin): an admin, not the owner, shows that the
// ids are real, and every other user gets 404, whether or not the URL names
// a record, so that the admin pages do not reveal that they exist.
const isAdminOnly = (route: ManifestRoute) => route.id === "routes/admin" || route.id.startsWith("routes/admin.");

type Owner = OwnerRecords;

// Params that name one of the owner's records: filled with the owner's ids,
// and another user must get 404 for them.
const OWNER_RECORD_PARAMS: Record<string, (owner: Owner) => string> = {
  generationId: (owner) => owner.generationId,
  portraitId: (owner) => owner.portraitId,
  thumbnailId: (owner) => owner.thumbnailId,
  // The admin pages of one account.
  userId: (owner) => owner.userId,
  // A Test & Compare set.
  setId: (owner) => owner.compareSetId,
  // A webhook endpoint and its delivery log.
  endpointId: (owner) => owner.webhookEndpointId,
  // The same endpoint, as the API names it.
  webhookId: (owner) => owner.webhookEndpointId,
};

// Form fields that name one of the owner's records but no route param: a
// Test & Compare set made of two of the owner's thumbnails.
const OWNER_FORM_FIELDS: Record<string, (owner: Owner) => string> = {
  thumbnailA: (owner) => owner.thumbnailId,
  thumbnailB: (owner) => owner.otherThumbnailId,
  // A thumbnail set on one of the owner's videos (Put the old one back).
  thumbnailSetId: (owner) => owner.thumbnailSetId,
  // The owner's video a thumbnail is set on (names no row, but the form needs a real id).
  videoId: () => OWNER_VIDEO_ID,
};

// Params that name no record: every value the app knows.
const OTHER_PARAM_VALUES: Record<string, readonly string[]> = {
  variant: PORTRAIT_VARIANTS,
  // A generation's topic image by its place.
  index: ["0"],
  // Only the public kie.ai callback has one; any value exercises it.
  token: ["not-a-callback-token"],
  // A YouTube video: the thumbnail route serves only users with a channel connected.
  videoId: ["dQw4w9WgXcQ"],
  // The rest of an address under /api/ that names no operation.
  splat: ["v1/nothing-here"],
};

// Remix hands every method but GET and HEAD to the action.
const ACTION_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

const routes = await readRouteManifest();
const routesWithHandlers = routes.filter((route) => (route.module.loader || route.module.action) && !isApiRoute(route) && !isMcpRoute(route));
const apiRoutes = routes.filter((route) => isApiRoute(route) && !(route.id in PUBLIC_ROUTES));

let owner: Owner;
let strangerId: string;
let ownerCookie: string;
let adminCookie: string;
let catalog: Catalog;

beforeAll(async () => {
  owner = await createOwnerWithRecords();
  ownerCookie = await sessionCookieFor(owner.userId);
  strangerId = (await createTestUser()).id;
  adminCookie = await sessionCookieFor((await createTestUser({ email: ADMIN_EMAIL })).id);
  catalog = await readCatalog();
  tokens = await createOwnerTokens(owner.userId);
  strangerToken = (await createApiToken(strangerId, { name: "stranger", scopes: API_SCOPES })).token;
});

let tokens: Awaited<ReturnType<typeof createOwnerTokens>>;
let strangerToken: string;

/** The owner's tokens: one with every scope, one revoked, and for each scope one with all the others. */
async function createOwnerTokens(userId: string) {
  const all = (await createApiToken(userId, { name: "owner", scopes: API_SCOPES })).token;
  const revoked = await createApiToken(userId, { name: "revoked", scopes: API_SCOPES });
  await revokeApiToken(userId, revoked.id);
  const lacking = Object.fromEntries(
    await Promise.all(
      API_SCOPES.map(async (scope) => [scope, (await createApiToken(userId, { name: `no ${scope}`, scopes: API_SCOPES.filter((each) => each !== scope) })).token] as const),
    ),
  ) as Record<ApiScope, string>;
  return { all, revoked: revoked.token, lacking };
}

type Call = { method: "GET" | (typeof ACTION_METHODS)[number]; url: string; params: Record<string, string>; form: SampleForm | null };
type Answer = { status: number; location: string | null; error?: string };

function candidates(route: ManifestRoute) {
  return (param: string): readonly string[] => {
    if (param in OWNER_RECORD_PARAMS) return [OWNER_RECORD_PARAMS[param](owner)];
    if (param in OTHER_PARAM_VALUES) return OTHER_PARAM_VALUES[param];
    throw new Error(
      `${route.file} has a :${param} param the route-security test cannot fill: add it to OWNER_RECORD_PARAMS (one of the owner's ids) or OTHER_PARAM_VALUES in app/routes/route-security.test.ts`,
    );
  };
}

/**
 * The forms an action is sent: one valid form per intent of its ActionSchema;
 * else one per value of its INTENTS, or a single one, naming the owner's records.
 */
function formsFor(route: ManifestRoute): SampleForm[] {
  const idFor = (field: string) =>
    field in OWNER_RECORD_PARAMS ? OWNER_RECORD_PARAMS[field](owner) : field in OWNER_FORM_FIELDS ? OWNER_FORM_FIELDS[field](owner) : undefined;
  if (route.module.ActionSchema) return sampleForms(route.module.ActionSchema, idFor);
  const ownerRecords = Object.fromEntries(Object.keys(OWNER_RECORD_PARAMS).map((field) => [field, idFor(field)!]));
  const intents = route.module.INTENTS ? Object.values(route.module.INTENTS) : [];
  if (intents.length === 0) return [{ intent: null, fields: ownerRecords }];
  return intents.map((intent) => ({ intent, fields: { ...ownerRecords, intent } }));
}

function callsFor(route: ManifestRoute): Call[] {
  const calls: Call[] = [];
  for (const params of paramCombinations(route.params, candidates(route))) {
    const url = fillPattern(route.pattern, params);
    if (route.module.loader) calls.push({ method: "GET", url, params, form: null });
    if (route.module.action) {
      for (const form of formsFor(route)) {
        for (const method of ACTION_METHODS) calls.push({ method, url, params, form });
      }
    }
  }
  return calls;
}

async function send(route: ManifestRoute, call: Call, cookie: string | null): Promise<Answer> {
  const headers = new Headers();
  if (cookie) headers.set("Cookie", cookie);
  let body: string | undefined;
  if (call.form) {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    // Same-origin, as the app's own forms send: this test is about who, not where from.
    headers.set("Origin", "http://localhost");
    headers.set("Sec-Fetch-Site", "same-origin");
    body = new URLSearchParams(call.form.fields).toString();
  }
  const controller = new AbortController();
  const request = new Request(`http://localhost${call.url}`, { method: call.method, headers, body, signal: controller.signal });
  const handler = call.method === "GET" ? route.module.loader! : route.module.action!;
  let response: unknown;
  try {
    response = await handler({ request, params: call.params, context: { cspNonce: "test" } });
  } catch (thrown) {
    if (!(thrown instanceof Response)) {
      return { status: 500, location: null, error: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    response = thrown;
  }
  if (!(response instanceof Response)) return { status: 200, location: null };
  // Event streams and ZIPs keep going until read: end them.
  controller.abort();
  await response.body?.cancel().catch(() => {});
  return { status: response.status, location: response.headers.get("Location") };
}

function describeCall(call: Call) {
  return `${call.method} ${call.url}${call.form?.intent ? ` intent=${call.form.intent}` : ""}`;
}

function show(answer: Answer) {
  if (answer.error) return `threw ${answer.error}`;
  return answer.location ? `${answer.status} to ${answer.location}` : `${answer.status}`;
}

const sentToLogin = (answer: Answer) =>
  answer.status === 401 || (answer.status >= 300 && answer.status < 400 && /^\/login(\?|$)/.test(answer.location ?? ""));

/** A loader that sends everyone to the same place, which names none of the owner's records, discloses nothing. */
function sameRedirectForEveryone(answers: Answer[]) {
  const [first] = answers;
  return (
    first.status >= 300 &&
    first.status < 400 &&
    answers.every((answer) => answer.status === first.status && answer.location === first.location) &&
    !Object.values(OWNER_RECORD_PARAMS).some((id) => first.location?.includes(id(owner)))
  );
}

async function ownedState(): Promise<Record<string, string[]>> {
  const files = dataFiles();
  return {
    // Using a token records when it was last used: the owner's own tokens are used below on purpose.
    ...(await ownedRows(catalog, owner.userId, { ignoreColumns: { api_tokens: ["last_used_at"] } })),
    "data files": Object.entries(files).map(([file, stat]) => `${file}: ${stat}`),
  };
}

describe("route security, from the route manifest", () => {
  test("the manifest is the app's: it has the routes this test was written against, and more are tested as they come", () => {
    const ids = routes.map((route) => route.id);
    expect(ids).toEqual(expect.arrayContaining(["root", "routes/gallery_.$generationId", "routes/resources.thumbnails.$thumbnailId"]));
    expect(ids.some((id) => id.endsWith(".test"))).toBe(false);
  });

  test("the snapshot of what the owner has sees their rows, through foreign keys, and their files", async () => {
    const state = await ownedState();
    const tablesWithRows = Object.keys(state).filter((table) => state[table].length > 0);
    // users, passwords, portraits, generations, thumbnails, credit_ledger at least.
    expect(tablesWithRows.length).toBeGreaterThanOrEqual(6);
    const text = JSON.stringify(state);
    for (const id of [owner.userId, owner.portraitId, owner.generationId, owner.thumbnailId, owner.compareSetId]) expect(text).toContain(id);
    expect(state["data files"].length).toBeGreaterThan(0);
    // Nothing of the other user's.
    expect(text).not.toContain(strangerId);
  });

  test("every public route on the allow-list exists", () => {
    const ids = new Set(routes.map((route) => route.id));
    expect(Object.keys(PUBLIC_ROUTES).filter((id) => !ids.has(id))).toEqual([]);
  });

  test("an action that dispatches on an intent exports its schema, so every intent is tried", () => {
    const unlisted = routes
      .filter((route) => route.module.action && /\bintent\b/.test(route.source) && !route.module.ActionSchema && !route.module.INTENTS)
      .map((route) => `${route.file}: export the schema the action parses as ActionSchema, or its intent values as INTENTS`);
    expect(unlisted).toEqual([]);
  });

  test.for(routesWithHandlers.map((route) => ({ id: route.id, route })))("$id", async ({ route }) => {
    const isPublic = route.id in PUBLIC_ROUTES;
    const namesOwnerRecords = route.params.some((param) => param in OWNER_RECORD_PARAMS);
    const adminOnly = isAdminOnly(route);
    const failures: string[] = [];

    for (const call of callsFor(route)) {
      const what = describeCall(call);
      // The owner's own GET proves the ids are real, so another user's 404 means something.
      const ownerAnswer = call.method === "GET" && !isPublic ? await send(route, call, adminOnly ? adminCookie : ownerCookie) : null;
      if (ownerAnswer && (ownerAnswer.error || ownerAnswer.status >= 400 || sentToLogin(ownerAnswer))) {
        failures.push(`${what} as the owner: ${show(ownerAnswer)}, expected the owner to be served`);
      }

      let before = await ownedState();
      const visitor = await send(route, call, null);
      let after = await ownedState();
      failures.push(...describeChanges(before, after, `${what} as a visitor changed the owner's`));

      before = after;
      const stranger = await send(route, call, await sessionCookieFor(strangerId));
      after = await ownedState();
      failures.push(...describeChanges(before, after, `${what} as another user changed the owner's`));

      if (visitor.error || stranger.error || visitor.status >= 500 || stranger.status >= 500) {
        failures.push(`${what}: visitor ${show(visitor)}, another user ${show(stranger)}; no route should fail with 5xx`);
        continue;
      }
      if (isPublic) continue;
      if (ownerAnswer && sameRedirectForEveryone([ownerAnswer, visitor, stranger])) continue;
      if (!sentToLogin(visitor)) {
        failures.push(`${what} as a visitor: ${show(visitor)}, expected a redirect to /login or 401`);
      }
      if ((namesOwnerRecords || adminOnly) && stranger.status !== 404) {
        failures.push(`${what} as another user: ${show(stranger)}, expected 404`);
      }
    }

    expect(failures, `${route.file} (${route.pattern})`).toEqual([]);
  });
});

// ------------------------------------------------------------------ the API

type ApiModule = { loader?: (args: never) => Promise<Response>; action?: (args: never) => Promise<Response>; endpoints?: ApiEndpoint[] };

/** Ids (and lists of ids) a JSON body names a record with: the owner's. */
function apiIdFor(field: string): string | string[] | undefined {
  if (field === "thumbnailIds") return [owner.thumbnailId, owner.otherThumbnailId];
  if (field === "portraitIds") return [owner.portraitId];
  if (field in OWNER_RECORD_PARAMS) return OWNER_RECORD_PARAMS[field](owner);
  if (field in OWNER_FORM_FIELDS) return OWNER_FORM_FIELDS[field](owner);
  return undefined;
}

/** Whether the sample body names one of the owner's records (a create from them: a batch of their portrait, a set of their thumbnails). */
function bodyNamesOwnerRecords(endpoint: ApiEndpoint) {
  if (endpoint.body?.type !== "json") return false;
  const body = JSON.stringify(sampleJson(endpoint.body.schema, apiIdFor));
  return [owner.portraitId, owner.generationId, owner.thumbnailId, owner.otherThumbnailId, owner.compareSetId].some((id) => body.includes(id));
}

async function sendApi(route: ManifestRoute, endpoint: ApiEndpoint, credentials: { token?: string; cookie?: string }): Promise<Answer> {
  const params: Record<string, string> = {};
  const url = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    params[name] = candidates(route)(name)[0];
    return encodeURIComponent(params[name]);
  });
  const headers = new Headers();
  if (credentials.token) headers.set("Authorization", `Bearer ${credentials.token}`);
  if (credentials.cookie) headers.set("Cookie", credentials.cookie);
  let body: string | undefined;
  if (endpoint.body?.type === "json") {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(sampleJson(endpoint.body.schema, apiIdFor));
  }
  const method = endpoint.method.toUpperCase();
  const controller = new AbortController();
  const request = new Request(`http://localhost${url}`, { method, headers, body, signal: controller.signal });
  const module = route.module as ApiModule;
  const handler = (method === "GET" ? module.loader : module.action) as (args: unknown) => Promise<Response>;
  try {
    const response = await handler({ request, params, context: { cspNonce: "test" } });
    controller.abort();
    await response.body?.cancel().catch(() => {});
    return { status: response.status, location: response.headers.get("Location") };
  } catch (thrown) {
    return { status: 500, location: null, error: thrown instanceof Error ? thrown.message : String(thrown) };
  }
}

describe("route security, the API", () => {
  test("every API route declares its operations (apiRoute's endpoints)", () => {
    expect(apiRoutes.filter((route) => !(route.module as ApiModule).endpoints).map((route) => route.file)).toEqual([]);
  });

  test.for(apiRoutes.map((route) => ({ id: route.id, route })))("$id", async ({ route }) => {
    const failures: string[] = [];
    for (const endpoint of (route.module as ApiModule).endpoints ?? []) {
      const what = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
      const namesOwnerRecords = /\{(\w+)\}/.test(endpoint.path) && [...endpoint.path.matchAll(/\{(\w+)\}/g)].some(([, name]) => name in OWNER_RECORD_PARAMS);
      const scope = endpoint.scope;
      if (!scope) continue;
      // The owner's own read proves the ids are real, so another user's 404 means something.
      if (endpoint.method === "get") {
        const served = await sendApi(route, endpoint, { token: tokens.all });
        if (served.error || served.status >= 400) failures.push(`${what} with the owner's token: ${show(served)}, expected the owner to be served`);
      }
      const refusals: [string, { token?: string; cookie?: string }, (answer: Answer) => boolean, string][] = [
        ["no token", {}, (answer) => answer.status === 401, "401"],
        ["the owner's cookie and no token", { cookie: ownerCookie }, (answer) => answer.status === 401, "401"],
        ["the owner's revoked token", { token: tokens.revoked }, (answer) => answer.status === 401, "401"],
        [`the owner's token without "${scope}"`, { token: tokens.lacking[scope] }, (answer) => answer.status === 403, "403"],
        [
          "another user's token",
          { token: strangerToken },
          (answer) => (namesOwnerRecords ? answer.status === 404 : bodyNamesOwnerRecords(endpoint) ? answer.status >= 400 && answer.status < 500 : true),
          namesOwnerRecords ? "404" : bodyNamesOwnerRecords(endpoint) ? "a refusal (the body names the owner's records)" : "their own answer",
        ],
      ];
      for (const [who, credentials, expected, expectation] of refusals) {
        const before = await ownedState();
        const answer = await sendApi(route, endpoint, credentials);
        const after = await ownedState();
        failures.push(...describeChanges(before, after, `${what} with ${who} changed the owner's`));
        if (answer.error || answer.status >= 500) failures.push(`${what} with ${who}: ${show(answer)}; no route should fail with 5xx`);
        else if (!expected(answer)) failures.push(`${what} with ${who}: ${show(answer)}, expected ${expectation}`);
      }
    }
    expect(failures, `${route.file}`).toEqual([]);
  });

  test("the MCP server refuses no token, a cookie and a revoked token before any tool runs", async () => {
    const route = routes.find(isMcpRoute)!;
    const initialize = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "route-security", version: "1" } },
    });
    const failures: string[] = [];
    for (const [who, credentials] of [
      ["no token", {}],
      ["the owner's cookie and no token", { Cookie: ownerCookie }],
      ["the owner's revoked token", { Authorization: `Bearer ${tokens.revoked}` }],
    ] as const) {
      const before = await ownedState();
      const request = new Request("http://localhost/mcp", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...credentials },
        body: initialize,
      });
      const response = (await route.module.action!({ request, params: {}, context: { cspNonce: "test" } })) as Response;
      await response.body?.cancel().catch(() => {});
      failures.push(...describeChanges(before, await ownedState(), `POST /mcp with ${who} changed the owner's`));
      if (response.status !== 401) failures.push(`POST /mcp with ${who}: ${response.status}, expected 401`);
    }
    expect(failures).toEqual([]);
  });
});
