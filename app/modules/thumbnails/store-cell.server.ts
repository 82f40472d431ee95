// A rendered cell becomes a stored thumbnail: its JPEG, its recipe and, for
// an AI image without text, the plate it was lettered on. What the runner
// writes to the row comes back from here, so version 1 is written like every
// later version (versions.server.ts).
import { normalizeThumbnail } from "~/modules/generations/thumbnail-image.server";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
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
  const [found] = await detectFaces(plate);
  if (found) {
    const face: Box = found.box;
    const layout = face.left + face.width / 2 >= WIDTH / 2 ? "person-right" : "person-left";
    return { layout, face } as const;
  }
  const height = HEIGHT * CUTOUT_FACE_SHARE;
  const face = { left: faceCentreX(asked) - height * 0.42, top: EYE_LINE - height * 0.42, width: height * 0.84, height };
  return { layout: asked, face };
}

/** Stores a rendered cell as version 1 and returns the row's fields. */
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
  let spec = rendered.spec ?? null;
  let plate: string | null = null;
  let image = rendered.image;
  if (rendered.textFree) {
    const { jpeg } = await normalizeThumbnail(rendered.image);
    plate = plateKey(source.generationId, promptIndex, backgroundIndex);
    await storage.put(plate, jpeg, { contentType: "image/jpeg" });
    const planned = recipeForCell(cell, { hasMask });
    const { layout, face } = await plateLayout(jpeg, planned.prompt.layout);
    spec = { ...planned, prompt: { ...planned.prompt, layout }, plate: { key: plate, face } };
    image = (await renderRecipe(source, spec)).jpeg;
  }
  const { jpeg, width, height } = await normalizeThumbnail(image);
  const key = versionKey(source.generationId, promptIndex, backgroundIndex, 1);
  await storage.put(key, jpeg, { contentType: "image/jpeg" });
  const specJson = spec ? serializeRecipe(spec) : null;
  return {
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
}
