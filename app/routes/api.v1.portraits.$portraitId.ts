import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { deletePortraitEndpoint, getPortraitEndpoint, toPortraitResource } from "~/modules/api/endpoints/portraits";
import { deletePortrait, getPortrait } from "~/modules/portraits/portraits.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getPortraitEndpoint, async ({ caller, params }) => {
    const portrait = await getPortrait(caller.userId, params.portraitId);
    if (!portrait) throw notFound("This portrait");
    return toPortraitResource(portrait);
  }),
  handle(deletePortraitEndpoint, async ({ caller, params }) => {
    if (!(await deletePortrait(caller.userId, params.portraitId))) throw notFound("This portrait");
    return new Response(null, { status: 204 });
  }),
);
