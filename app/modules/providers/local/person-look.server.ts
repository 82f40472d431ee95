// The person's exposure, matched to the bold backgrounds: a photo taken in a
// dark room (or against a window) is levelled so that the face reads like a
// well-lit one. Measured once per portrait on the person's own pixels (the
// mask), applied as a 256-entry curve while the photo is resampled, so it
// costs nothing per cell.
import sharp from "sharp";
import { hexToRgb } from "./colour";

/** Measured at this size: a histogram needs no more. */
const SAMPLE = 160;
/** Where a well-exposed face's mean luminance sits, 0..1 of the stretched range. */
const TARGET_MEAN = 0.55;
/** Inside this band of means, a photo is left at its own exposure (only stretched). */
const FINE = { low: 0.38, high: 0.68 };

export type Levels = { lo: number; hi: number; gamma: number };

const luma = (r: number, g: number, b: number) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

/**
 * Black point, white point and gamma for the person in `photo`: the person's
 * darkest and brightest percent become (near) black and white, and a mean
 * far from a normal exposure is pulled toward it. Null when nothing needs
 * changing.
 */
export async function measureLevels(
  photo: Buffer,
  mask: Buffer | null,
  face: { left: number; top: number; width: number; height: number } | null,
): Promise<Levels | null> {
  const { data, info } = await sharp(photo)
    .resize(SAMPLE, SAMPLE, { fit: "inside" })
    .flatten({ background: "#808080" })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const weights = mask
    ? await sharp(mask).resize(info.width, info.height, { fit: "fill" }).extractChannel(0).raw().toBuffer()
    : Buffer.alloc(info.width * info.height, 255);
  const histogram = new Float64Array(256);
  let total = 0;
  for (let p = 0; p < weights.length; p++) {
    if (weights[p] < 128) continue;
    histogram[Math.round(luma(data[p * 3], data[p * 3 + 1], data[p * 3 + 2]))] += 1;
    total += 1;
  }
  if (total < 50) return null;
  const percentile = (q: number) => {
    let seen = 0;
    for (let v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen >= total * q) return v;
    }
    return 255;
  };
  // Never stretch a narrow range into harsh contrast: the points move only so far.
  const lo = Math.min(percentile(0.01), 100);
  const hi = Math.max(percentile(0.99), 170);
  // The exposure that matters is the face's (a dark suit or a white shirt must not set it): its middle, skin and features.
  const meta = await sharp(photo).metadata();
  const k = info.width / (meta.width ?? info.width);
  const region = face
    ? { x0: (face.left + face.width * 0.3) * k, x1: (face.left + face.width * 0.7) * k, y0: (face.top + face.height * 0.3) * k, y1: (face.top + face.height * 0.8) * k }
    : { x0: 0, x1: info.width, y0: 0, y1: info.height };
  let sum = 0;
  let count = 0;
  for (let y = Math.max(0, Math.floor(region.y0)); y < Math.min(info.height, region.y1); y++) {
    for (let x = Math.max(0, Math.floor(region.x0)); x < Math.min(info.width, region.x1); x++) {
      const p = y * info.width + x;
      if (weights[p] < 128) continue;
      sum += Math.min(1, Math.max(0, (luma(data[p * 3], data[p * 3 + 1], data[p * 3 + 2]) - lo) / (hi - lo)));
      count += 1;
    }
  }
  const mean = count > 0 ? sum / count : 0.5;
  const gamma = mean < FINE.low || mean > FINE.high ? Math.min(3, Math.max(0.45, Math.log(TARGET_MEAN) / Math.log(Math.max(0.02, mean)))) : 1;
  // A photo already spanning nearly the whole range is left as it is: a pass over its pixels would change little.
  if (lo <= 12 && hi >= 240 && gamma === 1) return null;
  return { lo, hi, gamma };
}

/** The curve as a lookup table, one entry per 8-bit value (the same for R, G and B, so hues hold). */
export function levelsTable({ lo, hi, gamma }: Levels) {
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) table[v] = Math.round(255 * Math.min(1, Math.max(0, (v - lo) / (hi - lo))) ** gamma);
  return table;
}

/**
 * Applies the curve to raw RGB pixels in place, through their luminance: each
 * pixel is scaled by the curve's gain at its luminance, so a lifted dark photo
 * keeps its colour instead of turning grey (a per-channel curve flattens the
 * channels toward each other).
 */
export function applyTable(pixels: Buffer, table: Uint8Array) {
  const gain = new Float32Array(256);
  for (let v = 0; v < 256; v++) gain[v] = table[v] / Math.max(1, v);
  for (let i = 0; i < pixels.length; i += 3) {
    const r = pixels[i];
    const g = pixels[i + 1];
    const b = pixels[i + 2];
    const l = (r * 54 + g * 183 + b * 19) >> 8;
    if (l === 0) {
      pixels[i] = pixels[i + 1] = pixels[i + 2] = table[0];
      continue;
    }
    const k = gain[l];
    pixels[i] = Math.min(255, r * k);
    pixels[i + 1] = Math.min(255, g * k);
    pixels[i + 2] = Math.min(255, b * k);
  }
}

/** How far the person's darkest tones move toward the scene's colour: light, so that skin stays skin. */
const GRADE_STRENGTH = 0.14;

/**
 * The person's colour graded toward the scene's: one 256-entry curve per
 * channel (red, then green, then blue), pulling shadows toward `tint` and
 * leaving highlights nearly alone, the way a colourist sits a face in a
 * coloured set. Curves, so grading a pixel is three lookups.
 */
export function gradeTables(tint: string) {
  const { r, g, b } = hexToRgb(tint);
  const tables = new Uint8Array(768);
  [r, g, b].forEach((target, channel) => {
    for (let v = 0; v < 256; v++) {
      const weight = GRADE_STRENGTH * (1 - v / 255) ** 2;
      tables[channel * 256 + v] = Math.round(v + weight * (target - v));
    }
  });
  return tables;
}

/**
 * How the person is lit in one thumbnail: a rim light in the palette's glow
 * colour (it goes with the glow outline, the same colour, so it adds no layer
 * variant: the edge pixels repainted for that outline colour carry it), and a
 * colour grade toward the palette. The grade is applied as the layer is
 * drawn, to its opaque pixels, so one person layer serves every palette: `key`
 * names what the layer's own pixels depend on, the rim.
 */
export type PersonLook = {
  key: string;
  rim: { r: number; g: number; b: number } | null;
  grade: Uint8Array | null;
};

export function personLook({ glow, tint }: { glow: string; tint: string | null }, rim: boolean): PersonLook {
  const n = Number.parseInt(glow.slice(1), 16);
  return {
    key: rim ? `rim:${glow}` : "plain",
    rim: rim ? { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 } : null,
    grade: tint ? gradeTables(tint) : null,
  };
}
