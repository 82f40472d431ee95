// A generation as the API answers it: the gallery's own reader (getGeneration,
// owner-scoped) with each thumbnail's headline and background in words.
import { getGeneration } from "~/modules/generations/generations.server";
import { getThumbnailLabels } from "~/modules/thumbnails/thumbnail-labels.server";
import { toGenerationResource } from "./endpoints/generations";

/** One of the user's generations as the API's Generation, or null when not theirs. */
export async function readGenerationResource(userId: string, generationId: string) {
  const [generation, labels] = await Promise.all([getGeneration(userId, generationId), getThumbnailLabels(userId, generationId)]);
  return generation ? toGenerationResource(generation, labels) : null;
}
