import { ApiError, notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { deleteGenerationEndpoint, getGenerationEndpoint } from "~/modules/api/endpoints/generations";
import { readGenerationResource } from "~/modules/api/generation-resource.server";
import { deleteGeneration, GenerationBusyError } from "~/modules/generations/generations.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getGenerationEndpoint, async ({ caller, params }) => {
    const generation = await readGenerationResource(caller.userId, params.generationId);
    if (!generation) throw notFound("This generation");
    return generation;
  }),
  handle(deleteGenerationEndpoint, async ({ caller, params }) => {
    try {
      if (!(await deleteGeneration(caller.userId, params.generationId))) throw notFound("This generation");
    } catch (error) {
      if (error instanceof GenerationBusyError) throw new ApiError(409, "conflict", error.message);
      throw error;
    }
    return new Response(null, { status: 204 });
  }),
);
