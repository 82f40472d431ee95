import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { getThumbnail } from "~/modules/api/endpoints/thumbnails";
import { thumbnailView } from "~/modules/api/thumbnail-view.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getThumbnail, async ({ caller, params }) => {
    const thumbnail = await thumbnailView(caller.userId, params.thumbnailId);
    if (!thumbnail) throw notFound("This thumbnail");
    return thumbnail;
  }),
);
