// What the offline compositor takes from a style reference (the thumbnail of
// the video a batch starts from): the palette nearest its two dominant
// colours, and the side its text is on, so the person goes on the other.
// Deliberately small measures, documented with their limits in
// docs/decisions/191-start-from-a-video.md.
import sharp from "sharp";
import { PALETTES } from "~/modules/design/palettes";
import type { PersonSide, PlanStyle } from "~/modules/design/plan";

type Rgb = { r: number; g: number; b: number };

// Below this spread between the strongest and weakest channel a colour is a
// grey: white letters, black outlines and letterbox bands say nothing about a palette.
const MIN_CHROMA = 48;
// Neighbouring pixels this far apart (of 255) count as an edge: the strokes
// of outlined thumbnail letters, rather than the softer edges of a face or a scene.
const EDGE_STEP = 90;
// One half must have this much more edge density than the other to call a side.
const SIDE_MARGIN = 1.25;
// Letters sit in the upper part of a thumbnail; the bottom is often a body or a product.
const TEXT_BAND = 0.6;

const chroma = ({ r, g, b }: Rgb) => Math.max(r, g, b) - Math.min(r, g, b);

function hexToRgb(hex: string): Rgb {
  const n = Number.parseInt(hex.slice(1), 16);
  return { r: (n >> 16) & 255, g: (n >> 8) & 255, b: n & 255 };
}

/** "Redmean": a cheap distance closer to how different two colours look than plain RGB. */
export function colourDistance(x: Rgb, y: Rgb) {
  const mean = (x.r + y.r) / 2;
  const dr = x.r - y.r;
  const dg = x.g - y.g;
  const db = x.b - y.b;
  return Math.sqrt((2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db);
}

/**
 * The reference's two main colours: sharp's dominant colour when it is not a
 * grey, and the most common colour of a coarse histogram (4 levels a
 * channel) that is neither a grey nor the first one's bin.
 */
export async function dominantColours(bytes: Buffer): Promise<[Rgb, Rgb] | null> {
  const { dominant } = await sharp(bytes).stats();
  const { data } = await sharp(bytes).resize(64, 36, { fit: "fill" }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const bins = new Map<number, { count: number; r: number; g: number; b: number }>();
  for (let i = 0; i + 2 < data.length; i += 3) {
    const pixel = { r: data[i], g: data[i + 1], b: data[i + 2] };
    if (chroma(pixel) < MIN_CHROMA) continue;
    const bin = ((pixel.r >> 6) << 4) | ((pixel.g >> 6) << 2) | (pixel.b >> 6);
    const entry = bins.get(bin) ?? { count: 0, r: 0, g: 0, b: 0 };
    entry.count++;
    entry.r += pixel.r;
    entry.g += pixel.g;
    entry.b += pixel.b;
    bins.set(bin, entry);
  }
  const ranked = [...bins.entries()].sort((x, y) => y[1].count - x[1].count);
  if (ranked.length === 0) return null;
  const mean = ([, e]: (typeof ranked)[number]): Rgb => ({ r: e.r / e.count, g: e.g / e.count, b: e.b / e.count });
  const binOf = (c: Rgb) => ((Math.min(255, c.r) >> 6) << 4) | ((Math.min(255, c.g) >> 6) << 2) | (Math.min(255, c.b) >> 6);
  const first = chroma(dominant) >= MIN_CHROMA ? dominant : mean(ranked[0]);
  const second = ranked.find(([bin]) => bin !== binOf(first));
  return [first, second ? mean(second) : first];
}

/**
 * The palette whose colours (its two backgrounds and its accent) lie nearest
 * the two, each matched to a different colour of the palette; the first
 * colour counts twice.
 */
export function nearestPalette([first, second]: [Rgb, Rgb]) {
  let best = 0;
  let bestScore = Infinity;
  PALETTES.forEach((palette, index) => {
    const colours = [palette.a, palette.b, palette.accent].map(hexToRgb);
    let score = Infinity;
    for (let i = 0; i < colours.length; i++) {
      for (let j = 0; j < colours.length; j++) {
        if (i !== j) score = Math.min(score, 2 * colourDistance(first, colours[i]) + colourDistance(second, colours[j]));
      }
    }
    if (score < bestScore) [best, bestScore] = [index, score];
  });
  return best;
}

/**
 * Where the reference's person is, judged from where its text is: the half
 * of the upper 60% with clearly more hard edges holds the letters, and the
 * person stands in the other. Null when neither half stands out.
 */
export async function personSideOf(bytes: Buffer): Promise<PersonSide | null> {
  const width = 160;
  const height = 90;
  const { data } = await sharp(bytes).resize(width, height, { fit: "fill" }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const rows = Math.floor(height * TEXT_BAND);
  const edges = { left: 0, right: 0 };
  for (let y = 0; y < rows - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      const here = data[y * width + x];
      const step = Math.max(Math.abs(here - data[y * width + x + 1]), Math.abs(here - data[(y + 1) * width + x]));
      if (step >= EDGE_STEP) edges[x < width / 2 ? "left" : "right"]++;
    }
  }
  if (edges.left > edges.right * SIDE_MARGIN) return "right";
  if (edges.right > edges.left * SIDE_MARGIN) return "left";
  return null;
}

/** What a batch takes from its style reference; null when the picture cannot be read. */
export async function styleOfReference(bytes: Buffer): Promise<PlanStyle | null> {
  try {
    const colours = await dominantColours(bytes);
    return { paletteIndex: colours ? nearestPalette(colours) : null, personSide: await personSideOf(bytes) };
  } catch {
    return null;
  }
}
