// The MCP server at /mcp (docs/decisions/195-mcp-server.md): Streamable
// HTTP, stateless. Each POST is authenticated with a personal access token
// and answered by a server made for it, whose tools act as that token's
// user, so any web instance can answer any request and nothing outlives it.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ApiError, apiErrorResponse } from "~/modules/api/api-error";
import { requireApiCaller } from "~/modules/api/api-handler.server";
import { registerCompareTools } from "./compare-tools.server";
import { registerGenerationTools } from "./generation-tools.server";
import { registerPortraitTools } from "./portrait-tools.server";
import { registerThumbnailTools } from "./thumbnail-tools.server";
import type { ToolContext } from "./tool.server";

const INSTRUCTIONS = [
  "Thumbsmith makes YouTube thumbnails from a creator's portrait and a video's keywords.",
  "Typical flow: list_portraits, then generate_thumbnails (waits for the batch), then get_thumbnail to look at the results,",
  "edit_thumbnail to change a headline or colours (free), and create_compare_set to put 2 or 3 side by side for YouTube's Test & Compare.",
].join(" ");

export function createMcpServer(context: ToolContext) {
  const server = new McpServer({ name: "thumbsmith", version: "1.0.0" }, { instructions: INSTRUCTIONS, capabilities: { tools: {} } });
  registerPortraitTools(server, context);
  registerGenerationTools(server, context);
  registerThumbnailTools(server, context);
  registerCompareTools(server, context);
  return server;
}

/**
 * Answers one HTTP request to /mcp. No token or a bad one: 401 with a
 * Bearer challenge, before anything is parsed. Only POST: a stateless server
 * has no session to stream to (GET) or end (DELETE).
 */
export async function handleMcpRequest(request: Request, { clientGone = request.signal }: { clientGone?: AbortSignal } = {}) {
  let caller;
  try {
    caller = await requireApiCaller(request);
  } catch (error) {
    if (error instanceof ApiError) return apiErrorResponse(error);
    throw error;
  }
  if (request.method !== "POST") {
    return Response.json(
      { jsonrpc: "2.0", error: { code: -32000, message: "This MCP server is stateless: send each message as a POST." }, id: null },
      { status: 405, headers: { Allow: "POST" } },
    );
  }
  const server = createMcpServer({ caller, origin: new URL(request.url).origin });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(transport);
  // A client that leaves stops the tool it was waiting on (generate_thumbnails' wait; the batch itself goes on).
  clientGone.addEventListener("abort", () => void server.close(), { once: true });
  return transport.handleRequest(request, { authInfo: { token: "", clientId: caller.tokenId, scopes: caller.scopes } });
}
