// A thumbnail's legibility checks as JSON, for the gallery card's details.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { thumbnailChecks } from "~/modules/thumbnails/versions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const checks = await thumbnailChecks(userId, params.thumbnailId ?? "");
  if (!checks) throw new Response("Not found", { status: 404 });
  // Checks follow the current version, which an edit changes.
  return json({ checks }, { headers: { "Cache-Control": "private, no-cache" } });
}
