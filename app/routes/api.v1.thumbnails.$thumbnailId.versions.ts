import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { editThumbnail } from "~/modules/api/endpoints/thumbnails";
import { editErrorToApi } from "~/modules/api/edit-error.server";
import { thumbnailView } from "~/modules/api/thumbnail-view.server";
import { saveThumbnailVersion } from "~/modules/thumbnails/versions.server";

export const { loader, action, endpoints } = apiRoute(
  handle(editThumbnail, async ({ caller, params, body }) => {
    const saved = await saveThumbnailVersion(caller.userId, params.thumbnailId, body).catch(editErrorToApi);
    const thumbnail = saved && (await thumbnailView(caller.userId, params.thumbnailId));
    if (!saved || !thumbnail) throw notFound("This thumbnail");
    return { created: saved.created, version: saved.version, thumbnail };
  }),
);
