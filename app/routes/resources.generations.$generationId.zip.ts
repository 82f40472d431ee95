import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { NothingToZipError, streamGenerationZip } from "~/modules/generations/zip.server";

// GET /resources/generations/:id/zip, or ?thumbnail=a&thumbnail=b for a selection.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const query = new URL(request.url).searchParams;
  const thumbnailIds = query.getAll("thumbnail").slice(0, 500);
  // "Download selected" with nothing ticked should not quietly send everything.
  if (query.has("selection") && thumbnailIds.length === 0) {
    throw new Response("Tick the thumbnails you want first, then download the selection.", { status: 400 });
  }
  try {
    const zip = await streamGenerationZip(request, userId, params.generationId ?? "", { thumbnailIds });
    if (!zip) throw new Response("Not found", { status: 404 });
    return zip;
  } catch (error) {
    if (error instanceof NothingToZipError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
