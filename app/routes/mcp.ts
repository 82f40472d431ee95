// The MCP server for AI assistants (app/modules/mcp), answered inside the
// Remix build so its tools share the routes' modules: one Prisma client, the
// event bus the runner publishes on, the render threads.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { handleMcpRequest } from "~/modules/mcp/mcp-server.server";

const answer = ({ request, context }: LoaderFunctionArgs) => handleMcpRequest(request, { clientGone: context.clientGone });

export { answer as loader, answer as action };
