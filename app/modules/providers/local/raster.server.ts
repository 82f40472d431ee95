// Layers as raw pixels, blended into the frame in JavaScript. sharp's
// composite costs about 30 ms per input on a 1280x720 frame here, several
// times what blending the few hundred thousand pixels a layer covers costs.
import sharp from "sharp";
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { hexToRgb } from "./colour";

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
 * Two-tone art is drawn with pure red where the fill goes, pure green where
 * the accent goes, and black for strokes and shadows. librsvg mixes colours
 * linearly in 8-bit sRGB, so a pixel's red and green shares are the fill's
 * and the accent's shares: the same raster serves every colour pair.
 */
export const TWO_TONE = { fill: "#ff0000", accent: "#00ff00" } as const;

// A two-tone layer's pixels are mostly transparent or pure fill, accent or
// stroke. It is scanned once into runs of such pixels, so that drawing it on
// each background is a few native fills per row, with arithmetic left for
// the anti-aliased edges.
const RUN = { mixed: 0, fill: 1, accent: 2, black: 3 } as const;
const scans = new WeakMap<Buffer, Int32Array[]>();

function runCode(rgba: Buffer, i: number) {
  const alpha = rgba[i + 3];
  if (alpha === 0) return -1;
  if (alpha < 255 || rgba[i + 2] !== 0) return RUN.mixed;
  const r = rgba[i];
  const g = rgba[i + 1];
  if (g === 0 && r === 255) return RUN.fill;
  if (r === 0 && g === 255) return RUN.accent;
  if (r === 0 && g === 0) return RUN.black;
  return RUN.mixed;
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

function scan(layer: RasterLayer) {
  const cached = scans.get(layer.rgba);
  if (cached) return cached;
  const rows = runsOf(layer, runCode);
  scans.set(layer.rgba, rows);
  return rows;
}

function insideFrame(box: Box) {
  if (box.left < 0 || box.top < 0 || box.left + box.width > WIDTH || box.top + box.height > HEIGHT) {
    throw new Error(`A layer at ${JSON.stringify(box)} reaches outside the frame`);
  }
}

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
  const rows = runsOf(layer, (pixels, i) => (pixels[i + 3] === 0 ? -1 : pixels[i + 3] === 255 ? RUN.fill : RUN.mixed));
  return { rows, rgb };
}

function blendPixels(frame: Buffer, layer: RasterLayer, y: number, x0: number, x1: number) {
  const { rgba, box } = layer;
  let s = (y * box.width + x0) * 4;
  let t = ((box.top + y) * WIDTH + box.left + x0) * 3;
  for (let x = x0; x < x1; x++, s += 4, t += 3) {
    const alpha = rgba[s + 3];
    if (alpha === 0) continue;
    if (alpha === 255) {
      frame[t] = rgba[s];
      frame[t + 1] = rgba[s + 1];
      frame[t + 2] = rgba[s + 2];
      continue;
    }
    const keep = 255 - alpha;
    frame[t] = (rgba[s] * alpha + frame[t] * keep + 127) / 255;
    frame[t + 1] = (rgba[s + 1] * alpha + frame[t + 1] * keep + 127) / 255;
    frame[t + 2] = (rgba[s + 2] * alpha + frame[t + 2] * keep + 127) / 255;
  }
}

/** Draws a layer over a raw RGB frame, in place. */
export function drawLayer(frame: Buffer, layer: RasterLayer) {
  insideFrame(layer.box);
  const { box } = layer;
  const seen = opaqueScans.get(layer.rgba);
  if (!seen) {
    // Drawn once so far: scanning would cost as much as drawing.
    opaqueScans.set(layer.rgba, "once");
    for (let y = 0; y < box.height; y++) blendPixels(frame, layer, y, 0, box.width);
    return;
  }
  const scanned = seen === "once" ? scanOpaque(layer) : seen;
  if (seen === "once") opaqueScans.set(layer.rgba, scanned);
  for (let y = 0; y < box.height; y++) {
    const runs = scanned.rows[y];
    const rowStart = ((box.top + y) * WIDTH + box.left) * 3;
    for (let k = 0; k < runs.length; k += 3) {
      const x0 = runs[k];
      const x1 = runs[k + 1];
      if (runs[k + 2] === RUN.mixed) blendPixels(frame, layer, y, x0, x1);
      else scanned.rgb.copy(frame, rowStart + x0 * 3, (y * box.width + x0) * 3, (y * box.width + x1) * 3);
    }
  }
}

/** Draws two-tone art (see TWO_TONE) over a raw RGB frame in the given fill and accent colours, in place. */
export function drawTwoTone(frame: Buffer, layer: RasterLayer, fill: string, accent: string) {
  insideFrame(layer.box);
  const { rgba, box } = layer;
  const rows = scan(layer);
  const f = hexToRgb(fill);
  const a = hexToRgb(accent);
  const solid: Buffer[] = [];
  solid[RUN.fill] = Buffer.from([f.r, f.g, f.b]);
  solid[RUN.accent] = Buffer.from([a.r, a.g, a.b]);
  solid[RUN.black] = Buffer.from([0, 0, 0]);
  for (let y = 0; y < box.height; y++) {
    const runs = rows[y];
    const rowStart = ((box.top + y) * WIDTH + box.left) * 3;
    for (let k = 0; k < runs.length; k += 3) {
      const x0 = runs[k];
      const x1 = runs[k + 1];
      const code = runs[k + 2];
      if (code !== RUN.mixed) {
        frame.fill(solid[code], rowStart + x0 * 3, rowStart + x1 * 3);
        continue;
      }
      for (let x = x0; x < x1; x++) {
        const s = (y * box.width + x) * 4;
        const t = rowStart + x * 3;
        const alpha = rgba[s + 3];
        const keep = 255 - alpha;
        // Red and green are the fill's and the accent's shares.
        const red = rgba[s];
        const green = rgba[s + 1];
        frame[t] = (((f.r * red + a.r * green) / 255) * alpha + frame[t] * keep + 127) / 255;
        frame[t + 1] = (((f.g * red + a.g * green) / 255) * alpha + frame[t + 1] * keep + 127) / 255;
        frame[t + 2] = (((f.b * red + a.b * green) / 255) * alpha + frame[t + 2] * keep + 127) / 255;
      }
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
