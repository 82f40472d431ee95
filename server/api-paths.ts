// The addresses scripts and assistants call with a bearer token: the REST
// API and the MCP server. They never read a cookie, so a page of another
// site cannot ride a visitor's session there (no Origin check), and they
// answer in JSON rather than the pages' plain text.
export const API_PREFIX = "/api/";
export const MCP_PATH = "/mcp";

export function isApiPath(path: string) {
  return path.startsWith(API_PREFIX) || path === MCP_PATH || path.startsWith(`${MCP_PATH}/`);
}

/** The one error shape (app/modules/api/api-error.ts), for answers given before a route runs. */
export function apiErrorJson(code: string, message: string) {
  return JSON.stringify({ error: { code, message } });
}
