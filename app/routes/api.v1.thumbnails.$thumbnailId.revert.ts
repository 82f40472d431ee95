import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { editErrorToApi } from "~/modules/api/edit-error.server";
import { revertThumbnail } from "~/modules/api/endpoints/thumbnails";
import { thumbnailView } from "~/modules/api/thumbnail-view.server";
import { revertThumbnail as revert } from "~/modules/thumbnails/versions.server";

export const { loader, action, endpoints } = apiRoute(
  handle(revertThumbnail, async ({ caller, params, body }) => {
    const reverted = await revert(caller.userId, params.thumbnailId, body.version ?? "previous").catch((error) => editErrorToApi(error, "version"));
    const thumbnail = reverted && (await thumbnailView(caller.userId, params.thumbnailId));
    if (!reverted || !thumbnail) throw notFound("This thumbnail");
    return thumbnail;
  }),
);
