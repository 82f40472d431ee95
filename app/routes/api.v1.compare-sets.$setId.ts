import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { compareSetView } from "~/modules/api/compare-set-view.server";
import { getCompareSet } from "~/modules/api/endpoints/compare-sets";
import { getCompareSet as findCompareSet } from "~/modules/compare/compare-sets.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getCompareSet, async ({ caller, params }) => {
    const set = await findCompareSet(caller.userId, params.setId);
    if (!set) throw notFound("This Test & Compare set");
    return compareSetView(set);
  }),
);
