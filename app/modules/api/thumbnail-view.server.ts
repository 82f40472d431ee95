// A thumbnail as the API shows it: what the editor page loads, with the
// recipe as the form's values (editableRecipe, the page's own view of it)
// and a link to its image.
import type { z } from "zod";
import { editableRecipe } from "~/modules/thumbnails/edits";
import { getThumbnailEditor } from "~/modules/thumbnails/versions.server";
import type { ThumbnailSchema } from "./endpoints/thumbnails";

export const thumbnailImagePath = (thumbnailId: string) => `/api/v1/thumbnails/${encodeURIComponent(thumbnailId)}/image`;

/** The user's finished thumbnail, or null when it is not theirs (or not finished). */
export async function thumbnailView(userId: string, thumbnailId: string): Promise<z.input<typeof ThumbnailSchema> | null> {
  const editor = await getThumbnailEditor(userId, thumbnailId);
  if (!editor) return null;
  const { spec, ...rest } = editor;
  const { edits, onPlate, onScene } = editableRecipe(spec);
  return { ...rest, editable: spec !== null, recipe: edits, onPlate, onScene, links: { image: thumbnailImagePath(editor.id) } };
}
