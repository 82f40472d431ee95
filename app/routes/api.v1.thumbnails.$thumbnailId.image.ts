import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { downloadThumbnail } from "~/modules/api/endpoints/thumbnails";
import { getThumbnailFile } from "~/modules/generations/generations.server";
import { imageResponse } from "~/modules/storage/image-response.server";
import { storage } from "~/modules/storage/storage.server";

export const { loader, action, endpoints } = apiRoute(
  handle(downloadThumbnail, async ({ caller, params, request }) => {
    const thumbnail = await getThumbnailFile(caller.userId, params.thumbnailId);
    const file = thumbnail ? await storage.get(thumbnail.key) : null;
    if (!thumbnail || !file) throw notFound("This thumbnail");
    const response = imageResponse(request, { key: thumbnail.key, ...file });
    // Unlike the pages' image URLs (which carry ?v=version), this address
    // stays the same across edits: a cache must ask again every time, and the
    // ETag (the version's storage key) makes that a 304 until it changes.
    response.headers.set("Cache-Control", "private, no-cache");
    response.headers.set("Content-Disposition", `attachment; filename="${thumbnail.fileName}"`);
    return response;
  }),
);
