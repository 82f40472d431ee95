// Layers as raw pixels, blended into the frame in JavaScript. sharp's
// composite costs about 30 ms per input on a 1280x720 frame here, several
// times what blending the few hundred thousand pixels a layer covers costs.
import sharp from "sharp";
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { hexToRgb, type Rgb } from "./colour";

/** Straight (not premultiplied) RGBA, `box.width` x `box.height`, placed at `box`. */
export type RasterLayer = { rgba: Buffer; box: Box };

/** Rasterises SVG markup drawn in frame coordinates, over `box` only. */
export async function rasterizeSvg(markup: string, box: Box): Promise<RasterLayer | null> {
  if (box.width < 1 || box.height < 1) return null;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="${box.left} ${box.top} ${box.width} ${box.height}">${markup}</svg>`;
  const rgba = await sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
  return { rgba, box };
}

/**
 * Toned art is drawn in pure red where the fill goes, pure green where the
 * accent goes, pure blue where a third colour goes (a gradient's far end, an
 * extrusion's side), and black for strokes and shadows. librsvg mixes colours
 * linearly in 8-bit sRGB, so a pixel's red, green and blue are the fill's,
 * the accent's and the third colour's shares, the rest black: the same
 * raster serves every choice of colours.
 */
export const TONES = { fill: "#ff0000", accent: "#00ff00", third: "#0000ff" } as const;
/** Art that uses two of the tones. */
export const TWO_TONE = { fill: TONES.fill, accent: TONES.accent } as const;

// A toned layer's pixels are mostly transparent or one of few opaque mixes
// (pure fill, accent or stroke; a gradient's rows; an extrusion's shades).
// It is scanned once into runs of equal opaque pixels, each mix a code, so
// that drawing it on a background is one colour per code and a native fill
// per run, with arithmetic left for the anti-aliased (translucent) pixels.
const MIXED = 0;
/** Codes beyond this many opaque mixes are drawn as mixed pixels (a photo would need them). */
const MAX_CODES = 2048;
type TonedScan = { rows: Int32Array[]; mixes: number[] };
const tonedScans = new WeakMap<Buffer, TonedScan | "once">();

/**
 * A layer's scan from its second draw on, null on its first: scanning costs
 * about what drawing does, and most layers are drawn once (each composition
 * letters its own), while the person is drawn on every background.
 */
function scanOnRepeat<T>(seen: WeakMap<Buffer, T | "once">, layer: RasterLayer, scanLayer: (layer: RasterLayer) => T): T | null {
  const found = seen.get(layer.rgba);
  if (found === undefined) {
    seen.set(layer.rgba, "once");
    return null;
  }
  if (found !== "once") return found;
  const scanned = scanLayer(layer);
  seen.set(layer.rgba, scanned);
  return scanned;
}

/** Runs of equal codes per row ([start, end, code] triples); code -1 (transparent) is left out. */
function runsOf(layer: RasterLayer, codeAt: (rgba: Buffer, i: number) => number) {
  const { rgba, box } = layer;
  const rows: Int32Array[] = [];
  const runs = new Int32Array(box.width * 3 + 3);
  for (let y = 0; y < box.height; y++) {
    let count = 0;
    let start = 0;
    let code = -1;
    for (let x = 0; x <= box.width; x++) {
      const next = x < box.width ? codeAt(rgba, (y * box.width + x) * 4) : -1;
      if (next === code) continue;
      if (code >= 0) {
        runs[count++] = start;
        runs[count++] = x;
        runs[count++] = code;
      }
      start = x;
      code = next;
    }
    rows.push(runs.slice(0, count));
  }
  return rows;
}

function scanToned(layer: RasterLayer): TonedScan {
  // Code k >= 1 is the opaque mix mixes[k - 1] (0xRRGGBB).
  const mixes: number[] = [];
  const codes = new Map<number, number>();
  // Neighbours are mostly the same mix: remember the last one.
  let lastMix = -1;
  let lastCode = MIXED;
  const rows = runsOf(layer, (rgba, i) => {
    const alpha = rgba[i + 3];
    if (alpha === 0) return -1;
    if (alpha < 255) return MIXED;
    const mix = (rgba[i] << 16) | (rgba[i + 1] << 8) | rgba[i + 2];
    if (mix === lastMix) return lastCode;
    let code = codes.get(mix);
    if (code === undefined) {
      if (mixes.length >= MAX_CODES) return MIXED;
      mixes.push(mix);
      code = mixes.length;
      codes.set(mix, code);
    }
    lastMix = mix;
    lastCode = code;
    return code;
  });
  return { rows, mixes };
}

function insideFrame(box: Box) {
  if (box.left < 0 || box.top < 0 || box.left + box.width > WIDTH || box.top + box.height > HEIGHT) {
    throw new Error(`A layer at ${JSON.stringify(box)} reaches outside the frame`);
  }
}

const OPAQUE = 1;

// A plain layer drawn more than once (the person, on every background) is
// scanned into runs of opaque pixels, copied natively from an RGB copy.
const opaqueScans = new WeakMap<Buffer, { rows: Int32Array[]; rgb: Buffer } | "once">();

function scanOpaque(layer: RasterLayer) {
  const { rgba, box } = layer;
  const rgb = Buffer.allocUnsafe(box.width * box.height * 3);
  for (let p = 0; p < box.width * box.height; p++) {
    rgb[p * 3] = rgba[p * 4];
    rgb[p * 3 + 1] = rgba[p * 4 + 1];
    rgb[p * 3 + 2] = rgba[p * 4 + 2];
  }
  const rows = runsOf(layer, (pixels, i) => (pixels[i + 3] === 0 ? -1 : pixels[i + 3] === 255 ? OPAQUE : MIXED));
  return { rows, rgb };
}

/** A colour grade: one 256-entry curve per channel (red, green, blue), applied to a layer's opaque pixels as it is drawn. */
export type Grade = Uint8Array;

function blendPixels(frame: Buffer, layer: RasterLayer, y: number, x0: number, x1: number, grade: Grade | null) {
  const { rgba, box } = layer;
  let s = (y * box.width + x0) * 4;
  let t = ((box.top + y) * WIDTH + box.left + x0) * 3;
  for (let x = x0; x < x1; x++, s += 4, t += 3) {
    const alpha = rgba[s + 3];
    if (alpha === 0) continue;
    if (alpha === 255) {
      frame[t] = grade ? grade[rgba[s]] : rgba[s];
      frame[t + 1] = grade ? grade[256 + rgba[s + 1]] : rgba[s + 1];
      frame[t + 2] = grade ? grade[512 + rgba[s + 2]] : rgba[s + 2];
      continue;
    }
    const keep = 255 - alpha;
    frame[t] = (rgba[s] * alpha + frame[t] * keep + 127) / 255;
    frame[t + 1] = (rgba[s + 1] * alpha + frame[t + 1] * keep + 127) / 255;
    frame[t + 2] = (rgba[s + 2] * alpha + frame[t + 2] * keep + 127) / 255;
  }
}

/**
 * Draws a layer over a raw RGB frame, in place. A grade recolours the
 * layer's opaque pixels (a cut-out's inside; its translucent rim is the
 * sticker edge and its shadow, which keep their colours).
 */
export function drawLayer(frame: Buffer, layer: RasterLayer, grade: Grade | null = null) {
  insideFrame(layer.box);
  const { box } = layer;
  const scanned = scanOnRepeat(opaqueScans, layer, scanOpaque);
  if (!scanned) {
    for (let y = 0; y < box.height; y++) blendPixels(frame, layer, y, 0, box.width, grade);
    return;
  }
  for (let y = 0; y < box.height; y++) {
    const runs = scanned.rows[y];
    const rowStart = ((box.top + y) * WIDTH + box.left) * 3;
    for (let k = 0; k < runs.length; k += 3) {
      const x0 = runs[k];
      const x1 = runs[k + 1];
      if (runs[k + 2] === MIXED) {
        blendPixels(frame, layer, y, x0, x1, grade);
        continue;
      }
      scanned.rgb.copy(frame, rowStart + x0 * 3, (y * box.width + x0) * 3, (y * box.width + x1) * 3);
      if (!grade) continue;
      for (let o = rowStart + x0 * 3, end = rowStart + x1 * 3; o < end; o += 3) {
        frame[o] = grade[frame[o]];
        frame[o + 1] = grade[256 + frame[o + 1]];
        frame[o + 2] = grade[512 + frame[o + 2]];
      }
    }
  }
}

/** The colours toned art (see TONES) is drawn in; `third` defaults to black. */
export type Tones = { fill: string; accent: string; third?: string };

/** Draws two-tone art (see TWO_TONE) over a raw RGB frame in the given fill and accent colours, in place. */
export function drawTwoTone(frame: Buffer, layer: RasterLayer, fill: string, accent: string) {
  drawToned(frame, layer, { fill, accent });
}

/** Draws toned art (see TONES) over a raw RGB frame in the given colours, in place. */
export function drawToned(frame: Buffer, layer: RasterLayer, tones: Tones) {
  insideFrame(layer.box);
  const f = hexToRgb(tones.fill);
  const a = hexToRgb(tones.accent);
  const t = hexToRgb(tones.third ?? "#000000");
  const scanned = scanOnRepeat(tonedScans, layer, scanToned);
  if (!scanned) {
    drawTonedPixels(frame, layer, f, a, t);
    return;
  }
  const { rgba, box } = layer;
  const { rows, mixes } = scanned;
  // One colour per opaque mix, for this background's colours.
  const solids = Buffer.allocUnsafe((mixes.length + 1) * 3);
  for (let k = 0; k < mixes.length; k++) {
    const o = (k + 1) * 3;
    solids[o] = tonedChannel(mixes[k], f.r, a.r, t.r);
    solids[o + 1] = tonedChannel(mixes[k], f.g, a.g, t.g);
    solids[o + 2] = tonedChannel(mixes[k], f.b, a.b, t.b);
  }
  // A native fill pays off on long runs; short ones (a gradient's rows inside thin strokes) are written here.
  const solid: Array<Buffer | undefined> = [];
  for (let y = 0; y < box.height; y++) {
    const runs = rows[y];
    const rowStart = ((box.top + y) * WIDTH + box.left) * 3;
    for (let k = 0; k < runs.length; k += 3) {
      const x0 = runs[k];
      const x1 = runs[k + 1];
      const code = runs[k + 2];
      if (code !== MIXED) {
        const c = code * 3;
        if (x1 - x0 > 12) {
          frame.fill((solid[code] ??= solids.subarray(c, c + 3)), rowStart + x0 * 3, rowStart + x1 * 3);
          continue;
        }
        const r = solids[c];
        const g = solids[c + 1];
        const b = solids[c + 2];
        for (let o = rowStart + x0 * 3, end = rowStart + x1 * 3; o < end; o += 3) {
          frame[o] = r;
          frame[o + 1] = g;
          frame[o + 2] = b;
        }
        continue;
      }
      for (let x = x0; x < x1; x++) blendToned(frame, rowStart + x * 3, rgba, (y * box.width + x) * 4, f, a, t);
    }
  }
}

/** One channel of an opaque mix (0xRRGGBB of shares) in the given colours' channel values. */
function tonedChannel(mix: number, fill: number, accent: number, third: number) {
  return Math.min(255, (fill * (mix >> 16) + accent * ((mix >> 8) & 255) + third * (mix & 255) + 127) / 255);
}

/** A toned pixel (source offset `s`) blended over the frame's pixel at `o` by its alpha. */
function blendToned(frame: Buffer, o: number, rgba: Buffer, s: number, f: Rgb, a: Rgb, t: Rgb) {
  const alpha = rgba[s + 3];
  const keep = 255 - alpha;
  // Red, green and blue are the fill's, the accent's and the third colour's shares.
  const red = rgba[s];
  const green = rgba[s + 1];
  const blue = rgba[s + 2];
  const r = Math.min(255, (f.r * red + a.r * green + t.r * blue) / 255);
  const g = Math.min(255, (f.g * red + a.g * green + t.g * blue) / 255);
  const b = Math.min(255, (f.b * red + a.b * green + t.b * blue) / 255);
  frame[o] = (r * alpha + frame[o] * keep + 127) / 255;
  frame[o + 1] = (g * alpha + frame[o + 1] * keep + 127) / 255;
  frame[o + 2] = (b * alpha + frame[o + 2] * keep + 127) / 255;
}

/** Toned art drawn pixel by pixel, in the colours the scanned path gives, remembering the last opaque mix's colour. */
function drawTonedPixels(frame: Buffer, layer: RasterLayer, f: Rgb, a: Rgb, t: Rgb) {
  const { rgba, box } = layer;
  let lastMix = -1;
  let r = 0;
  let g = 0;
  let b = 0;
  for (let y = 0; y < box.height; y++) {
    let s = y * box.width * 4;
    let o = ((box.top + y) * WIDTH + box.left) * 3;
    for (let x = 0; x < box.width; x++, s += 4, o += 3) {
      const alpha = rgba[s + 3];
      if (alpha === 0) continue;
      if (alpha < 255) {
        blendToned(frame, o, rgba, s, f, a, t);
        continue;
      }
      const mix = (rgba[s] << 16) | (rgba[s + 1] << 8) | rgba[s + 2];
      if (mix !== lastMix) {
        lastMix = mix;
        r = tonedChannel(mix, f.r, a.r, t.r);
        g = tonedChannel(mix, f.g, a.g, t.g);
        b = tonedChannel(mix, f.b, a.b, t.b);
      }
      frame[o] = r;
      frame[o + 1] = g;
      frame[o + 2] = b;
    }
  }
}

/** Darkens a rounded rectangle of the frame, its edge feathered over `feather` pixels, in place. */
export function darkenInto(frame: Buffer, box: Box, opacity: number, radius = 22, feather = 14) {
  const left = Math.max(0, Math.floor(box.left - feather));
  const top = Math.max(0, Math.floor(box.top - feather));
  const right = Math.min(WIDTH, Math.ceil(box.left + box.width + feather));
  const bottom = Math.min(HEIGHT, Math.ceil(box.top + box.height + feather));
  const inner = { left: box.left + radius, top: box.top + radius, right: box.left + box.width - radius, bottom: box.top + box.height - radius };
  const full = Math.round((1 - opacity) * 256);
  for (let y = top; y < bottom; y++) {
    const dy = y < inner.top ? inner.top - y : y > inner.bottom ? y - inner.bottom : 0;
    for (let x = left; x < right; x++) {
      const t = (y * WIDTH + x) * 3;
      // Inside the straight part of the rectangle: the whole opacity, no geometry.
      if (dy === 0 && x >= inner.left - radius && x <= inner.right + radius) {
        frame[t] = (frame[t] * full) >> 8;
        frame[t + 1] = (frame[t + 1] * full) >> 8;
        frame[t + 2] = (frame[t + 2] * full) >> 8;
        continue;
      }
      const dx = x < inner.left ? inner.left - x : x > inner.right ? x - inner.right : 0;
      // Distance outside the rounded rectangle; inside it is negative or zero.
      const outside = Math.sqrt(dx * dx + dy * dy) - radius;
      const coverage = outside <= 0 ? 1 : outside >= feather ? 0 : 1 - outside / feather;
      if (coverage === 0) continue;
      const keep = 1 - opacity * coverage;
      frame[t] = frame[t] * keep;
      frame[t + 1] = frame[t + 1] * keep;
      frame[t + 2] = frame[t + 2] * keep;
    }
  }
}

// Effects on toned art, computed on its pixels once per prompt: librsvg takes
// 100-300 ms for a blurred or stacked headline, these take a few.

/** A layer's alpha grown by `radius` px (a square max filter, rows then columns), visiting only inked pixels. */
function dilate(alpha: Uint8Array, width: number, height: number, radius: number) {
  const rows = new Uint8Array(alpha.length);
  for (let p = 0; p < alpha.length; p++) {
    const a = alpha[p];
    if (a === 0) continue;
    const x = p % width;
    const from = p - Math.min(x, radius);
    const to = p + Math.min(width - 1 - x, radius);
    for (let q = from; q <= to; q++) if (rows[q] < a) rows[q] = a;
  }
  const out = new Uint8Array(alpha.length);
  for (let p = 0; p < rows.length; p++) {
    const a = rows[p];
    if (a === 0) continue;
    const y = (p / width) | 0;
    const from = p - Math.min(y, radius) * width;
    const to = p + Math.min(height - 1 - y, radius) * width;
    for (let q = from; q <= to; q += width) if (out[q] < a) out[q] = a;
  }
  return out;
}

/** One box blur of `radius` along rows (step 1) or columns (step width), in place, with running sums. */
function boxBlur(values: Float32Array, width: number, height: number, radius: number, alongRows: boolean) {
  const lines = alongRows ? height : width;
  const length = alongRows ? width : height;
  const step = alongRows ? 1 : width;
  const line = new Float32Array(length);
  const span = 2 * radius + 1;
  for (let l = 0; l < lines; l++) {
    const start = alongRows ? l * width : l;
    for (let i = 0; i < length; i++) line[i] = values[start + i * step];
    let sum = 0;
    for (let i = -radius; i <= radius; i++) if (i >= 0 && i < length) sum += line[i];
    for (let i = 0; i < length; i++) {
      values[start + i * step] = sum / span;
      const add = i + radius + 1;
      const drop = i - radius;
      if (add < length) sum += line[add];
      if (drop >= 0) sum -= line[drop];
    }
  }
}

/** Straight-alpha "over": the layer's pixel p (top) over a colour (r, g, b) at alpha `under` (0..1), in place. */
function overInPlace(rgba: Buffer, p: number, r: number, g: number, b: number, under: number) {
  const o = p * 4;
  const top = rgba[o + 3] / 255;
  if (top >= 1 || under <= 0) return;
  const bottom = under * (1 - top);
  const alpha = top + bottom;
  rgba[o] = Math.round((rgba[o] * top + r * bottom) / alpha);
  rgba[o + 1] = Math.round((rgba[o + 1] * top + g * bottom) / alpha);
  rgba[o + 2] = Math.round((rgba[o + 2] * top + b * bottom) / alpha);
  rgba[o + 3] = Math.round(alpha * 255);
}

function alphaOf(layer: RasterLayer) {
  const { rgba } = layer;
  const alpha = new Uint8Array(rgba.length / 4);
  for (let p = 0; p < alpha.length; p++) alpha[p] = rgba[p * 4 + 3];
  return alpha;
}

/**
 * Puts an outer glow in the accent tone under toned art, in place: the
 * art's silhouette blurred (three box blurs, about a Gaussian of `blur` px,
 * computed at half resolution: a glow has no detail), its alpha raised by
 * `gain` so it is dense by the letters, and capped at `opacity` (under 1,
 * so the glow is never taken for an opaque fill).
 */
export function glowUnder(layer: RasterLayer, { blur, gain, opacity }: { blur: number; gain: number; opacity: number }) {
  const { width, height } = layer.box;
  const { rgba } = layer;
  const w = Math.ceil(width / 2);
  const h = Math.ceil(height / 2);
  const half = new Float32Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) half[(y >> 1) * w + (x >> 1)] += rgba[(y * width + x) * 4 + 3] / (4 * 255);
  }
  const radius = Math.max(1, Math.round(blur / 2));
  for (let pass = 0; pass < 3; pass++) {
    boxBlur(half, w, h, radius, true);
    boxBlur(half, w, h, radius, false);
  }
  for (let y = 0; y < height; y++) {
    // Bilinear, from the half-resolution centres.
    const fy = Math.min(h - 1, Math.max(0, (y - 0.5) / 2));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (rgba[p * 4 + 3] === 255) continue;
      const fx = Math.min(w - 1, Math.max(0, (x - 0.5) / 2));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const tx = fx - x0;
      const top = half[y0 * w + x0] * (1 - tx) + half[y0 * w + x1] * tx;
      const bottom = half[y1 * w + x0] * (1 - tx) + half[y1 * w + x1] * tx;
      const under = Math.min(opacity, (top * (1 - ty) + bottom * ty) * gain);
      if (under > 0.004) overInPlace(rgba, p, 0, 255, 0, under);
    }
  }
}

/**
 * Puts a 3D extrusion in the third tone under toned art, in place: copies of
 * the art's silhouette stacked one pixel apart down and toward `dx` (+1
 * right, -1 left), `depth` deep, shaded from `shade.front` of the third
 * colour behind the letters to `shade.back` at the far end, with a dark edge
 * `edge` px wide around the block.
 */
export function extrudeUnder(
  layer: RasterLayer,
  { depth, dx, shade, edge }: { depth: number; dx: 1 | -1; shade: { front: number; back: number }; edge: number },
) {
  const { width, height } = layer.box;
  const silhouette = alphaOf(layer);
  const block = new Uint8Array(silhouette.length);
  const blue = new Uint8Array(silhouette.length);
  const shares = Array.from({ length: depth + 1 }, (_, k) => Math.round(255 * (shade.front + ((shade.back - shade.front) * (k - 1)) / Math.max(1, depth - 1))));
  // Steps up the diagonal (toward the letters) to the nearest inked pixel,
  // row by row, so that pixels no copy reaches are skipped and the others
  // start there.
  let above = new Uint8Array(width).fill(255);
  let gaps = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = x - dx;
      const first = y === 0 || sx < 0 || sx >= width ? 255 : silhouette[(y - 1) * width + sx] > 0 ? 1 : above[sx] < 255 ? above[sx] + 1 : 255;
      gaps[x] = first;
      if (first > depth) continue;
      const p = y * width + x;
      // Under an opaque letter nothing of the block shows.
      if (silhouette[p] === 255) continue;
      // The front-most copy covering this pixel shows; translucent copies let the next one through.
      let alpha = 0;
      let colour = 0;
      for (let k = first; k <= depth && alpha < 0.998; k++) {
        const kx = x - dx * k;
        const ky = y - k;
        if (kx < 0 || ky < 0 || kx >= width) break;
        const a = silhouette[ky * width + kx] / 255;
        if (a === 0) continue;
        const add = a * (1 - alpha);
        colour += shares[k] * add;
        alpha += add;
      }
      if (alpha === 0) continue;
      block[p] = Math.round(alpha * 255);
      blue[p] = Math.round(colour / alpha);
    }
    [above, gaps] = [gaps, above];
  }
  const rim = dilate(block, width, height, Math.round(edge));
  const { rgba } = layer;
  for (let p = 0; p < block.length; p++) {
    if (rim[p] === 0 || rgba[p * 4 + 3] === 255) continue;
    // The block over its dark edge (seen through the block's anti-aliased rim), then under the letters.
    const a = block[p] / 255;
    const under = a + (rim[p] / 255) * (1 - a);
    overInPlace(rgba, p, 0, 0, under > 0 ? (blue[p] * a) / under : 0, under);
  }
}
