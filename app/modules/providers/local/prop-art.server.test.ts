// The topic prop on the rendered pixels: a 3D emoji keeps its art's colours
// and shading, and a logo prop shows the brand's logo, in its brand colour
// where that stands out on the scene and in white (or black) where it would not.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { PALETTES } from "~/modules/design/palettes";
import { planGeneration, type PromptVariant } from "~/modules/design/plan";
import { recipeForCell, type Recipe } from "~/modules/design/recipe";
import { ASTRONAUT_PATH } from "#tests/images";
import { startLocalBatch, type LocalBatch } from "./compositor.server";
import { propArt } from "./prop-art.server";

const require = createRequire(import.meta.url);

// WCAG 2 luminance and contrast, written out independently of the compositor.
const channel = (c: number) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = (r: number, g: number, b: number) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

let batch: LocalBatch;

beforeAll(async () => {
  batch = startLocalBatch({ portrait: await analysedPortrait(fs.readFileSync(ASTRONAUT_PATH)) });
}, 60_000);

/** A prompt of the plan for `keywords` that carries a prop, and its recipe on a background. */
function recipeWithProp(keywords: string, paletteIndex: number, kind: Recipe["background"]["kind"] = "gradient"): Recipe {
  const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
  const prompt = plan.prompts.find((p) => p.prop) as PromptVariant;
  // The background index whose cell draws the prop beside the headline (design/plan.ts composeCell).
  const recipes = [0, 1, 2, 3].map((index) => recipeForCell({ prompt, background: { index, kind, paletteIndex } }, { hasMask: true }));
  return recipes.find((r) => r.prompt.prop && r.scene.kind === "classic" && r.scene.propPlace === "headline")!;
}

/** Mean colour and number of distinct colours (5 bits a channel) of an image's opaque pixels. */
async function artStats(input: sharp.Sharp) {
  const data = await input.resize(128, 128).ensureAlpha().raw().toBuffer();
  const sum = [0, 0, 0];
  const bins = new Set<number>();
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] < 250) continue;
    sum[0] += data[i];
    sum[1] += data[i + 1];
    sum[2] += data[i + 2];
    bins.add(((data[i] >> 3) << 10) | ((data[i + 1] >> 3) << 5) | (data[i + 2] >> 3));
    n++;
  }
  return { mean: sum.map((s) => s / n), colours: bins.size };
}

/** Pixels of the frame that the prop changed, inside its box, that are neither its white edge nor its shadow. */
function propPixels(withProp: Buffer, without: Buffer, box: Box) {
  const out: Array<[number, number, number]> = [];
  for (let y = Math.max(0, box.top); y < Math.min(HEIGHT, box.top + box.height); y++) {
    for (let x = Math.max(0, box.left); x < Math.min(WIDTH, box.left + box.width); x++) {
      const i = (y * WIDTH + x) * 3;
      const [r, g, b] = [withProp[i], withProp[i + 1], withProp[i + 2]];
      const changed = Math.abs(r - without[i]) + Math.abs(g - without[i + 1]) + Math.abs(b - without[i + 2]) > 60;
      const edge = r > 245 && g > 245 && b > 245;
      // A shadow only darkens: every channel goes down by about the same share.
      const darker = r <= without[i] + 4 && g <= without[i + 1] + 4 && b <= without[i + 2] + 4;
      if (changed && !edge && !darker) out.push([r, g, b]);
    }
  }
  return out;
}

const distance = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe("a 3D emoji prop", () => {
  test("draws Fluent's 3D art, with its colours and shading, not the flat Twemoji", async () => {
    const recipe = recipeWithProp("budget mic for streaming", 7);
    expect(recipe.prompt.prop?.emoji).toBe("🎙️");
    const spec = await batch.planSpec(recipe);
    expect(spec.art.prop, "the prop has room in this layout").not.toBeNull();
    const withProp = Buffer.from(batch.drawRaw(spec));
    const without = Buffer.from(batch.drawRaw(spec, new Set(["prop"])));
    const drawn = propPixels(withProp, without, spec.art.prop!.box);
    expect(drawn.length).toBeGreaterThan(4000);

    const assets = path.join(path.dirname(require.resolve("@lobehub/fluent-emoji-3d/package.json")), "assets");
    const fluent = await artStats(sharp(path.join(assets, "1f399-fe0f.webp")));
    const twemoji = await artStats(sharp(path.join(path.dirname(require.resolve("@twemoji/svg/package.json")), "1f399.svg"), { density: 300 }));
    const mean = [0, 1, 2].map((c) => drawn.reduce((s, p) => s + p[c], 0) / drawn.length);
    // The drawn prop's colour is the 3D art's, far from the flat art's.
    expect(distance(mean, fluent.mean)).toBeLessThan(distance(mean, twemoji.mean) / 2);
    expect(distance(mean, fluent.mean)).toBeLessThan(30);
    // Shading: a 3D render has hundreds of tones where the flat art has a few dozen.
    const tones = new Set(drawn.map(([r, g, b]) => ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)));
    expect(tones.size).toBeGreaterThan(twemoji.colours * 2);
  }, 30_000);

  test("an emoji Fluent lacks is drawn from Twemoji", async () => {
    // 🫎 (moose, Unicode 15) has no Fluent 3D file.
    const layer = await propArt({ emoji: "🫎", keyword: "moose" }, { cx: 300, cy: 300, size: 200 });
    expect(layer).not.toBeNull();
    expect(layer!.twoTone).toBe(false);
  });
});

describe("a logo prop", () => {
  /** The Apple logo from simple-icons as a mask fitted into `box`, 1 where it has ink. */
  async function appleMask(box: Box) {
    const svg = fs.readFileSync(require.resolve("simple-icons/icons/apple.svg"), "utf8");
    const data = await sharp(Buffer.from(svg), { density: 1200 })
      .trim({ threshold: 0 })
      .resize(box.width, box.height, { fit: "fill" })
      .ensureAlpha()
      .extractChannel(3)
      .raw()
      .toBuffer();
    return Uint8Array.from(data, (a) => (a > 127 ? 1 : 0));
  }

  /** Pixels the prop drew in `box` close to `colour`, as a mask over the frame, and their bounding box. */
  function inkOf(frame: Buffer, without: Buffer, box: Box, colour: number[]) {
    let left = WIDTH;
    let top = HEIGHT;
    let right = 0;
    let bottom = 0;
    const mask = new Uint8Array(WIDTH * HEIGHT);
    for (let y = Math.max(0, box.top); y < Math.min(HEIGHT, box.top + box.height); y++) {
      for (let x = Math.max(0, box.left); x < Math.min(WIDTH, box.left + box.width); x++) {
        const i = (y * WIDTH + x) * 3;
        // Strict: a shadow (at most 55% black) over a scene light enough for a black logo stays further off.
        if (distance([frame[i], frame[i + 1], frame[i + 2]], colour) > 25) continue;
        // Only what the prop drew (the headline's white letters may reach into its box).
        if (distance([frame[i], frame[i + 1], frame[i + 2]], [without[i], without[i + 1], without[i + 2]]) < 40) continue;
        mask[y * WIDTH + x] = 1;
        left = Math.min(left, x);
        top = Math.min(top, y);
        right = Math.max(right, x + 1);
        bottom = Math.max(bottom, y + 1);
      }
    }
    return { mask, bounds: { left, top, width: right - left, height: bottom - top } };
  }

  test("iphone shows the Apple logo: its shape, in the brand colour where it stands out, else in white", async () => {
    const seen = new Set<string>();
    for (let paletteIndex = 0; paletteIndex < PALETTES.length; paletteIndex++) {
      const recipe = recipeWithProp("iphone 17 review", paletteIndex, paletteIndex % 2 ? "pattern" : "gradient");
      expect(recipe.prompt.prop?.logo).toBe("apple");
      const spec = await batch.planSpec(recipe);
      expect(spec.art.prop).not.toBeNull();
      const box = spec.art.prop!.box;
      const withProp = Buffer.from(batch.drawRaw(spec));
      const without = Buffer.from(batch.drawRaw(spec, new Set(["prop"])));

      // Apple's logo is black (its brand colour) or white: whichever of the two the prop drew more of is the glyph,
      // the other its thin sticker edge.
      const near = (colour: number[]) => inkOf(withProp, without, box, colour).mask.reduce((n, v) => n + v, 0);
      const colour = near([0, 0, 0]) > near([255, 255, 255]) ? [0, 0, 0] : [255, 255, 255];
      const { mask, bounds } = inkOf(withProp, without, box, colour);
      expect(bounds.width, `palette ${paletteIndex}`).toBeGreaterThan(80);

      // The shape is Apple's: the drawn ink and the logo fitted to the same box overlap almost entirely.
      const reference = await appleMask(bounds);
      let both = 0;
      let either = 0;
      for (let y = 0; y < bounds.height; y++) {
        for (let x = 0; x < bounds.width; x++) {
          const drawn = mask[(bounds.top + y) * WIDTH + bounds.left + x];
          const ref = reference[y * bounds.width + x];
          both += drawn & ref;
          either += drawn | ref;
        }
      }
      expect(both / either, `palette ${paletteIndex}: overlap with the Apple logo`).toBeGreaterThan(0.85);

      // Legible on its scene: the logo's colour against the background under it.
      let sum = 0;
      let n = 0;
      for (let y = bounds.top; y < bounds.top + bounds.height; y++) {
        for (let x = bounds.left; x < bounds.left + bounds.width; x++) {
          if (!mask[y * WIDTH + x]) continue;
          const i = (y * WIDTH + x) * 3;
          sum += luminance(without[i], without[i + 1], without[i + 2]);
          n++;
        }
      }
      const under = sum / n;
      const logo = luminance(colour[0], colour[1], colour[2]);
      expect(contrast(logo, under), `palette ${paletteIndex}`).toBeGreaterThanOrEqual(2.8);
      // Black (Apple's brand colour) wherever black stands out; white only where it would not.
      const isBlack = colour[0] === 0;
      if (contrast(0, under) >= 3.2) expect(isBlack, `palette ${paletteIndex}: brand colour stands out`).toBe(true);
      if (contrast(0, under) < 2.8) expect(isBlack, `palette ${paletteIndex}: black would not stand out`).toBe(false);
      seen.add(isBlack ? "black" : "white");
    }
    // Across the palettes, both treatments occur.
    expect(seen).toEqual(new Set(["black", "white"]));
  }, 60_000);

  test("a wordmark (Samsung) is set in its brand colour on a white badge, wide enough to read", async () => {
    const recipe = recipeWithProp("samsung s25 ultra review", 1, "burst");
    expect(recipe.prompt.prop?.logo).toBe("samsung");
    const spec = await batch.planSpec(recipe);
    expect(spec.art.prop).not.toBeNull();
    const withProp = Buffer.from(batch.drawRaw(spec));
    const without = Buffer.from(batch.drawRaw(spec, new Set(["prop"])));
    const { ink } = spec.art.prop!;
    let blue = 0;
    let white = 0;
    let left = WIDTH;
    let right = 0;
    for (let y = ink.top; y < ink.top + ink.height; y++) {
      for (let x = ink.left; x < ink.left + ink.width; x++) {
        const i = (y * WIDTH + x) * 3;
        const pixel = [withProp[i], withProp[i + 1], withProp[i + 2]];
        if (distance(pixel, [without[i], without[i + 1], without[i + 2]]) < 40) continue;
        if (distance(pixel, [0x14, 0x28, 0xa0]) < 40) {
          blue++;
          left = Math.min(left, x);
          right = Math.max(right, x + 1);
        } else if (distance(pixel, [255, 255, 255]) < 30) white++;
      }
    }
    // The letters are Samsung blue, the badge around them white.
    expect(blue).toBeGreaterThan(1500);
    expect(white).toBeGreaterThan(blue);
    // At 168x94 the wordmark is at least 20 pixels wide.
    expect(((right - left) * 168) / WIDTH).toBeGreaterThan(20);
  }, 30_000);
});
