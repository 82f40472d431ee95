// Calls the API as a script would: real HTTP to the app on loopback, a
// bearer token made the way the Account page makes one.
import { createApiToken } from "~/modules/api-tokens/api-tokens.server";
import { API_SCOPES, type ApiScope } from "~/modules/api-tokens/scopes";
import { startAppServer } from "./app-server";

export async function createTestToken(userId: string, scopes: readonly ApiScope[] = API_SCOPES) {
  return (await createApiToken(userId, { name: "test script", scopes })).token;
}

export type ApiClient = Awaited<ReturnType<typeof startApiClient>>;

/** The app on a loopback port and a fetch that adds the token (and JSON) for you. */
export async function startApiClient(options: Parameters<typeof startAppServer>[0] = {}) {
  const server = await startAppServer(options);
  const call = (token: string | null, path: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set("Authorization", `Bearer ${token}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(init.json);
    }
    return fetch(`${server.origin}${path}`, { ...init, headers, body });
  };
  return { ...server, call };
}

/** The error an answer carries, for asserting its shape in one line. */
export async function apiErrorOf(response: Response) {
  expectJson(response);
  const body = (await response.json()) as { error: { code: string; message: string; field?: string } };
  return { status: response.status, ...body.error };
}

function expectJson(response: Response) {
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/json")) throw new Error(`expected a JSON answer, got ${type || "no type"} (HTTP ${response.status})`);
}
