// The person layer: a sticker cut-out scaled from the detected face, or, with
// no mask, a photo framed tightly around the face. Both come out as one raw
// RGBA layer placed in frame coordinates, shadow included, so the final
// composite needs no encode or decode between layers.
import sharp from "sharp";
import type { PromptVariant } from "~/modules/generations/plan";
import type { DetectedFace } from "~/modules/portraits/analysis/types";
import type { BatchPortrait } from "../provider";
import { CUTOUT_FACE_SHARE, EYE_LINE, faceCentreX, FRAMED_FACE_SHARE, HEIGHT, WIDTH, type Box } from "./frame";
import { hexToRgb } from "./palettes";

export type PersonTreatment = "cutout" | "circle" | "rounded";

export type PersonLayer = {
  /** Premultiplied-free RGBA, `box.width` x `box.height`, placed at `box`. */
  rgba: Buffer;
  box: Box;
  /** Where the face lands in the frame. */
  face: Box;
  treatment: PersonTreatment;
};

/** The shape of the person, before it is coloured (outline colour varies per background). */
type PersonShape = {
  box: Box;
  rgb: Buffer;
  /** The person (or framed photo) itself. */
  alpha: Buffer;
  /** The person grown by the outline width: the sticker edge. */
  outline: Buffer;
  shadow: Buffer;
  face: Box;
  treatment: PersonTreatment;
};

const OUTLINE = 13;
const SHADOW_OFFSET = { x: 10, y: 12 };
const SHADOW_OPACITY = 0.55;
const MAX_OUTWARD_SHIFT = 150;

/** Without analysis, assume a centred head-and-shoulders photo. */
function assumedFace(width: number, height: number): DetectedFace {
  const size = Math.min(width, height) * 0.34;
  const box = { left: (width - size) / 2, top: height * 0.16, width: size, height: size };
  return {
    box,
    keypoints: [
      { x: box.left + size * 0.33, y: box.top + size * 0.4 },
      { x: box.left + size * 0.67, y: box.top + size * 0.4 },
    ],
    score: 0,
  };
}

function eyeY(face: DetectedFace) {
  const [right, left] = face.keypoints;
  return right && left ? (right.y + left.y) / 2 : face.box.top + face.box.height * 0.4;
}

function clipToFrame(box: Box): Box {
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const right = Math.min(WIDTH, Math.ceil(box.left + box.width));
  const bottom = Math.min(HEIGHT, Math.ceil(box.top + box.height));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** A one-channel mask grown by about `by` pixels, anti-aliased. */
async function grown(mask: Buffer, width: number, height: number, by: number) {
  const raw = { width, height, channels: 1 as const };
  // Separate pipelines: within one, sharp thresholds before it blurs.
  const blurred = await sharp(mask, { raw }).blur(by / 2).extractChannel(0).raw().toBuffer();
  const spread = await sharp(blurred, { raw }).threshold(12).extractChannel(0).raw().toBuffer();
  return sharp(spread, { raw }).blur(1).extractChannel(0).raw().toBuffer();
}

/**
 * Maps the source image into the frame with scale `scale` and the source
 * point `anchor` landing on `target`, and returns the visible part (with room
 * for the outline and shadow) as raw RGB plus its alpha.
 */
async function placeSource(
  portrait: BatchPortrait,
  meta: { width: number; height: number },
  scale: number,
  anchor: { x: number; y: number },
  target: { x: number; y: number },
  alphaSource: "mask" | "image" | "none",
) {
  const margin = OUTLINE * 2 + Math.max(SHADOW_OFFSET.x, SHADOW_OFFSET.y) + 8;
  const placed = {
    left: target.x - anchor.x * scale,
    top: target.y - anchor.y * scale,
    width: meta.width * scale,
    height: meta.height * scale,
  };
  const box = clipToFrame({ left: placed.left - margin, top: placed.top - margin, width: placed.width + margin * 2, height: placed.height + margin * 2 });
  // The part of the source that is visible, in source pixels.
  const visible = clipToFrame(placed);
  const src = {
    left: Math.max(0, Math.floor((visible.left - placed.left) / scale)),
    top: Math.max(0, Math.floor((visible.top - placed.top) / scale)),
    right: Math.min(meta.width, Math.ceil((visible.left + visible.width - placed.left) / scale)),
    bottom: Math.min(meta.height, Math.ceil((visible.top + visible.height - placed.top) / scale)),
  };
  const region = { left: src.left, top: src.top, width: src.right - src.left, height: src.bottom - src.top };
  const dest = {
    left: Math.round(placed.left + src.left * scale) - box.left,
    top: Math.round(placed.top + src.top * scale) - box.top,
    width: Math.max(1, Math.round(region.width * scale)),
    height: Math.max(1, Math.round(region.height * scale)),
  };
  const resize = { width: dest.width, height: dest.height, fit: "fill" as const, kernel: "lanczos3" as const };
  const [rgbPart, alphaPart] = await Promise.all([
    sharp(portrait.bytes).extract(region).resize(resize).removeAlpha().raw().toBuffer(),
    alphaSource === "mask" && portrait.mask
      ? sharp(portrait.mask).extract(region).resize(resize).extractChannel(0).raw().toBuffer()
      : alphaSource === "image"
        ? sharp(portrait.bytes).extract(region).resize(resize).ensureAlpha().extractChannel(3).raw().toBuffer()
        : Promise.resolve(Buffer.alloc(dest.width * dest.height, 255)),
  ]);
  // Paste into the layer box (cropping what falls outside it).
  const rgb = Buffer.alloc(box.width * box.height * 3);
  const alpha = Buffer.alloc(box.width * box.height);
  for (let y = 0; y < dest.height; y++) {
    const ty = dest.top + y;
    if (ty < 0 || ty >= box.height) continue;
    for (let x = 0; x < dest.width; x++) {
      const tx = dest.left + x;
      if (tx < 0 || tx >= box.width) continue;
      const s = y * dest.width + x;
      const t = ty * box.width + tx;
      alpha[t] = alphaPart[s];
      rgb[t * 3] = rgbPart[s * 3];
      rgb[t * 3 + 1] = rgbPart[s * 3 + 1];
      rgb[t * 3 + 2] = rgbPart[s * 3 + 2];
    }
  }
  return { box, rgb, alpha };
}

async function finishShape(
  placed: { box: Box; rgb: Buffer; alpha: Buffer },
  face: Box,
  treatment: PersonTreatment,
  outlineAlpha?: Buffer,
): Promise<PersonShape> {
  const { box } = placed;
  const outline = outlineAlpha ?? (await grown(placed.alpha, box.width, box.height, OUTLINE));
  const blurred = await sharp(outline, { raw: { width: box.width, height: box.height, channels: 1 } })
    .blur(9)
    .extractChannel(0)
    .raw()
    .toBuffer();
  // The shadow falls down and away from the light.
  const shadow = Buffer.alloc(blurred.length);
  for (let y = SHADOW_OFFSET.y; y < box.height; y++) {
    blurred.copy(shadow, y * box.width + SHADOW_OFFSET.x, (y - SHADOW_OFFSET.y) * box.width, (y - SHADOW_OFFSET.y + 1) * box.width - SHADOW_OFFSET.x);
  }
  return { ...placed, outline, shadow, face, treatment };
}

/** The sticker cut-out: the face at CUTOUT_FACE_SHARE of the frame height, eyes near the upper third, the body off the bottom edge. */
async function cutoutShape(portrait: BatchPortrait, meta: { width: number; height: number }, layout: PromptVariant["layout"]) {
  const face = portrait.face ?? assumedFace(meta.width, meta.height);
  const scale = (HEIGHT * CUTOUT_FACE_SHARE) / face.box.height;
  const centreX = face.box.left + face.box.width / 2;
  let eyes = EYE_LINE;
  // A photo cropped at the chest would end above the frame's bottom edge:
  // lower the person until it runs off the bottom, a little at most.
  const bottom = eyes + (meta.height - eyeY(face)) * scale;
  if (bottom < HEIGHT) eyes = Math.min(HEIGHT * 0.46, eyes + (HEIGHT - bottom));
  // A photo narrower than the frame would cut the far shoulder with a straight
  // edge inside the picture: slide the person outward until that edge is the frame's.
  let x = faceCentreX(layout);
  if (layout === "person-right") x += Math.max(0, Math.min(MAX_OUTWARD_SHIFT, WIDTH - (x + (meta.width - centreX) * scale)));
  else x -= Math.max(0, Math.min(MAX_OUTWARD_SHIFT, x - centreX * scale));
  const placed = await placeSource(portrait, meta, scale, { x: centreX, y: eyeY(face) }, { x, y: eyes }, portrait.mask ? "mask" : "image");
  const faceBox = {
    left: x - (face.box.width * scale) / 2,
    top: eyes - (eyeY(face) - face.box.top) * scale,
    width: face.box.width * scale,
    height: face.box.height * scale,
  };
  return finishShape(placed, faceBox, "cutout");
}

/** A photo framed in a circle or rounded square, cropped to the face so that it is never small. */
async function framedShape(portrait: BatchPortrait, meta: { width: number; height: number }, layout: PromptVariant["layout"], treatment: "circle" | "rounded") {
  const face = portrait.face ?? assumedFace(meta.width, meta.height);
  const size = Math.round(HEIGHT * 0.8);
  const scale = (HEIGHT * FRAMED_FACE_SHARE) / face.box.height;
  // The crop centre sits a little below the face's centre: chin and shoulders, not sky.
  let cropSide = size / scale;
  const fit = Math.min(meta.width, meta.height);
  const effectiveScale = cropSide > fit ? size / fit : scale;
  cropSide = size / effectiveScale;
  const cx = Math.min(Math.max(face.box.left + face.box.width / 2, cropSide / 2), meta.width - cropSide / 2);
  const cy = Math.min(Math.max(face.box.top + face.box.height * 0.62, cropSide / 2), meta.height - cropSide / 2);
  const centre = { x: faceCentreX(layout), y: HEIGHT * 0.5 };
  const photo = await placeSource(portrait, meta, effectiveScale, { x: cx, y: cy }, centre, "none");
  // Clip the photo to the frame shape, drawn once as a one-channel mask.
  const { box } = photo;
  const local = { x: centre.x - box.left, y: centre.y - box.top };
  const shapeSvg = (inset: number) =>
    treatment === "circle"
      ? `<circle cx="${local.x}" cy="${local.y}" r="${size / 2 - inset}" fill="#fff"/>`
      : `<rect x="${local.x - size / 2 + inset}" y="${local.y - size / 2 + inset}" width="${size - inset * 2}" height="${size - inset * 2}" rx="56" fill="#fff" transform="rotate(${layout === "person-right" ? -4 : 4} ${local.x} ${local.y})"/>`;
  const render = (inset: number) =>
    sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}">${shapeSvg(inset)}</svg>`))
      .extractChannel(3)
      .raw()
      .toBuffer();
  const [inner, ring] = await Promise.all([render(0), render(-OUTLINE)]);
  for (let i = 0; i < photo.alpha.length; i++) photo.alpha[i] = Math.min(photo.alpha[i], inner[i]);
  const faceBox = {
    left: centre.x + (face.box.left - cx) * effectiveScale,
    top: centre.y + (face.box.top - cy) * effectiveScale,
    width: face.box.width * effectiveScale,
    height: face.box.height * effectiveScale,
  };
  return finishShape(photo, faceBox, treatment, ring);
}

export function chooseTreatment(portrait: BatchPortrait, prompt: PromptVariant): PersonTreatment {
  const hasCutout = Boolean(portrait.mask) || portrait.hasAlpha;
  // Framed photos stay for variety (one variant in four) and as the fallback.
  if (hasCutout && prompt.index % 4 !== 3) return "cutout";
  return prompt.personFrame;
}

/** Shapes cached per batch: the expensive resize and mask work happens once per side and treatment. */
export function createPeople(portrait: BatchPortrait) {
  const meta = sharp(portrait.bytes)
    .metadata()
    .then((m) => ({ width: m.width ?? 0, height: m.height ?? 0 }));
  const shapes = new Map<string, Promise<PersonShape>>();
  const layers = new Map<string, Promise<PersonLayer>>();

  const shapeFor = (layout: PromptVariant["layout"], treatment: PersonTreatment) => {
    const key = `${layout}:${treatment}`;
    if (!shapes.has(key)) {
      shapes.set(
        key,
        meta.then((m) => (treatment === "cutout" ? cutoutShape(portrait, m, layout) : framedShape(portrait, m, layout, treatment))),
      );
    }
    return shapes.get(key)!;
  };

  return (layout: PromptVariant["layout"], treatment: PersonTreatment, outlineColour: string) => {
    const key = `${layout}:${treatment}:${outlineColour}`;
    if (!layers.has(key)) layers.set(key, shapeFor(layout, treatment).then((shape) => colourShape(shape, outlineColour)));
    return layers.get(key)!;
  };
}

/** Person over its sticker edge over its shadow, flattened into one RGBA layer. */
function colourShape(shape: PersonShape, outlineColour: string): PersonLayer {
  const { r, g, b } = hexToRgb(outlineColour);
  const pixels = shape.box.width * shape.box.height;
  const rgba = Buffer.alloc(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const a = shape.alpha[i] / 255;
    const edge = Math.max(shape.outline[i] / 255, a);
    // The sticker: person over outline colour.
    const sr = shape.rgb[i * 3] * a + r * (1 - a);
    const sg = shape.rgb[i * 3 + 1] * a + g * (1 - a);
    const sb = shape.rgb[i * 3 + 2] * a + b * (1 - a);
    // Over the shadow (black), which shows where the sticker does not.
    const shadow = (shape.shadow[i] / 255) * SHADOW_OPACITY * (1 - edge);
    const alpha = edge + shadow;
    const o = i * 4;
    if (alpha <= 0) continue;
    rgba[o] = Math.round((sr * edge) / alpha);
    rgba[o + 1] = Math.round((sg * edge) / alpha);
    rgba[o + 2] = Math.round((sb * edge) / alpha);
    rgba[o + 3] = Math.round(alpha * 255);
  }
  return { rgba, box: shape.box, face: shape.face, treatment: shape.treatment };
}
