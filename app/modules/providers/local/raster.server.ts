// Layers as raw pixels, blended into the frame in JavaScript. sharp's
// composite costs about 30 ms per input on a 1280x720 frame here, several
// times what blending the few hundred thousand pixels a layer covers costs.
import sharp from "sharp";
import { HEIGHT, WIDTH, type Box } from "./frame";
import { hexToRgb } from "./palettes";

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

/** Blends two-tone art over a raw RGB frame in the given fill and accent colours, in place. */
export function blendTwoTone(frame: Buffer, layer: RasterLayer, fill: string, accent: string) {
  const f = hexToRgb(fill);
  const a = hexToRgb(accent);
  const { rgba, box } = layer;
  const x0 = Math.max(0, -box.left);
  const y0 = Math.max(0, -box.top);
  const x1 = Math.min(box.width, WIDTH - box.left);
  const y1 = Math.min(box.height, HEIGHT - box.top);
  for (let y = y0; y < y1; y++) {
    let s = (y * box.width + x0) * 4;
    let t = ((box.top + y) * WIDTH + box.left + x0) * 3;
    for (let x = x0; x < x1; x++, s += 4, t += 3) {
      const alpha = rgba[s + 3];
      if (alpha === 0) continue;
      const red = rgba[s];
      const green = rgba[s + 1];
      // The art's colour in the real colours (0..255*255), then over the frame.
      const keep = 255 - alpha;
      frame[t] = ((f.r * red + a.r * green) / 255 * alpha + frame[t] * keep + 127) / 255;
      frame[t + 1] = ((f.g * red + a.g * green) / 255 * alpha + frame[t + 1] * keep + 127) / 255;
      frame[t + 2] = ((f.b * red + a.b * green) / 255 * alpha + frame[t + 2] * keep + 127) / 255;
    }
  }
}

/** Blends a layer over a raw RGB frame, in place. */
export function blendInto(frame: Buffer, layer: RasterLayer) {
  const { rgba, box } = layer;
  const x0 = Math.max(0, -box.left);
  const y0 = Math.max(0, -box.top);
  const x1 = Math.min(box.width, WIDTH - box.left);
  const y1 = Math.min(box.height, HEIGHT - box.top);
  for (let y = y0; y < y1; y++) {
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
}

/** Darkens a rounded rectangle of the frame, its edge feathered over `feather` pixels, in place. */
export function darkenInto(frame: Buffer, box: Box, opacity: number, radius = 22, feather = 14) {
  const left = Math.max(0, Math.floor(box.left - feather));
  const top = Math.max(0, Math.floor(box.top - feather));
  const right = Math.min(WIDTH, Math.ceil(box.left + box.width + feather));
  const bottom = Math.min(HEIGHT, Math.ceil(box.top + box.height + feather));
  const inner = { left: box.left + radius, top: box.top + radius, right: box.left + box.width - radius, bottom: box.top + box.height - radius };
  for (let y = top; y < bottom; y++) {
    const dy = y < inner.top ? inner.top - y : y > inner.bottom ? y - inner.bottom : 0;
    for (let x = left; x < right; x++) {
      const dx = x < inner.left ? inner.left - x : x > inner.right ? x - inner.right : 0;
      // Distance outside the rounded rectangle; inside it is negative or zero.
      const outside = Math.hypot(dx, dy) - radius;
      const coverage = outside <= 0 ? 1 : outside >= feather ? 0 : 1 - outside / feather;
      if (coverage === 0) continue;
      const keep = 1 - opacity * coverage;
      const t = (y * WIDTH + x) * 3;
      frame[t] = frame[t] * keep;
      frame[t + 1] = frame[t + 1] * keep;
      frame[t + 2] = frame[t + 2] * keep;
    }
  }
}
