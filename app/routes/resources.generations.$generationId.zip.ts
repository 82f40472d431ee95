import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { NothingToZipError, streamGenerationZip } from "~/modules/generations/zip.server";

// GET /resources/generations/:id/zip, or ?thumbnail=a&thumbnail=b for a selection.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const thumbnailIds = new URL(request.url).searchParams.getAll("thumbnail").slice(0, 500);
  try {
    const zip = await streamGenerationZip(request, userId, params.generationId ?? "", { thumbnailIds });
    if (!zip) throw new Response("Not found", { status: 404 });
    return zip;
  } catch (error) {
    if (error instanceof NothingToZipError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
