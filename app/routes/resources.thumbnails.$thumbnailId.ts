import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { getThumbnailFile } from "~/modules/generations/generations.server";
import { imageResponse } from "~/modules/storage/image-response.server";
import { storage } from "~/modules/storage/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const thumbnail = await getThumbnailFile(userId, params.thumbnailId ?? "");
  const file = thumbnail ? await storage.get(thumbnail.key) : null;
  if (!thumbnail || !file) throw new Response("Not found", { status: 404 });
  const response = imageResponse(request, { key: thumbnail.key, ...file });
  // ?download asks the browser to save it under a name that says what it is.
  if (new URL(request.url).searchParams.has("download")) {
    response.headers.set("Content-Disposition", `attachment; filename="${thumbnail.fileName}"`);
  }
  return response;
}
