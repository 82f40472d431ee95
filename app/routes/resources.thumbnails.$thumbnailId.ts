import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { getThumbnailFileKey } from "~/modules/generations/generations.server";
import { imageResponse } from "~/modules/storage/image-response.server";
import { storage } from "~/modules/storage/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const key = await getThumbnailFileKey(userId, params.thumbnailId ?? "");
  const file = key ? await storage.get(key) : null;
  if (!key || !file) throw new Response("Not found", { status: 404 });
  return imageResponse(request, { key, ...file });
}
