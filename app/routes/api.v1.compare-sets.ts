import { ApiError } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { compareSetView } from "~/modules/api/compare-set-view.server";
import { createCompareSet } from "~/modules/api/endpoints/compare-sets";
import { CompareSetInputError, createCompareSet as create, getCompareSet } from "~/modules/compare/compare-sets.server";
import { variantsOfJson } from "~/modules/compare/validation";

export const { loader, action, endpoints } = apiRoute(
  handle(createCompareSet, async ({ caller, body }) => {
    // The Idempotency-Key does what the picker's submission key does for a double submit.
    const created = await create({ userId: caller.userId, name: body.name || null, variants: variantsOfJson(body), submissionKey: null }).catch((error) => {
      if (error instanceof CompareSetInputError) throw new ApiError(400, "invalid_field", error.message, "thumbnailIds");
      throw error;
    });
    const set = await getCompareSet(caller.userId, created.id);
    if (!set) throw new Error(`compare set ${created.id} vanished after it was made`);
    return compareSetView(set);
  }),
);
