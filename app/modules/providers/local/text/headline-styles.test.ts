// How the headline looks, measured on the rendered thumbnails: emoji keep
// their own art's colours on every palette, and each text style (3D
// extrusion, glow, gradient) draws what it promises and still passes the
// contrast and letter-size checks measured on the JPEG.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { grow, HEIGHT, MIN_CAP_HEIGHT, textColumn, WIDTH, type Box } from "~/modules/design/frame";
import { planGeneration, type BackgroundSpec, type PromptVariant } from "~/modules/design/plan";
import { TEXT_STYLES, type TextStyle } from "~/modules/design/text-styles";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { measureRecipeLegibility } from "~/modules/thumbnails/legibility.server";
import { ASTRONAUT_PATH } from "#tests/images";
import type { BatchPortrait } from "../../provider";
import { startLocalBatch, type LocalBatch } from "../compositor.server";
import { emojiPlacements } from "./drawing.server";

const require = createRequire(import.meta.url);
const TWEMOJI = path.dirname(require.resolve("@twemoji/svg/package.json"));

let portrait: BatchPortrait;

beforeAll(async () => {
  portrait = await analysedPortrait(fs.readFileSync(ASTRONAUT_PATH));
}, 60_000);

/** Red and gold, electric blue, purple haze, amber alert (white accent): fills of every hue. */
const PALETTE_INDEXES = [0, 1, 3, 8];

function cellsFor(headline: string, textStyle: TextStyle, prompts = [0]) {
  const plan = planGeneration({ keywords: "budget gaming PC", headline, promptCount: 2, backgroundCount: PALETTE_INDEXES.length });
  return prompts.flatMap((p) =>
    PALETTE_INDEXES.map((paletteIndex, i) => ({
      prompt: { ...plan.prompts[p], textStyle } satisfies PromptVariant,
      // One background index: each cell's composition depends on it (design/plan.ts composeCell), so the palettes vary alone.
      background: { ...plan.backgrounds[i], index: 0, paletteIndex } satisfies BackgroundSpec,
    })),
  );
}

async function decoded(jpeg: Buffer) {
  return sharp(jpeg).removeAlpha().raw().toBuffer();
}

/** A Twemoji file drawn on its own, straight from the package, at a placement in the frame (RGBA). */
async function referenceArt(file: string, box: Box) {
  const body = fs
    .readFileSync(path.join(TWEMOJI, `${file}.svg`), "utf8")
    .replace(/^[\s\S]*?<svg[^>]*>/, "")
    .replace(/<\/svg>\s*$/, "");
  const scale = box.width / 36;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><g transform="translate(${box.left},${box.top}) scale(${scale})">${body}</g></svg>`;
  return sharp(Buffer.from(svg)).ensureAlpha().raw().toBuffer();
}

/** Pixels of the reference that are solid art three pixels deep (away from its anti-aliased edge and the dark outline). */
function solidArt(reference: Buffer, box: Box) {
  const solid = (x: number, y: number) => reference[(y * WIDTH + x) * 4 + 3] === 255;
  const pixels: number[] = [];
  for (let y = Math.ceil(box.top) + 3; y < box.top + box.height - 3; y++) {
    for (let x = Math.ceil(box.left) + 3; x < box.left + box.width - 3; x++) {
      if (solid(x, y) && solid(x - 3, y) && solid(x + 3, y) && solid(x, y - 3) && solid(x, y + 3)) pixels.push(y * WIDTH + x);
    }
  }
  return pixels;
}

/** Mean per-channel difference between the thumbnail and the art over those pixels. */
function meanDifference(rgb: Buffer, reference: Buffer, pixels: number[]) {
  let sum = 0;
  for (const p of pixels) {
    for (let c = 0; c < 3; c++) sum += Math.abs(rgb[p * 3 + c] - reference[p * 4 + c]);
  }
  return sum / (pixels.length * 3);
}

/** A coarse hue histogram (12 bins, saturated pixels only), normalized. */
function hueHistogram(pixels: number[], read: (p: number) => [number, number, number]) {
  const bins = new Array(12).fill(0);
  let total = 0;
  for (const p of pixels) {
    const [r, g, b] = read(p);
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    if (max < 50 || max - min < 0.25 * max) continue;
    const d = max - min;
    let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    if (h < 0) h += 6;
    bins[Math.floor(h * 2) % 12]++;
    total++;
  }
  return bins.map((v) => (total ? v / total : 0));
}

const histogramDistance = (a: number[], b: number[]) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / 2;

describe("emoji in a headline keep their own colours", () => {
  test.each(["plain", "glow"] as const)(
    "🔥, 💯 and 💰 in a headline match their Twemoji art on every palette (%s letters)",
    async (textStyle) => {
      const batch = startLocalBatch({ portrait });
      // One look per emoji across the palettes, to compare them with each other.
      const seen = new Map<string, { rgb: Buffer; pixels: number[] }>();
      for (const cell of cellsFor("🔥 BEST PC 💯 💰", textStyle)) {
        const spec = await batch.planCell(cell);
        const rgb = await decoded(await batch.draw(spec));
        const placed = emojiPlacements(spec.headline.layout, spec.headline.lines);
        expect(placed.map((e) => e.file)).toEqual(["1f525", "1f4af", "1f4b0"]);
        for (const { file, box } of placed) {
          const label = `${file} on palette ${cell.background.paletteIndex}`;
          const reference = await referenceArt(file, box);
          const pixels = solidArt(reference, box);
          expect(pixels.length, label).toBeGreaterThan(500);
          // Pixel for pixel the art's colours (JPEG and resampling leave a few levels).
          expect(meanDifference(rgb, reference, pixels), label).toBeLessThan(12);
          const art = hueHistogram(pixels, (p) => [reference[p * 4], reference[p * 4 + 1], reference[p * 4 + 2]]);
          const drawn = hueHistogram(pixels, (p) => [rgb[p * 3], rgb[p * 3 + 1], rgb[p * 3 + 2]]);
          expect(histogramDistance(art, drawn), label).toBeLessThan(0.15);
          const before = seen.get(file);
          if (!before) seen.set(file, { rgb, pixels });
          else {
            // The same emoji looks the same on another palette.
            let sum = 0;
            let count = 0;
            for (const p of pixels) {
              if (!before.pixels.includes(p)) continue;
              for (let c = 0; c < 3; c++) sum += Math.abs(rgb[p * 3 + c] - before.rgb[p * 3 + c]);
              count += 3;
            }
            expect(count, label).toBeGreaterThan(1500);
            expect(sum / count, `${label} against the first palette`).toBeLessThan(6);
          }
        }
      }
    },
    120_000,
  );
});

// ---------------------------------------------------------------------------
// Text styles

type Rendered = Awaited<ReturnType<typeof renderStyle>>[number];

async function renderStyle(batch: LocalBatch, textStyle: TextStyle) {
  const out = [];
  for (const cell of [...cellsFor("BEST BUDGET GAMING PC", textStyle, [0, 1]), ...cellsFor("UNBELIEVABLE TRANSFORMATIONS", textStyle, [0, 1])]) {
    const spec = await batch.planCell(cell);
    const jpeg = await batch.draw(spec);
    const without = await decoded(await batch.draw(spec, new Set(["headline"])));
    out.push({ cell, spec, jpeg, rgb: await decoded(jpeg), without });
  }
  return out;
}

const rgbOf = (hex: string) => {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255] as const;
};
const distance = (buf: Buffer, i: number, c: readonly number[]) => Math.abs(buf[i] - c[0]) + Math.abs(buf[i + 1] - c[1]) + Math.abs(buf[i + 2] - c[2]);
const changed = (r: Rendered, p: number) => distance(r.rgb, p * 3, [r.without[p * 3], r.without[p * 3 + 1], r.without[p * 3 + 2]]) > 40;

/** Whether a pixel lies inside a line's ink grown by `by`. */
function nearLetters(r: Rendered, x: number, y: number, by: number) {
  return r.spec.headline.boxes.some((b) => x >= b.left - by && x < b.left + b.width + by && y >= b.top - by && y < b.top + b.height + by);
}

/** The frame's pixels within `reach` of the letters' ink but outside their outline. */
function* around(r: Rendered, reach: number) {
  const outline = r.spec.art.strokeWidth / 2 + 2;
  for (const b of r.spec.headline.boxes) {
    for (let y = Math.max(0, b.top - reach); y < Math.min(HEIGHT, b.top + b.height + reach); y++) {
      for (let x = Math.max(0, b.left - reach); x < Math.min(WIDTH, b.left + b.width + reach); x++) {
        if (!nearLetters(r, x, y, outline)) yield { x, y, p: y * WIDTH + x };
      }
    }
  }
}

/** The letters' fill on the pixels: drawn by the headline, bright (fills are light), inside the line's ink. */
function letterPixels(r: Rendered, box: Box) {
  const out: Array<{ x: number; y: number; p: number }> = [];
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left; x < box.left + box.width; x++) {
      const p = y * WIDTH + x;
      const i = p * 3;
      if (changed(r, p) && r.rgb[i] + r.rgb[i + 1] + r.rgb[i + 2] > 330) out.push({ x, y, p });
    }
  }
  return out;
}

describe("text styles", () => {
  const renders = new Map<TextStyle, Rendered[]>();

  beforeAll(async () => {
    const batch = startLocalBatch({ portrait });
    for (const style of TEXT_STYLES) renders.set(style, await renderStyle(batch, style));
  }, 180_000);

  test.each(TEXT_STYLES)("%s: passes the contrast, letter-size and corner checks measured on the JPEG, the letters are as tall as planned, and nothing of it is on the face", async (style) => {
    const batch = startLocalBatch({ portrait });
    for (const r of renders.get(style)!) {
      const label = `${style}, prompt ${r.cell.prompt.index}, palette ${r.cell.background.paletteIndex}`;
      const planned = await batch.planCell(r.cell);
      const checks = Object.fromEntries((await measureRecipeLegibility(r.jpeg, planned, batch)).map((c) => [c.id, c]));
      expect(checks["contrast"].ok, `${label}: ${checks["contrast"].value}`).toBe(true);
      expect(checks["headline-size"].ok, `${label}: ${checks["headline-size"].value}`).toBe(true);
      expect(checks["duration-corner"].ok, `${label}: ${checks["duration-corner"].value}`).toBe(true);
      // The effects (a glow's halo, an extrusion) stay off the face the detector finds.
      const [face] = await detectFaces(r.jpeg);
      expect(face, label).toBeDefined();
      let onFace = 0;
      for (let y = Math.floor(face.box.top); y < face.box.top + face.box.height; y++) {
        for (let x = Math.floor(face.box.left); x < face.box.left + face.box.width; x++) if (changed(r, y * WIDTH + x)) onFace++;
      }
      expect(onFace, `${label}: headline pixels on the face`).toBe(0);
      // Full size: each line's fill spans the cap height the layout planned, never under 10% of the frame.
      for (const box of r.spec.headline.boxes) {
        const rows = new Map<number, number>();
        for (const { y } of letterPixels(r, box)) rows.set(y, (rows.get(y) ?? 0) + 1);
        const inked = [...rows].filter(([, count]) => count > 2).map(([y]) => y);
        const height = inked.length ? Math.max(...inked) - Math.min(...inked) + 1 : 0;
        expect(height, `${label}: line ink height`).toBeGreaterThanOrEqual(Math.max(MIN_CAP_HEIGHT, r.spec.headline.layout.capHeight) * 0.95);
      }
    }
  }, 120_000);

  test.each(TEXT_STYLES)("%s: the headline's ink stays in its column (beside the face, above the corner), as far as plain letters reach", (style) => {
    for (const r of renders.get(style)!) {
      const label = `${style}, prompt ${r.cell.prompt.index}, palette ${r.cell.background.paletteIndex}, ${r.cell.prompt.words.join(" ")}`;
      // Plain letters reach past the column by half their outline and their drop shadow; no style reaches further.
      const { fontSize } = r.spec.headline.layout;
      const allowed = grow(textColumn(r.spec.prompt.layout, r.spec.person.face), r.spec.art.strokeWidth / 2 + Math.round(fontSize * 0.06) + 3);
      let outside = 0;
      for (let p = 0; p < WIDTH * HEIGHT; p++) {
        if (!changed(r, p)) continue;
        const x = p % WIDTH;
        const y = (p / WIDTH) | 0;
        if (x < allowed.left || x >= allowed.left + allowed.width || y < allowed.top || y >= allowed.top + allowed.height) outside++;
      }
      expect(outside, label).toBe(0);
    }
  });

  test("glow: pixels in the accent colour outside the letters' outline, where plain has none", () => {
    const count = (r: Rendered) => {
      const accent = rgbOf(r.spec.colours.accent);
      let n = 0;
      for (const { p } of around(r, 30)) {
        if (!changed(r, p)) continue;
        // Toward the accent: closer to it than the scene was.
        if (distance(r.rgb, p * 3, accent) + 40 < distance(r.without, p * 3, accent)) n++;
      }
      return n;
    };
    const glow = renders.get("glow")!;
    renders.get("plain")!.forEach((plain, k) => {
      const label = `prompt ${plain.cell.prompt.index}, palette ${plain.cell.background.paletteIndex}`;
      expect(count(plain), label).toBeLessThan(200);
      expect(count(glow[k]), label).toBeGreaterThan(4000);
    });
  });

  test("extrude: a darker copy of the accent offset down and toward the person, where plain has none", () => {
    const measure = (r: Rendered) => {
      const accent = rgbOf(r.spec.colours.accent);
      const dot = accent[0] ** 2 + accent[1] ** 2 + accent[2] ** 2;
      let n = 0;
      let sumX = 0;
      let sumY = 0;
      for (const { x, y, p } of around(r, 30)) {
        if (!changed(r, p)) continue;
        const c = [r.rgb[p * 3], r.rgb[p * 3 + 1], r.rgb[p * 3 + 2]];
        // c ≈ k × accent with k well under 1: a darker shade of it.
        const k = (c[0] * accent[0] + c[1] * accent[1] + c[2] * accent[2]) / dot;
        const off = Math.abs(c[0] - k * accent[0]) + Math.abs(c[1] - k * accent[1]) + Math.abs(c[2] - k * accent[2]);
        if (k > 0.3 && k < 0.88 && off < 45) {
          n++;
          sumX += x;
          sumY += y;
        }
      }
      return { n, x: sumX / n, y: sumY / n };
    };
    const centre = (r: Rendered) => {
      const boxes = r.spec.headline.boxes;
      const area = boxes.reduce((s, b) => s + b.width * b.height, 0);
      return {
        x: boxes.reduce((s, b) => s + (b.left + b.width / 2) * b.width * b.height, 0) / area,
        y: boxes.reduce((s, b) => s + (b.top + b.height / 2) * b.width * b.height, 0) / area,
      };
    };
    const extrude = renders.get("extrude")!;
    renders.get("plain")!.forEach((plain, k) => {
      const label = `prompt ${plain.cell.prompt.index}, palette ${plain.cell.background.paletteIndex}`;
      expect(measure(plain).n, label).toBeLessThan(300);
      const shade = measure(extrude[k]);
      expect(shade.n, label).toBeGreaterThan(3000);
      const letters = centre(extrude[k]);
      expect(shade.y, `${label}: below`).toBeGreaterThan(letters.y);
      // Toward the person: right of the letters when the person is on the right.
      const toward = plain.spec.prompt.layout === "person-right" ? 1 : -1;
      expect((shade.x - letters.x) * toward, `${label}: toward the person`).toBeGreaterThan(0);
    });
  });

  test("gradient: the letters change colour from top to bottom, where plain letters do not", () => {
    /** Mean colour of the letters' fill in the top and bottom fifth of each line. */
    const ends = (r: Rendered) => {
      const top = [0, 0, 0, 0];
      const bottom = [0, 0, 0, 0];
      for (const box of r.spec.headline.boxes) {
        for (const { y, p } of letterPixels(r, box)) {
          const at = (y - box.top) / box.height;
          const into = at < 0.2 ? top : at > 0.8 ? bottom : null;
          if (!into) continue;
          for (let c = 0; c < 3; c++) into[c] += r.rgb[p * 3 + c];
          into[3]++;
        }
      }
      return { top: top.slice(0, 3).map((v) => v / top[3]), bottom: bottom.slice(0, 3).map((v) => v / bottom[3]) };
    };
    const change = (r: Rendered) => {
      const { top, bottom } = ends(r);
      return Math.abs(top[0] - bottom[0]) + Math.abs(top[1] - bottom[1]) + Math.abs(top[2] - bottom[2]);
    };
    const gradient = renders.get("gradient")!;
    renders.get("plain")!.forEach((plain, k) => {
      const label = `prompt ${plain.cell.prompt.index}, palette ${plain.cell.background.paletteIndex}`;
      expect(change(plain), label).toBeLessThan(25);
      expect(change(gradient[k]), label).toBeGreaterThan(60);
    });
  });

  test("the contrast check judges a gradient by its darker end", async () => {
    const batch = startLocalBatch({ portrait });
    const [cell] = cellsFor("BEST BUDGET GAMING PC", "gradient");
    const planned = await batch.planCell(cell);
    const contrast = async (third: string) => {
      const spec = { ...planned, colours: { ...planned.colours, third } };
      const checks = await measureRecipeLegibility(await batch.draw(spec), spec, batch);
      return checks.find((c) => c.id === "contrast")!;
    };
    expect((await contrast(planned.colours.third)).ok).toBe(true);
    // The same letters fading into a dark red at the bottom: the top is still white, the bottom does not read.
    expect((await contrast("#5a1010")).ok).toBe(false);
  }, 60_000);
});
