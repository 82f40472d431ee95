// The thumbnail's geometry: where YouTube draws over it, where the person
// stands, and where the headline may go. Pure numbers, shared by the layers
// and by the tests that measure the rendered pixels against them.
import type { PromptVariant } from "./plan";

export const WIDTH = 1280;
export const HEIGHT = 720;
export const MARGIN = 48;

export type Box = { left: number; top: number; width: number; height: number };

/** Where YouTube draws the duration: nothing important goes here. */
export const DURATION_ZONE: Box = { left: WIDTH * 0.75, top: HEIGHT * 0.8, width: WIDTH * 0.25, height: HEIGHT * 0.2 };

/** Legible at 168x94: capital letters at least 10% of the frame height. */
export const MIN_CAP_HEIGHT = Math.ceil(HEIGHT * 0.1);
export const MAX_CAP_HEIGHT = 150;
export const MIN_CONTRAST = 4.5;

/**
 * The face's share of the frame height in a cut-out (the detector's box,
 * brow to chin, which is a little shorter than hairline to chin). Creators'
 * thumbnails sit at 30-50%; the middle of that reads from across a room.
 */
export const CUTOUT_FACE_SHARE = 0.37;
/** Framed photos are cropped to the face so that it is never small. */
export const FRAMED_FACE_SHARE = 0.3;
/** Eyes near the upper third. */
export const EYE_LINE = HEIGHT * 0.36;

/** The x of the face's centre: on the left or right third, leaning toward the middle. */
export function faceCentreX(layout: PromptVariant["layout"]) {
  return layout === "person-right" ? WIDTH * 0.72 : WIDTH * 0.28;
}

/** Where the creator's face goes when Thumbsmith puts their cut-out on a picture: the layout's side, the cut-out's share, on the eye line. */
export function cutoutFacePlace(layout: PromptVariant["layout"]): Box {
  const height = HEIGHT * CUTOUT_FACE_SHARE;
  return { left: faceCentreX(layout) - height * 0.42, top: EYE_LINE - height * 0.42, width: height * 0.84, height };
}

export function intersects(a: Box, b: Box) {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

export function union(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.left));
  const top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.left + b.width));
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  return { left, top, width: right - left, height: bottom - top };
}

/** A box grown by `by` on every side and clipped to the frame. */
export function grow(box: Box, by: number): Box {
  const left = Math.max(0, Math.floor(box.left - by));
  const top = Math.max(0, Math.floor(box.top - by));
  const right = Math.min(WIDTH, Math.ceil(box.left + box.width + by));
  const bottom = Math.min(HEIGHT, Math.ceil(box.top + box.height + by));
  return { left, top, width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
}

/**
 * The column the headline (and a prop) may use: the side away from the
 * person, stopping short of the face, and above the duration corner when
 * it runs along the right edge.
 */
export function textColumn(layout: PromptVariant["layout"], face: Box) {
  const gap = 28;
  if (layout === "person-right") {
    const right = Math.min(WIDTH * 0.62, face.left - gap);
    return { left: MARGIN, top: MARGIN, width: right - MARGIN, height: HEIGHT - MARGIN * 2 };
  }
  const left = Math.max(WIDTH * 0.38, face.left + face.width + gap);
  const bottom = DURATION_ZONE.top - 16;
  return { left, top: MARGIN, width: WIDTH - MARGIN - left, height: bottom - MARGIN };
}
