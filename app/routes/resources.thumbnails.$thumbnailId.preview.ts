// The editor's live preview: the edits in the query string, drawn on the
// server and not saved. Local re-renders cost no credits and never call an
// image API (docs/decisions/019-thumbnail-recipes.md).
import { parseWithZod } from "@conform-to/zod";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { EditSchema } from "~/modules/thumbnails/edits";
import { EditError, previewThumbnail } from "~/modules/thumbnails/versions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const query = new URL(request.url).searchParams;
  // No fields at all: the current recipe, as it is.
  let edits = null;
  if ([...query.keys()].length > 0) {
    const submission = parseWithZod(query, { schema: EditSchema });
    if (submission.status !== "success") {
      throw new Response(Object.values(submission.error ?? {}).flat()[0] ?? "These edits cannot be drawn.", unprocessable());
    }
    edits = submission.value;
  }
  let jpeg;
  try {
    jpeg = await previewThumbnail(userId, params.thumbnailId ?? "", edits);
  } catch (error) {
    if (error instanceof EditError) throw new Response(error.message, unprocessable());
    throw error;
  }
  if (!jpeg) throw new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(jpeg), {
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(jpeg.length),
      // Every keystroke is a different picture of the same URL path; none is worth keeping.
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function unprocessable(): ResponseInit {
  return { status: 422, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } };
}
