import { ApiError, notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { exportCompareSet } from "~/modules/api/endpoints/compare-sets";
import { CompareSetNotExportableError, streamCompareSetZip } from "~/modules/compare/compare-zip.server";

export const { loader, action, endpoints } = apiRoute(
  handle(exportCompareSet, async ({ caller, params }) => {
    const zip = await streamCompareSetZip(caller.userId, params.setId).catch((error) => {
      if (error instanceof CompareSetNotExportableError) throw new ApiError(409, "conflict", error.message);
      throw error;
    });
    if (!zip) throw notFound("This Test & Compare set");
    return zip;
  }),
);
