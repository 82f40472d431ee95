import { ApiError, notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { downloadGenerationZipEndpoint } from "~/modules/api/endpoints/generations";
import { NothingToZipError, streamGenerationZip } from "~/modules/generations/zip.server";

export const { loader, action, endpoints } = apiRoute(
  handle(downloadGenerationZipEndpoint, async ({ caller, params, query, request }) => {
    try {
      const zip = await streamGenerationZip(request, caller.userId, params.generationId, { thumbnailIds: query.thumbnailIds });
      if (!zip) throw notFound("This generation");
      return zip;
    } catch (error) {
      if (error instanceof NothingToZipError) throw new ApiError(409, "conflict", error.message);
      throw error;
    }
  }),
);
