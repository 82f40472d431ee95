import { ApiError, notFound } from "~/modules/api/api-error";
import { apiRoute, handle, jsonAnswer } from "~/modules/api/api-handler.server";
import { regenerateGenerationEndpoint } from "~/modules/api/endpoints/generations";
import { readGenerationResource } from "~/modules/api/generation-resource.server";
import { GenerationNotFoundError, regenerateGeneration, RegenerateRefusedError } from "~/modules/generations/create-generation.server";

export const { loader, action, endpoints } = apiRoute(
  handle(regenerateGenerationEndpoint, async ({ caller, params }) => {
    let made;
    try {
      // The Idempotency-Key (applied before this runs) is what makes a retry one batch.
      made = await regenerateGeneration(caller.userId, params.generationId, null);
    } catch (error) {
      if (error instanceof GenerationNotFoundError) throw notFound("This generation");
      if (error instanceof RegenerateRefusedError) throw new ApiError(422, "unprocessable", error.message);
      throw error;
    }
    const generation = await readGenerationResource(caller.userId, made.id);
    if (!generation) throw notFound("This generation");
    return jsonAnswer(regenerateGenerationEndpoint, generation, { Location: generation.links.self });
  }),
);
