// A rendered cell becomes a stored thumbnail: its JPEG, its recipe and, for
// an AI image without text, the plate it was lettered on. What the runner
// writes to the row comes back from here, so version 1 is written like every
// later version (versions.server.ts).
import crypto from "node:crypto";
import { normalizeThumbnail } from "~/modules/generations/thumbnail-image.server";
import { detectFacesOnThread } from "~/modules/rendering/analysis-on-thread.server";
import { CUTOUT_FACE_SHARE, EYE_LINE, faceCentreX, HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import type { CellRequest, RenderedCell } from "~/modules/providers/provider";
import { storage } from "~/modules/storage/storage.server";
import { renderRecipe, type RecipeSource } from "./render-thumbnail.server";
import { serializeRecipe, recipeForCell, type Recipe } from "~/modules/design/recipe";
import { plateKey, versionKey } from "./thumbnail-keys";

/**
 * Where the face is on a plate. The model was asked for the person on the
 * layout's side; if it put them on the other, the layout follows the face,
 * so the headline never lands on it. No face found: where it was asked for.
 */
export async function plateLayout(plate: Buffer, asked: Recipe["prompt"]["layout"]) {
  const [found] = await detectFacesOnThread(plate);
  if (found) {
    const face: Box = found.box;
    const layout = face.left + face.width / 2 >= WIDTH / 2 ? "person-right" : "person-left";
    return { layout, face } as const;
  }
  const height = HEIGHT * CUTOUT_FACE_SHARE;
  const face = { left: faceCentreX(asked) - height * 0.42, top: EYE_LINE - height * 0.42, width: height * 0.84, height };
  return { layout: asked, face };
}

/** Deletes files an attempt wrote; one that cannot be deleted is left to the storage sweep (nothing references it). */
export async function discardFiles(keys: string[]) {
  await Promise.all(keys.map((key) => storage.delete(key).catch(() => undefined)));
}

/**
 * Stores a rendered cell as version 1 and returns the row's fields and the
 * files written. Everything that can refuse the cell (the image, the recipe)
 * is checked before the last file is written, and a failure removes what was
 * written: a cell that fails leaves no file. The keys are this attempt's own
 * (a tag), so the caller can discard them if the row cannot be written
 * without touching another attempt's files.
 */
export async function storeRenderedCell({
  source,
  cell,
  rendered,
  hasMask,
}: {
  source: RecipeSource;
  cell: CellRequest;
  rendered: RenderedCell;
  hasMask: boolean;
}) {
  const { promptIndex, backgroundIndex } = { promptIndex: cell.prompt.index, backgroundIndex: cell.background.index };
  const tag = crypto.randomBytes(4).toString("hex");
  const written: string[] = [];
  try {
    let spec = rendered.spec ?? null;
    let plate: string | null = null;
    let image = rendered.image;
    if (rendered.textFree) {
      const { jpeg } = await normalizeThumbnail(rendered.image);
      plate = plateKey(source.generationId, promptIndex, backgroundIndex, tag);
      // Stored before it is lettered: an edit later reads the plate from storage.
      written.push(plate);
      await storage.put(plate, jpeg, { contentType: "image/jpeg" });
      const planned = recipeForCell(cell, { hasMask });
      const { layout, face } = await plateLayout(jpeg, planned.prompt.layout);
      spec = { ...planned, prompt: { ...planned.prompt, layout }, plate: { key: plate, face } };
      image = (await renderRecipe(source, spec, { plate: jpeg })).jpeg;
    }
    const specJson = spec ? serializeRecipe(spec) : null;
    const { jpeg, width, height } = await normalizeThumbnail(image);
    const key = versionKey(source.generationId, promptIndex, backgroundIndex, 1, tag);
    written.push(key);
    await storage.put(key, jpeg, { contentType: "image/jpeg" });
    const fields = {
      storagePath: key,
      width,
      height,
      byteSize: jpeg.length,
      spec: specJson,
      plateKey: plate,
      version: 1,
      checks: null,
      versions: { create: { number: 1, spec: specJson, storagePath: key, byteSize: jpeg.length } },
    };
    return { fields, files: written };
  } catch (error) {
    await discardFiles(written);
    throw error;
  }
}
