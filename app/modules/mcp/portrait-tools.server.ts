// list_portraits: the portraits a batch can be made from (the Portraits page's list).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { listPortraits } from "~/modules/portraits/portraits.server";
import { registerTool, toolResult, type ToolContext } from "./tool.server";

export function registerPortraitTools(server: McpServer, context: ToolContext) {
  registerTool(server, context, {
    name: "list_portraits",
    title: "List portraits",
    description:
      "Lists the creator's portraits, newest first: the photos of themselves a batch of thumbnails is made from. Pass a portrait's id to generate_thumbnails.",
    scope: "read",
    readOnly: true,
    inputSchema: {},
    run: async (_input, { caller }) => {
      const portraits = await listPortraits(caller.userId);
      const data = {
        portraits: portraits.map((portrait) => ({
          id: portrait.id,
          name: portrait.name,
          width: portrait.width,
          height: portrait.height,
          createdAt: portrait.createdAt.toISOString(),
          analysis: portrait.analysis.status,
          faces: portrait.analysis.faces.length,
          // The person cut out of the photo, for the "cutout" treatment.
          cutout: portrait.analysis.cutoutVersion !== null && portrait.analysis.cutoutEnabled,
        })),
      };
      const summary =
        portraits.length === 0
          ? "No portraits yet: upload one on the Portraits page (or with the REST API) first."
          : `${portraits.length} portrait${portraits.length === 1 ? "" : "s"}.`;
      return toolResult(summary, data);
    },
  });
}
