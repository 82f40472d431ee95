// A batch's thumbnails in words, for readers that list them without opening
// each one (the API's generation): the headline each draws and the
// background it sits on, read from its current recipe, so an edited headline
// is the one named. A thumbnail whose text the model drew (or one stored
// before recipes) has no recipe: its words are pixels, and both are null.
import { paletteFor } from "~/modules/design/palettes";
import { parseStoredRecipe, type Recipe } from "~/modules/design/recipe";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

export type ThumbnailLabels = { headline: string | null; background: string | null };

const NO_LABELS: ThumbnailLabels = { headline: null, background: null };

export function labelsOfRecipe(recipe: Recipe): ThumbnailLabels {
  const { kind, paletteIndex } = recipe.background;
  return {
    headline: recipe.prompt.words.join(" "),
    background: recipe.plate ? "a scene drawn by the image model" : `${kind} in ${paletteFor(paletteIndex).name}`,
  };
}

function labelsOfStored(thumbnailId: string, spec: string | null): ThumbnailLabels {
  if (!spec) return NO_LABELS;
  try {
    return labelsOfRecipe(parseStoredRecipe(spec));
  } catch (error) {
    // One unreadable recipe must not hide the rest of the batch.
    logger.warn({ thumbnailId, err: (error as Error).message }, "thumbnail labels: stored recipe unreadable");
    return NO_LABELS;
  }
}

/** The labels of each thumbnail of one of the user's generations, by thumbnail id (empty when not theirs). */
export async function getThumbnailLabels(userId: string, generationId: string) {
  const rows = await prisma.thumbnail.findMany({
    where: { generationId, generation: { userId } },
    select: { id: true, spec: true },
  });
  return new Map(rows.map((row) => [row.id, labelsOfStored(row.id, row.spec)]));
}
