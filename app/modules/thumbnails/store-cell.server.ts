// A rendered cell becomes a stored thumbnail: its JPEG, its recipe and, for
// an AI image without text, the plate it was lettered on. What the runner
// writes to the row comes back from here, so version 1 is written like every
// later version (versions.server.ts).
import crypto from "node:crypto";
import { normalizeThumbnail } from "~/modules/generations/thumbnail-image.server";
import { detectFacesOnThread } from "~/modules/rendering/analysis-on-thread.server";
import { cutoutFacePlace, HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { RenderError, type CellRequest, type PlateKind, type RenderedCell } from "~/modules/providers/provider";
import sharp from "sharp";
import { storage } from "~/modules/storage/storage.server";
import { renderRecipe, type RecipeSource } from "./render-thumbnail.server";
import { PLATE_PHOTO_NOTES, serializeRecipe, recipeForCell, type Recipe } from "~/modules/design/recipe";
import { plateKey, versionKey } from "./thumbnail-keys";

/** A face on a plate under this share of the frame's height does not read at 168x94 (the offline layouts aim at 0.3 and more). */
export const PLATE_FACE_MIN_SHARE = 0.2;

/**
 * Where the face is on a plate, and whether the thumbnail can be built on
 * it. A scene drawn without a person (PlateKind "scene") always gets the
 * creator's cut-out, on the side the scene left open. On a plate with the
 * model's person: the model was asked for the person on the layout's side;
 * if it put them on the other, the layout follows the face, so the headline
 * never lands on it. A plate with no face, a face under
 * PLATE_FACE_MIN_SHARE of the height, or a face in the middle third (where
 * the headline would have to cross it) gets the creator's own cut-out
 * instead, on the side asked for: `yourPhoto` says why.
 */
export async function plateLayout(plate: Buffer, asked: Recipe["prompt"]["layout"], kind: PlateKind = "person") {
  if (kind === "scene") return { layout: asked, face: cutoutFacePlace(asked), yourPhoto: "scene" as const };
  const [found] = await detectFacesOnThread(plate);
  const yourPhoto = !found
    ? ("no-face" as const)
    : found.box.height < HEIGHT * PLATE_FACE_MIN_SHARE
      ? ("small-face" as const)
      : Math.abs(found.box.left + found.box.width / 2 - WIDTH / 2) < WIDTH / 6
        ? ("middle-face" as const)
        : null;
  if (found && !yourPhoto) {
    const face: Box = found.box;
    const layout = face.left + face.width / 2 >= WIDTH / 2 ? "person-right" : "person-left";
    return { layout, face, yourPhoto } as const;
  }
  return { layout: asked, face: cutoutFacePlace(asked), yourPhoto };
}

/**
 * A plate with nothing on it: one flat colour, as image services send when a
 * safety filter blanks the picture (Stable Diffusion's, behind many ComfyUI
 * workflows, returns black). Lettering it would deliver a headline on a void.
 */
export async function isBlankPicture(image: Buffer) {
  const { channels } = await sharp(image).stats();
  return channels.slice(0, 3).every((channel) => channel.stdev < 4);
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
    let note: string | null = null;
    let image = rendered.image;
    if (rendered.plate) {
      const { jpeg } = await normalizeThumbnail(rendered.image);
      if (await isBlankPicture(jpeg)) throw new RenderError("The image service sent back a blank picture (often its safety filter), so this thumbnail was not made.");
      plate = plateKey(source.generationId, promptIndex, backgroundIndex, tag);
      // Stored before it is lettered: an edit later reads the plate from storage.
      written.push(plate);
      await storage.put(plate, jpeg, { contentType: "image/jpeg" });
      const planned = recipeForCell(cell, { hasMask });
      const { layout, face, yourPhoto } = await plateLayout(jpeg, planned.prompt.layout, rendered.plate);
      // The creator's photo in a scene is their cut-out whenever there is one: a framed photo reads as pasted on.
      const person = yourPhoto && hasMask ? { ...planned.person, treatment: "cutout" as const } : planned.person;
      spec = { ...planned, prompt: { ...planned.prompt, layout }, person, plate: { key: plate, face, ...(yourPhoto ? { yourPhoto } : {}) } };
      // A scene was asked for without the person: their photo in it is what they chose, nothing to tell.
      note = yourPhoto && yourPhoto !== "scene" ? PLATE_PHOTO_NOTES[yourPhoto] : null;
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
      note,
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
