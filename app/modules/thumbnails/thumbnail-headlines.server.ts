// The headline each thumbnail of a batch shows now, read from its current
// recipe (so an edit's new words count), for answers that list a batch in
// words rather than pictures: the MCP server's summaries.
import { parseStoredRecipe, StoredRecipeError } from "~/modules/design/recipe";
import { prisma } from "~/utils/db.server";

/** Thumbnail id to headline, for one of the user's generations; null where there is no recipe (not drawn yet, or the model drew the text). */
export async function readThumbnailHeadlines(userId: string, generationId: string) {
  const rows = await prisma.thumbnail.findMany({ where: { generationId, generation: { userId } }, select: { id: true, spec: true } });
  return new Map(rows.map((row) => [row.id, headlineOf(row.spec)]));
}

function headlineOf(spec: string | null) {
  if (!spec) return null;
  try {
    return parseStoredRecipe(spec).prompt.words.join(" ");
  } catch (error) {
    if (error instanceof StoredRecipeError) return null;
    throw error;
  }
}
