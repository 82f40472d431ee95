// The images an image model is shown for a cell, in the order its prompt
// (scene-prompt.ts) describes them. With the model drawing the person, the
// portrait comes first and the creator's topic images after it, then the
// style reference (the thumbnail of the video the batch starts from). For a scene
// alone (Scene + your photo) the portrait is not sent at all, since a model
// shown a person tends to paint them: only the topic images go. A service
// that can only edit an image (kie.ai's models, ComfyUI's edit workflow,
// OpenAI's edits endpoint) and has no topic image to start from gets a plain
// 16:9 canvas in the cell's palette instead.
import sharp from "sharp";
import { paletteFor } from "~/modules/design/palettes";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import type { BatchInput, CellRequest } from "./provider";

export type ReferenceImage = { bytes: Buffer; type: "image/png" | "image/jpeg" | "image/webp"; name: string };

/** The format of some bytes by their signature, or null when they are no image a model takes. */
export function referenceTypeOf(bytes: Buffer): ReferenceImage["type"] | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return null;
}

const EXTENSIONS = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" } as const;

/** Stored images are normalized JPEG or PNG; anything else is sent as a PNG, which every service takes. */
async function asReference(bytes: Buffer, stem: string): Promise<ReferenceImage> {
  const known = referenceTypeOf(bytes);
  if (known) return { bytes, type: known, name: `${stem}.${EXTENSIONS[known]}` };
  return { bytes: await sharp(bytes).png().toBuffer(), type: "image/png", name: `${stem}.png` };
}

/** A 16:9 canvas in the palette's two colours: what an edit-only model paints a scene over. */
function paletteCanvas(paletteIndex: number): Promise<ReferenceImage> {
  const { a, b } = paletteFor(paletteIndex);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs><linearGradient id="g" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${b}"/><stop offset="1" stop-color="${a}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 90 })
    .toBuffer()
    .then((bytes) => ({ bytes, type: "image/jpeg" as const, name: `canvas-${paletteIndex}.jpg` }));
}

/**
 * The images for each cell of a batch, prepared once per batch (the
 * portrait, the topic images) or once per palette (a canvas). A stable `name`
 * per image lets a service that uploads images first upload each one once.
 */
export function sceneReferences(
  input: Pick<BatchInput, "modelDraws" | "portrait" | "topicImages"> & Partial<Pick<BatchInput, "styleReference">>,
  { needsImage }: { needsImage: boolean },
) {
  let shared: Promise<ReferenceImage[]> | null = null;
  const canvases = new Map<number, Promise<ReferenceImage>>();
  const sharedImages = () =>
    (shared ??= Promise.all([
      ...(input.modelDraws === "scene" ? [] : [asReference(input.portrait.bytes, "portrait")]),
      ...input.topicImages.map((topic, index) => asReference(topic.bytes, `topic-${index + 1}`)),
      // Last, as the prompt says: the style to follow, not a subject.
      ...(input.styleReference ? [asReference(input.styleReference.bytes, "style")] : []),
    ]));
  return async function referencesFor(cell: CellRequest): Promise<ReferenceImage[]> {
    const images = await sharedImages();
    if (images.length > 0 || !needsImage) return images;
    const { paletteIndex } = cell.background;
    let canvas = canvases.get(paletteIndex);
    if (!canvas) canvases.set(paletteIndex, (canvas = paletteCanvas(paletteIndex)));
    return [await canvas];
  };
}
