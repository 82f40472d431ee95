// The person layer: a sticker cut-out scaled from the detected face, or, with
// no mask, a photo framed tightly around the face. Both come out as one raw
// RGBA layer placed in frame coordinates, shadow included, so the final
// composite needs no encode or decode between layers.
import sharp from "sharp";
import { recentCache } from "~/utils/recent-cache";
import type { PromptVariant } from "~/modules/design/plan";
import type { DetectedFace } from "~/modules/portraits/analysis/types";
import type { BatchPortrait } from "../provider";
import { CUTOUT_FACE_SHARE, EYE_LINE, faceCentreX, FRAMED_FACE_SHARE, HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { hexToRgb } from "./colour";
import { resizePlane } from "~/modules/portraits/analysis/person-mask";
import { applyTable, levelsTable, measureLevels, type PersonLook } from "./person-look.server";

import { PERSON_OFFSET_X, type PersonTreatment } from "~/modules/design/recipe";

export type { PersonTreatment };

/** The editor's nudges: a scale factor on the planned size, and a shift in frame pixels. */
export type PersonPlacement = { scale: number; offsetX: number; offsetY: number };
export const PLANNED_PLACEMENT: PersonPlacement = { scale: 1, offsetX: 0, offsetY: 0 };

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
  /** A band just inside the person's edge, where a rim light falls (0..255). */
  rim: Buffer;
  face: Box;
  treatment: PersonTreatment;
};

/** The rim light's strength where its band is full. */
const RIM_STRENGTH = 0.75;
/** Differences under this between the person and its blur are rounding, not its edge. */
const RIM_FLOOR = 6;

const OUTLINE = 13;
const SHADOW_OFFSET = { x: 10, y: 12 };
const SHADOW_OPACITY = 0.55;
const MAX_OUTWARD_SHIFT = 150;
/** Room kept above the head, in frame pixels, when the whole head is in the photo: its sticker edge stays in too. */
const HEAD_ROOM = OUTLINE + 8;
/** The eyes go no lower than this to make room above the head or below the chest. */
const LOWEST_EYES = HEIGHT * 0.46;

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

/**
 * The box cut to the clip, on whole pixels: both are rounded outward first,
 * so a fractional clip (a reach computed from frame shares) never gives a
 * fractional width, which sharp refuses as raw input.
 */
function clipBox(box: Box, clip: Box): Box {
  const left = Math.max(Math.floor(clip.left), Math.floor(box.left));
  const top = Math.max(Math.floor(clip.top), Math.floor(box.top));
  const right = Math.min(Math.ceil(clip.left + clip.width), Math.ceil(box.left + box.width));
  const bottom = Math.min(Math.ceil(clip.top + clip.height), Math.ceil(box.top + box.height));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/** A one-channel mask grown by about `by` pixels, at half size (the edge it makes is smooth anyway, and it costs a quarter). */
async function grownAtHalf(mask: Buffer, width: number, height: number, by: number) {
  const half = { width: Math.ceil(width / 2), height: Math.ceil(height / 2), channels: 1 as const };
  const spread = await sharp(mask, { raw: { width, height, channels: 1 } })
    .resize(half.width, half.height, { kernel: "linear" })
    .blur(by / 4)
    .extractChannel(0)
    .raw()
    .toBuffer();
  // sharp's threshold, in place: one comparison per pixel needs no pipeline of
  // its own (and within one pipeline sharp would threshold before it blurs).
  for (let i = 0; i < spread.length; i++) spread[i] = spread[i] >= 12 ? 255 : 0;
  return { data: spread, size: half };
}

/**
 * A smaller mask at full size, anti-aliased by a bilinear upscale. Done here,
 * not in sharp: a one-channel upscale is a few multiplications a pixel, and a
 * pipeline for it cost several times as much.
 */
function fullSize({ data, size }: { data: Buffer; size: { width: number; height: number } }, width: number, height: number) {
  const out = Buffer.allocUnsafe(width * height);
  resizePlane({ data, ...size }, width, height, new Uint8ClampedArray(out.buffer, out.byteOffset, out.length));
  return out;
}

/** A soft shadow of the mask: blurred at quarter size, where a wide blur is cheap. */
async function softened(mask: Buffer, from: { width: number; height: number }, width: number, height: number, sigma: number) {
  const quarter = { width: Math.ceil(width / 4), height: Math.ceil(height / 4), channels: 1 as const };
  const small = await sharp(mask, { raw: { ...from, channels: 1 } })
    .resize(quarter.width, quarter.height, { kernel: "linear" })
    .blur(sigma / 4)
    .extractChannel(0)
    .raw()
    .toBuffer();
  return fullSize({ data: small, size: quarter }, width, height);
}

/** What the cut-out needs to know about the mask, read once per portrait. */
type MaskFacts = {
  /** The highest row of the person above the face (hair, a hat), in photo pixels. */
  headTop: number;
  /** Which of the photo's borders the person runs into: the straight cuts a camera made. */
  touches: { top: boolean; bottom: boolean; left: boolean; right: boolean };
};

/** Read at a small size: a border the person runs along, and the top of the head, need no more. */
const FACTS_SIZE = 256;

async function maskFacts(mask: Buffer, meta: { width: number; height: number }, face: DetectedFace): Promise<MaskFacts> {
  const { data, info } = await sharp(mask)
    .resize(FACTS_SIZE, FACTS_SIZE, { fit: "inside", kernel: "linear" })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const on = (x: number, y: number) => data[y * width + x] > 128;
  // A border counts when a real stretch of the person meets it, not a stray pixel.
  const along = (count: number, length: number) => count > Math.max(2, length * 0.04);
  let top = 0;
  let bottom = 0;
  for (let x = 0; x < width; x++) (top += +on(x, 0)), (bottom += +on(x, height - 1));
  let left = 0;
  let right = 0;
  for (let y = 0; y < height; y++) (left += +on(0, y)), (right += +on(width - 1, y));
  // The head's top: the highest person row over the face's columns (widened a little for hair).
  const sx = width / meta.width;
  const sy = height / meta.height;
  const x0 = Math.max(0, Math.floor((face.box.left - face.box.width * 0.15) * sx));
  const x1 = Math.min(width, Math.ceil((face.box.left + face.box.width * 1.15) * sx));
  const faceTop = Math.min(height, Math.ceil(face.box.top * sy));
  let headTop = faceTop;
  for (let y = 0; y < faceTop && headTop === faceTop; y++) {
    for (let x = x0; x < x1; x++) {
      if (on(x, y)) {
        headTop = y;
        break;
      }
    }
  }
  return {
    headTop: headTop / sy,
    touches: { top: along(top, width), bottom: along(bottom, width), left: along(left, height), right: along(right, height) },
  };
}

/** Over this many frame pixels a cut-out fades out before a straight photo border that would show inside the frame. */
const FADE = 90;

/**
 * Fades the shape out toward a straight photo border at `at` (frame pixels,
 * on `axis`), the person lying on the side `inward` points to. The sticker
 * edge and shadow fade with it, so no outline runs along the cut.
 */
function fadeToward(shape: Pick<PersonShape, "box" | "alpha" | "outline" | "shadow" | "rim">, axis: "x" | "y", at: number, inward: 1 | -1) {
  const { box, alpha, outline, shadow, rim } = shape;
  const origin = axis === "x" ? box.left : box.top;
  const span = axis === "x" ? box.width : box.height;
  const across = axis === "x" ? box.height : box.width;
  for (let k = 0; k < span; k++) {
    const d = (origin + k - at) * inward;
    if (d >= FADE) continue;
    const t = Math.max(0, d / FADE);
    const r = t * t * (3 - 2 * t);
    for (let j = 0; j < across; j++) {
      const i = axis === "x" ? j * box.width + k : k * box.width + j;
      const a = alpha[i] * r;
      alpha[i] = a;
      // Inside the person the edge never shows past its faded pixels; around them it fades faster.
      outline[i] = Math.max(a, outline[i] * r * r);
      shadow[i] = shadow[i] * r;
      // No rim light along a cut: the light falls on the person's own edge only.
      rim[i] = rim[i] * r * r;
    }
  }
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
  alphaSource: "mask" | "none",
  clip: Box = { left: 0, top: 0, width: WIDTH, height: HEIGHT },
  levels: Promise<Uint8Array | null> | Uint8Array | null = null,
) {
  const margin = OUTLINE * 2 + Math.max(SHADOW_OFFSET.x, SHADOW_OFFSET.y) + 8;
  const clipTo = (b: Box) => clipBox(b, clip);
  const placed = {
    left: target.x - anchor.x * scale,
    top: target.y - anchor.y * scale,
    width: meta.width * scale,
    height: meta.height * scale,
  };
  const box = clipTo({ left: placed.left - margin, top: placed.top - margin, width: placed.width + margin * 2, height: placed.height + margin * 2 });
  // The part of the source that is visible, in source pixels.
  const visible = clipTo(placed);
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
  const size = { width: dest.width, height: dest.height, fit: "fill" as const };
  const [rgbPart, alphaPart] = await Promise.all([
    // A transparent background (a PNG cut-out shown framed) becomes white, never black.
    sharp(portrait.bytes).extract(region).resize({ ...size, kernel: "lanczos3" }).flatten({ background: "#ffffff" }).raw().toBuffer(),
    // A mask is smooth: a cheaper kernel loses nothing.
    alphaSource === "mask" && portrait.mask
      ? sharp(portrait.mask).extract(region).resize({ ...size, kernel: "linear" }).extractChannel(0).raw().toBuffer()
      : Promise.resolve(Buffer.alloc(dest.width * dest.height, 255)),
  ]);
  // Measured while the photo was being resampled: only applying it waits for it.
  const table = await levels;
  if (table) applyTable(rgbPart, table);
  // Paste into the layer box, row by row, cropping what falls outside it.
  const rgb = Buffer.alloc(box.width * box.height * 3);
  const alpha = Buffer.alloc(box.width * box.height);
  const x0 = Math.max(0, -dest.left);
  const x1 = Math.min(dest.width, box.width - dest.left);
  for (let y = 0; y < dest.height && x1 > x0; y++) {
    const ty = dest.top + y;
    if (ty < 0 || ty >= box.height) continue;
    const s = y * dest.width;
    const t = ty * box.width + dest.left;
    alphaPart.copy(alpha, t + x0, s + x0, s + x1);
    rgbPart.copy(rgb, (t + x0) * 3, (s + x0) * 3, (s + x1) * 3);
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
  // The sticker edge and its shadow both start from the grown mask at half
  // size: the shadow's blur starts in sharp, and the edge is upscaled here meanwhile.
  const edgeAndShadow = async () => {
    const half = await grownAtHalf(placed.alpha, box.width, box.height, OUTLINE);
    const shadow = softened(half.data, half.size, box.width, box.height, 9);
    return [fullSize(half, box.width, box.height), await shadow] as const;
  };
  const [outline, blurred] = outlineAlpha ? [outlineAlpha, await softened(outlineAlpha, box, box.width, box.height, 9)] : await edgeAndShadow();
  // The shadow falls down and away from the light.
  const shadow = Buffer.alloc(blurred.length);
  for (let y = SHADOW_OFFSET.y; y < box.height; y++) {
    blurred.copy(shadow, y * box.width + SHADOW_OFFSET.x, (y - SHADOW_OFFSET.y) * box.width, (y - SHADOW_OFFSET.y + 1) * box.width - SHADOW_OFFSET.x);
  }
  // The rim: where the person is solid but the blurred sticker edge already
  // falls off, a thin band just inside its edge (the blur is made for the
  // shadow anyway). Only a cut-out is lit from behind; a framed photo's edge is the frame's.
  const rim = Buffer.alloc(placed.alpha.length);
  if (treatment === "cutout") {
    // Below the floor it is rounding in the blur, not the edge: the inside stays on the fast copy path.
    for (let i = 0; i < rim.length; i++) rim[i] = Math.min(255, Math.max(0, placed.alpha[i] - blurred[i] - RIM_FLOOR) * 8);
  }
  return { ...placed, outline, shadow, rim, face, treatment };
}

/**
 * The sticker cut-out, built once per batch with the face's centre at x = 0:
 * the face at CUTOUT_FACE_SHARE of the frame height, eyes near the upper
 * third, the body off the bottom edge. Each side then only moves and crops it.
 */
async function cutoutBase(
  portrait: BatchPortrait,
  meta: { width: number; height: number },
  placement: PersonPlacement,
  facts: MaskFacts | null,
  levels: Promise<Uint8Array | null>,
) {
  const face = portrait.face ?? assumedFace(meta.width, meta.height);
  const eyeAt = eyeY(face);
  let scale = (HEIGHT * CUTOUT_FACE_SHARE) / face.box.height;
  let eyes = EYE_LINE;
  if (facts && !facts.touches.top) {
    // The whole head is in the photo: keep its top (hair, a hat, a tilted
    // crown) inside the frame. Lower the eyes first, then shrink the person.
    const above = Math.max(1, eyeAt - facts.headTop);
    if (eyes - above * scale < HEAD_ROOM) eyes = Math.min(LOWEST_EYES, HEAD_ROOM + above * scale);
    if (eyes - above * scale < HEAD_ROOM) scale = (eyes - HEAD_ROOM) / above;
  }
  scale *= placement.scale;
  // A photo cropped at the chest would end above the frame's bottom edge:
  // lower the person until it runs off the bottom, a little at most.
  const bottom = eyes + (meta.height - eyeAt) * scale;
  if (bottom < HEIGHT) eyes = Math.max(eyes, Math.min(LOWEST_EYES, eyes + (HEIGHT - bottom)));
  // A head cut by the photo's top edge: that edge goes to (or past) the frame's top.
  if (facts?.touches.top) eyes = Math.min(eyes, eyeAt * scale);
  eyes += placement.offsetY;
  // Wide enough for the face's centre anywhere it may stand in the frame.
  const reach = WIDTH - WIDTH * 0.28 + MAX_OUTWARD_SHIFT + PERSON_OFFSET_X;
  const clip = { left: -reach, top: 0, width: reach * 2, height: HEIGHT };
  const centreX = face.box.left + face.box.width / 2;
  const placed = await placeSource(portrait, meta, scale, { x: centreX, y: eyeAt }, { x: 0, y: eyes }, "mask", clip, levels);
  const faceBox = {
    left: -(face.box.width * scale) / 2,
    top: eyes - (eyeAt - face.box.top) * scale,
    width: face.box.width * scale,
    height: face.box.height * scale,
  };
  // Where the photo's own edges fall: sideways relative to the face's centre, up and down in the frame.
  const photo = { left: -centreX * scale, right: (meta.width - centreX) * scale, top: eyes - eyeAt * scale, bottom: eyes + (meta.height - eyeAt) * scale };
  const shape = await finishShape(placed, faceBox, "cutout");
  // A border the person runs into, landing inside the frame, is faded out before.
  if (facts?.touches.bottom && photo.bottom < HEIGHT - 1) fadeToward(shape, "y", photo.bottom, -1);
  if (facts?.touches.top && photo.top > 1) fadeToward(shape, "y", photo.top, 1);
  return { shape, photo, touches: facts?.touches ?? { top: false, bottom: false, left: false, right: false } };
}

/**
 * The cut-out on one side: a photo narrower than the frame slides outward so
 * its far edge is the frame's, not a straight cut inside the picture. A side
 * the person runs into that still lands inside the frame fades out before it.
 */
function placeCutout(base: Awaited<ReturnType<typeof cutoutBase>>, layout: PromptVariant["layout"], offsetX: number): PersonShape {
  let x = faceCentreX(layout) + offsetX;
  if (layout === "person-right") x += Math.max(0, Math.min(MAX_OUTWARD_SHIFT, WIDTH - (x + base.photo.right)));
  else x -= Math.max(0, Math.min(MAX_OUTWARD_SHIFT, x + base.photo.left));
  const dx = Math.round(x);
  const shape = cropShape(base.shape, dx);
  const left = dx + base.photo.left;
  const right = dx + base.photo.right;
  if (base.touches.left && left > 1) fadeToward(shape, "x", left, 1);
  if (base.touches.right && right < WIDTH - 1) fadeToward(shape, "x", right, -1);
  return shape;
}

/** A shape moved right by dx and cropped to the frame. */
function cropShape(shape: PersonShape, dx: number): PersonShape {
  const from = shape.box;
  const box = clipBox({ ...from, left: from.left + dx }, { left: 0, top: 0, width: WIDTH, height: HEIGHT });
  const offset = box.left - (from.left + dx);
  const copy = (src: Buffer, channels: number) => {
    const out = Buffer.alloc(box.width * box.height * channels);
    for (let y = 0; y < box.height; y++) {
      const start = ((box.top - from.top + y) * from.width + offset) * channels;
      src.copy(out, y * box.width * channels, start, start + box.width * channels);
    }
    return out;
  };
  return {
    box,
    rgb: copy(shape.rgb, 3),
    alpha: copy(shape.alpha, 1),
    outline: copy(shape.outline, 1),
    shadow: copy(shape.shadow, 1),
    rim: copy(shape.rim, 1),
    face: { ...shape.face, left: shape.face.left + dx },
    treatment: shape.treatment,
  };
}

/** A photo framed in a circle or rounded square, cropped to the face so that it is never small. */
async function framedShape(
  portrait: BatchPortrait,
  meta: { width: number; height: number },
  layout: PromptVariant["layout"],
  treatment: "circle" | "rounded",
  placement: PersonPlacement,
  levels: Uint8Array | null,
) {
  const face = portrait.face ?? assumedFace(meta.width, meta.height);
  const size = Math.round(HEIGHT * 0.8 * placement.scale);
  const scale = ((HEIGHT * FRAMED_FACE_SHARE) / face.box.height) * placement.scale;
  // The crop centre sits a little below the face's centre: chin and shoulders, not sky.
  let cropSide = size / scale;
  const fit = Math.min(meta.width, meta.height);
  const effectiveScale = cropSide > fit ? size / fit : scale;
  cropSide = size / effectiveScale;
  const cx = Math.min(Math.max(face.box.left + face.box.width / 2, cropSide / 2), meta.width - cropSide / 2);
  const cy = Math.min(Math.max(face.box.top + face.box.height * 0.62, cropSide / 2), meta.height - cropSide / 2);
  const centre = { x: faceCentreX(layout) + placement.offsetX, y: HEIGHT * 0.5 + placement.offsetY };
  const photo = await placeSource(portrait, meta, effectiveScale, { x: cx, y: cy }, centre, "none", undefined, levels);
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

/**
 * Shapes cached per portrait (the compositor keeps one of these for each of
 * the last few portraits, for every batch and editor session drawn from it):
 * the expensive resize and mask work happens once per side, treatment and
 * placement.
 */
export function createPeople(portrait: BatchPortrait) {
  const meta = sharp(portrait.bytes)
    .metadata()
    .then((m) => ({ width: m.width ?? 0, height: m.height ?? 0 }));
  // Bounded: a batch uses a handful, an editing session's nudges make many.
  const shapes = recentCache<Promise<PersonShape>>(8);
  const layers = recentCache<Promise<PersonLayer>>(12);
  const cutouts = recentCache<ReturnType<typeof cutoutBase>>(3);
  let facts: Promise<MaskFacts | null> | undefined;
  // The person's exposure, levelled once per portrait (see person-look.server).
  const levels = measureLevels(portrait.bytes, portrait.mask, portrait.face?.box ?? null).then((l) => (l ? levelsTable(l) : null));
  const factsFor = (m: { width: number; height: number }) =>
    (facts ??= portrait.mask ? maskFacts(portrait.mask, m, portrait.face ?? assumedFace(m.width, m.height)) : Promise.resolve(null));

  const shapeFor = (layout: PromptVariant["layout"], treatment: PersonTreatment, placement: PersonPlacement) =>
    shapes.get(`${layout}:${treatment}:${placement.scale}:${placement.offsetX}:${placement.offsetY}`, () => {
      if (treatment !== "cutout") return Promise.all([meta, levels]).then(([m, l]) => framedShape(portrait, m, layout, treatment, placement, l));
      // Only the horizontal shift is per side: scale and height share one base.
      const base = cutouts.get(`${placement.scale}:${placement.offsetY}`, () =>
        meta.then(async (m) => cutoutBase(portrait, m, placement, await factsFor(m), levels)),
      );
      return base.then((b) => placeCutout(b, layout, placement.offsetX));
    });

  // The first colouring of a shape lists its edge (and rim) pixels; other outline colours and rim lights repaint only those.
  const firsts = recentCache<Promise<ReturnType<typeof colourShape>>>(8);
  return (
    layout: PromptVariant["layout"],
    treatment: PersonTreatment,
    outlineColour: string,
    placement: PersonPlacement = PLANNED_PLACEMENT,
    look: PersonLook | null = null,
  ): Promise<PersonLayer> => {
    const shapeKey = `${layout}:${treatment}:${placement.scale}:${placement.offsetX}:${placement.offsetY}`;
    return layers.get(`${shapeKey}:${outlineColour}:${look?.key ?? "plain"}`, () => {
      let made: Promise<ReturnType<typeof colourShape>> | undefined;
      const first = firsts.get(shapeKey, () => (made = shapeFor(layout, treatment, placement).then((shape) => colourShape(shape, outlineColour, look))));
      return made ?? Promise.all([shapeFor(layout, treatment, placement), first]).then(([shape, base]) => colourShape(shape, outlineColour, look, base));
    });
  };
}

/**
 * Person over its sticker edge over its shadow, flattened into one RGBA
 * layer, rim-lit by the look. Only the pixels of the sticker edge and the rim
 * band depend on the outline colour and the rim light: they are listed the
 * first time, and another colour rewrites just those.
 */
function colourShape(shape: PersonShape, outlineColour: string, look: PersonLook | null, base?: PersonLayer & { edge: Int32Array }) {
  const { r, g, b } = hexToRgb(outlineColour);
  const { alpha, outline, shadow, rgb, rim } = shape;
  const rgba = base ? Buffer.from(base.rgba) : Buffer.alloc(shape.box.width * shape.box.height * 4);
  const shadowScale = SHADOW_OPACITY / 255;
  const edgePixels: number[] = [];
  const light = look?.rim ?? null;
  const rimScale = RIM_STRENGTH / 255 / 255;
  const paint = (i: number) => {
    const a = alpha[i];
    const o = i * 4;
    const c = i * 3;
    const edge = Math.max(outline[i], a) / 255;
    const dark = shadow[i] * shadowScale * (1 - edge);
    const total = edge + dark;
    if (total <= 0) return;
    // The person, with the rim light screened over it where its band is.
    let pr = rgb[c];
    let pg = rgb[c + 1];
    let pb = rgb[c + 2];
    if (light && rim[i] > 0) {
      const k = rim[i] * rimScale;
      pr += (255 - pr) * light.r * k;
      pg += (255 - pg) * light.g * k;
      pb += (255 - pb) * light.b * k;
    }
    // The sticker (person over outline colour), over the black shadow.
    const m = edge / total / 255;
    const inv = 255 - a;
    rgba[o] = (pr * a + r * inv) * m;
    rgba[o + 1] = (pg * a + g * inv) * m;
    rgba[o + 2] = (pb * a + b * inv) * m;
    rgba[o + 3] = total * 255 + 0.5;
  };
  if (base) {
    for (const i of base.edge) paint(i);
    return { rgba, box: shape.box, face: shape.face, treatment: shape.treatment, edge: base.edge };
  }
  const pixels = shape.box.width * shape.box.height;
  for (let i = 0; i < pixels; i++) {
    const a = alpha[i];
    if (a === 255 && rim[i] === 0) {
      rgba[i * 4] = rgb[i * 3];
      rgba[i * 4 + 1] = rgb[i * 3 + 1];
      rgba[i * 4 + 2] = rgb[i * 3 + 2];
      rgba[i * 4 + 3] = 255;
      continue;
    }
    if (outline[i] > 0 || a > 0) edgePixels.push(i);
    paint(i);
  }
  return { rgba, box: shape.box, face: shape.face, treatment: shape.treatment, edge: Int32Array.from(edgePixels) };
}
