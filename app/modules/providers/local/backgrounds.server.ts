// Backgrounds, drawn behind the person: bold colour that fights for attention
// in a feed, with the light centred on the person's side. Returned raw (RGB)
// so they go into the final composite without an encode.
import sharp from "sharp";
import { recentCache } from "~/utils/recent-cache";
import type { BackgroundSpec, PromptVariant } from "~/modules/design/plan";
import { faceCentreX, HEIGHT, WIDTH } from "~/modules/design/frame";
import { paletteFor, type Palette } from "~/modules/design/palettes";
import { hexToRgb } from "./colour";

export type RawImage = { data: Buffer; width: number; height: number; channels: 3 | 4 };

function svg(body: string) {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${body}</svg>`);
}

const vignette = `<defs><radialGradient id="v" cx="50%" cy="50%" r="75%"><stop offset="55%" stop-color="#000" stop-opacity="0"/><stop offset="100%" stop-color="#000" stop-opacity="0.6"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#v)"/>`;

function rays(cx: number, cy: number, colour: string, count: number, opacity: number) {
  const reach = WIDTH * 1.5;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const a0 = (i / count) * Math.PI * 2;
    const a1 = a0 + Math.PI / count;
    parts.push(
      `M${cx},${cy}L${(cx + Math.cos(a0) * reach).toFixed(1)},${(cy + Math.sin(a0) * reach).toFixed(1)}L${(cx + Math.cos(a1) * reach).toFixed(1)},${(cy + Math.sin(a1) * reach).toFixed(1)}Z`,
    );
  }
  return `<path d="${parts.join("")}" fill="${colour}" fill-opacity="${opacity}"/>`;
}

function drawing(kind: Exclude<BackgroundSpec["kind"], "blur">, palette: Palette, layout: PromptVariant["layout"]) {
  const cx = faceCentreX(layout);
  const cy = HEIGHT * 0.42;
  const personOnRight = layout === "person-right";
  switch (kind) {
    case "burst":
      return (
        `<rect width="100%" height="100%" fill="${palette.b}"/>${rays(cx, cy, palette.a, 22, 0.9)}` +
        `<defs><radialGradient id="g" cx="${cx}" cy="${cy}" r="420" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${palette.glow}" stop-opacity="0.85"/><stop offset="1" stop-color="${palette.glow}" stop-opacity="0"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${vignette}`
      );
    case "gradient": {
      const towardPerson = personOnRight ? 'x1="0" y1="1" x2="1" y2="0"' : 'x1="1" y1="1" x2="0" y2="0"';
      return (
        `<defs><linearGradient id="l" ${towardPerson}><stop offset="0" stop-color="${palette.b}"/><stop offset="1" stop-color="${palette.a}"/></linearGradient>` +
        `<radialGradient id="g" cx="${cx}" cy="${cy}" r="380" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>` +
        `<rect width="100%" height="100%" fill="url(#l)"/><rect width="100%" height="100%" fill="url(#g)"/>${vignette}`
      );
    }
    case "split": {
      // The person's side is bright, the headline's side dark, a hard diagonal between.
      const top = personOnRight ? WIDTH * 0.6 : WIDTH * 0.4;
      const bottom = personOnRight ? WIDTH * 0.46 : WIDTH * 0.54;
      const edge = personOnRight ? WIDTH : 0;
      const offset = personOnRight ? -40 : 40;
      return (
        `<rect width="100%" height="100%" fill="${palette.b}"/>` +
        `<path d="M${top},0L${edge},0L${edge},${HEIGHT}L${bottom},${HEIGHT}Z" fill="${palette.a}"/>` +
        `<path d="M${top},0L${bottom},${HEIGHT}" stroke="${palette.accent}" stroke-width="18"/>` +
        `<path d="M${top + offset},0L${bottom + offset},${HEIGHT}" stroke="#ffffff" stroke-opacity="0.5" stroke-width="6"/>${vignette}`
      );
    }
    case "pattern": {
      // Plain shapes: librsvg renders <pattern> fills slowly.
      const stripes: string[] = [];
      for (let x = -HEIGHT; x < WIDTH + HEIGHT; x += 96) stripes.push(`M${x},0L${x + 40},0L${x + 40 - HEIGHT * 0.6},${HEIGHT}L${x - HEIGHT * 0.6},${HEIGHT}Z`);
      const dots: string[] = [];
      for (let y = 20; y < HEIGHT; y += 44) {
        for (let x = (y / 44) % 2 ? 20 : 42; x < WIDTH; x += 44) dots.push(`M${x - 7},${y}a7,7 0 1,0 14,0a7,7 0 1,0 -14,0`);
      }
      return (
        `<defs><linearGradient id="l" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${palette.b}"/><stop offset="1" stop-color="${palette.a}"/></linearGradient></defs>` +
        `<rect width="100%" height="100%" fill="url(#l)"/><path d="${stripes.join("")}" fill="${palette.a}" fill-opacity="0.35"/>` +
        `<path d="${dots.join("")}" fill="#fff" fill-opacity="0.12"/>${vignette}`
      );
    }
    case "spotlight":
      return (
        `<defs><radialGradient id="g" cx="${cx}" cy="${HEIGHT * 0.3}" r="560" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${palette.a}"/><stop offset="0.55" stop-color="${palette.b}"/><stop offset="1" stop-color="#000"/></radialGradient></defs>` +
        `<rect width="100%" height="100%" fill="url(#g)"/>${rays(cx, -HEIGHT * 0.4, "#ffffff", 9, 0.06)}`
      );
  }
}

async function rasterize(body: string): Promise<RawImage> {
  const data = await sharp(svg(body)).removeAlpha().raw().toBuffer();
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

// Drawn backgrounds depend only on (kind, palette, side), never on the
// creator: they are shared by every batch in the process. 24 frames of raw
// RGB are about 66 MB.
const SHARED_LIMIT = 24;
const shared = recentCache<Promise<RawImage>>(SHARED_LIMIT);

function sharedBackground(kind: Exclude<BackgroundSpec["kind"], "blur">, paletteIndex: number, layout: PromptVariant["layout"]) {
  const palette = paletteFor(paletteIndex);
  return shared.get(`${kind}:${palette.name}:${layout}`, () => rasterize(drawing(kind, palette, layout)));
}

// Worked at a quarter of the frame's size: the blur, the tint and the
// vignette are all smooth, so scaling up afterwards loses nothing.
const SMALL = { width: WIDTH / 4, height: HEIGHT / 4 };

// The vignette's darkening per pixel at that size, rasterised once per
// process from the same gradient the drawn backgrounds use.
let vignetteKeep: Promise<Float32Array> | undefined;
function vignetteMap() {
  vignetteKeep ??= sharp(svg(vignette))
    .resize(SMALL.width, SMALL.height)
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer()
    .then((alpha) => Float32Array.from(alpha, (a) => 1 - a / 255));
  return vignetteKeep;
}

/**
 * The photo's colours around the person, as a smooth 3x3 field: the top row
 * and the sides of a 6x6 sampling of the photo (where its backdrop is; the
 * person stands in the middle and runs off the bottom), the middle filled
 * from them. No shape of the photo survives, so its face never shows twice.
 */
async function surroundingColours(portrait: Buffer): Promise<Buffer> {
  const cells = await sharp(portrait).flatten({ background: "#808080" }).resize(6, 6, { fit: "fill", kernel: "cubic" }).removeAlpha().raw().toBuffer();
  const mean = (...at: [number, number][]) =>
    [0, 1, 2].map((c) => at.reduce((sum, [row, col]) => sum + cells[(row * 6 + col) * 3 + c], 0) / at.length);
  const tl = mean([0, 0], [0, 1], [1, 0]);
  const top = mean([0, 2], [0, 3]);
  const tr = mean([0, 4], [0, 5], [1, 5]);
  const left = mean([2, 0], [3, 0]);
  const right = mean([2, 5], [3, 5]);
  const bl = mean([4, 0]);
  const br = mean([4, 5]);
  const ring = [tl, top, tr, left, right, bl, br];
  const middle = [0, 1, 2].map((c) => ring.reduce((sum, v) => sum + v[c], 0) / ring.length);
  const bottom = [0, 1, 2].map((c) => (bl[c] + br[c]) / 2);
  return Buffer.from([tl, top, tr, left, middle, right, bl, bottom, br].flatMap((v) => v.map(Math.round)));
}

/** sharp's modulate({ brightness: 0.7, saturation: 1.4 }), near enough for a colour field: more colour, less light. */
function deepen([r, g, b]: number[]) {
  const grey = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return [r, g, b].map((c) => Math.min(255, Math.max(0, (grey + (c - grey) * 1.4) * 0.7)));
}

/** Where a frame pixel falls between the field's three cell centres: the lower cell and a smoothstep weight. */
function cellWeights(length: number) {
  const cell = new Uint8Array(length);
  const weight = new Float32Array(length);
  for (let p = 0; p < length; p++) {
    const u = Math.min(2, Math.max(0, ((p + 0.5) / length) * 3 - 0.5));
    const i = Math.min(1, Math.floor(u));
    const t = u - i;
    cell[p] = i;
    weight[p] = t * t * (3 - 2 * t);
  }
  return { cell, weight };
}
const columns = cellWeights(WIDTH);
const rows = cellWeights(HEIGHT);

/**
 * The photo's own colours (never its picture): the 3x3 field stretched over
 * the frame with smooth steps, tinted toward the palette (38%), under the
 * vignette. Drawn in JavaScript: a field this smooth needs no resampling
 * pipeline, and three of them cost the batch's second cell about 50 ms.
 */
async function blurredPortrait(field: Promise<Buffer>, palette: Palette): Promise<RawImage> {
  const [colours, keep] = await Promise.all([field, vignetteMap()]);
  const tint = hexToRgb(palette.a);
  const mix = 0.38;
  // The field's nine colours, deepened and tinted once.
  const cells = Array.from({ length: 9 }, (_, k) => {
    const [r, g, b] = deepen([colours[k * 3], colours[k * 3 + 1], colours[k * 3 + 2]]);
    return [r * (1 - mix) + tint.r * mix, g * (1 - mix) + tint.g * mix, b * (1 - mix) + tint.b * mix];
  });
  const data = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  const row = new Float32Array(9);
  for (let y = 0; y < HEIGHT; y++) {
    // The three columns' colours on this row, then each pixel between two of them.
    const i = rows.cell[y];
    const t = rows.weight[y];
    for (let col = 0; col < 3; col++) {
      const top = cells[i * 3 + col];
      const bottom = cells[(i + 1) * 3 + col];
      for (let c = 0; c < 3; c++) row[col * 3 + c] = top[c] + (bottom[c] - top[c]) * t;
    }
    const vy = Math.min(SMALL.height - 1, y >> 2) * SMALL.width;
    for (let x = 0, o = y * WIDTH * 3; x < WIDTH; x++, o += 3) {
      const j = columns.cell[x] * 3;
      const w = columns.weight[x];
      const k = keep[vy + Math.min(SMALL.width - 1, x >> 2)];
      data[o] = (row[j] + (row[j + 3] - row[j]) * w) * k + 0.5;
      data[o + 1] = (row[j + 1] + (row[j + 4] - row[j + 1]) * w) * k + 0.5;
      data[o + 2] = (row[j + 2] + (row[j + 5] - row[j + 2]) * w) * k + 0.5;
    }
  }
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

/** Backgrounds for one batch: drawn ones from the process-wide cache, the blurred portrait once per batch. */
export function createBackgrounds(portrait: Buffer) {
  const blurred = new Map<string, Promise<RawImage>>();
  let field: Promise<Buffer> | undefined;
  return (spec: BackgroundSpec, layout: PromptVariant["layout"]) => {
    if (spec.kind !== "blur") return sharedBackground(spec.kind, spec.paletteIndex, layout);
    const palette = paletteFor(spec.paletteIndex);
    // The photo is read once per batch, whichever palettes its field is drawn in.
    field ??= surroundingColours(portrait);
    if (!blurred.has(palette.name)) blurred.set(palette.name, blurredPortrait(field, palette));
    return blurred.get(palette.name)!;
  };
}
