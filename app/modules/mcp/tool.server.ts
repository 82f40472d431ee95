// One way to declare an MCP tool: its scope, its input schema (the app's own
// field schemas), and a handler that calls one domain function. A token
// without the scope gets a tool error that names it; an answer the assistant
// can act on (not found, no credits, a bad field) is a tool error in the
// app's words; anything else is logged and told in one general sentence,
// never with a stack or a database message.
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { z, ZodRawShape, ZodTypeAny } from "zod";
import type { ApiCaller } from "~/modules/api-tokens/api-tokens.server";
import type { ApiScope } from "~/modules/api-tokens/scopes";
import { InsufficientCreditsError } from "~/modules/credits/balance.server";
import { logger } from "~/utils/logger.server";

/** What every tool of one request knows: who is calling, and the address the app answers on (for links). */
export type ToolContext = { caller: ApiCaller; origin: string };

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** A refusal the assistant can act on, said as the pages would say it. */
export class ToolRefusal extends Error {}

export type ToolDefinition<Shape extends ZodRawShape> = {
  name: string;
  title: string;
  description: string;
  scope: ApiScope;
  inputSchema: Shape;
  /** True for tools that change nothing (list, get): clients may call them without asking. */
  readOnly?: boolean;
  run: (input: z.objectOutputType<Shape, ZodTypeAny>, context: ToolContext, extra: ToolExtra) => Promise<CallToolResult>;
};

export const SCOPE_NOTE: Record<ApiScope, string> = {
  read: "Needs a token with the read scope.",
  generate: "Needs a token with the generate scope; spends credits.",
  edit: "Needs a token with the edit scope.",
};

export function registerTool<Shape extends ZodRawShape>(server: McpServer, context: ToolContext, tool: ToolDefinition<Shape>) {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: `${tool.description} ${SCOPE_NOTE[tool.scope]}`,
      inputSchema: tool.inputSchema,
      annotations: { readOnlyHint: tool.readOnly ?? false, openWorldHint: false },
    },
    // The SDK's own types for a raw shape's arguments are looser than zod's; the input was parsed with this shape.
    (async (input: z.objectOutputType<Shape, ZodTypeAny>, extra: ToolExtra) => {
      if (!context.caller.scopes.includes(tool.scope)) {
        return toolError(`This token does not have the "${tool.scope}" scope, which ${tool.name} needs. Create a token with it on the Account page.`);
      }
      try {
        return await tool.run(input, context, extra);
      } catch (error) {
        if (error instanceof ToolRefusal || error instanceof InsufficientCreditsError) return toolError(error.message);
        logger.error({ err: error, tool: tool.name, tokenId: context.caller.tokenId }, "MCP tool failed");
        return toolError("Something went wrong on the server. It has been logged; try again.");
      }
    }) as never,
  );
}

/** A tool's answer: one line for people, then the data as JSON (also as structured content for programs). */
export function toolResult(summary: string, data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text: `${summary}\n\n${JSON.stringify(data, null, 2)}` }], structuredContent: data };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: "text", text: message }], isError: true };
}
