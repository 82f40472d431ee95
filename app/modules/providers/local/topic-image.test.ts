// Topic images in the offline compositor, measured on the rendered pixels:
// as the background (the photo where nothing covers it, its headline side
// darker and softer), as a framed screen (clear of the face, the headline
// and the duration corner), spread over a batch, and absent when a batch
// has none (docs/decisions/185-topic-images-in-the-compositor.md).
import fs from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { ASTRONAUT_PATH } from "#tests/images";
import { planGeneration, type GenerationPlan } from "~/modules/design/plan";
import { recipeForCell, type Recipe } from "~/modules/design/recipe";
import { DURATION_ZONE, HEIGHT, intersects, WIDTH, type Box } from "~/modules/design/frame";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { measureRecipeLegibility } from "~/modules/thumbnails/legibility.server";
import type { BatchPortrait, CellRequest } from "../provider";
import { LAYERS, startLocalBatch, type LayerName } from "./compositor.server";

// Saturated blocks in colours no palette draws with, so the image is told
// apart from everything else in the frame, and sharp edges for the blur to soften.
const BLOCKS = { a: ["#ff00a0", "#00e0ff", "#ffe000", "#3000ff"], b: ["#00ff40", "#ff5000", "#a000ff", "#00a0a0"] };

/** A 16:9 picture of 16 x 8 blocks, the colours taking turns in a pattern of its own. */
function topicImage(colours: string[]) {
  const blocks: string[] = [];
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 16; col++) {
      blocks.push(`<rect x="${col * 80}" y="${row * 90}" width="80" height="90" fill="${colours[(col * 3 + row * 2 + ((col * row) % 3)) % colours.length]}"/>`);
    }
  }
  return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720">${blocks.join("")}</svg>`)).jpeg({ quality: 95 }).toBuffer();
}

const keywords = "budget gaming PC, under 500 dollars, is it worth it";
let portrait: BatchPortrait;
let plan: GenerationPlan;
const topics = new Map<string, Buffer>();
/** Each image as the frame's background would show it untouched: a cover crop at the frame's size. */
const originals = new Map<string, Buffer>();

beforeAll(async () => {
  portrait = await analysedPortrait(fs.readFileSync(ASTRONAUT_PATH));
  plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
  for (const [key, colours] of Object.entries(BLOCKS)) {
    const bytes = await topicImage(colours);
    topics.set(key, bytes);
    originals.set(key, await sharp(bytes).resize(WIDTH, HEIGHT, { fit: "cover" }).removeAlpha().raw().toBuffer());
  }
}, 120_000);

const batchFor = () =>
  startLocalBatch({ portrait }, async (key) => {
    const bytes = topics.get(key);
    if (!bytes) throw new Error(`no topic image ${key}`);
    return bytes;
  });

const cellsOf = (batchPlan: GenerationPlan): CellRequest[] =>
  batchPlan.prompts.flatMap((prompt) => batchPlan.backgrounds.map((background) => ({ prompt, background })));
const recipesWith = (keys: string[]) => cellsOf(plan).map((cell) => recipeForCell(cell, { hasMask: true, topics: keys }));

const raw = (jpeg: Buffer) => sharp(jpeg).removeAlpha().raw().toBuffer();
const lum = (p: Buffer, i: number) => 0.2126 * p[i] + 0.7152 * p[i + 1] + 0.0722 * p[i + 2];

/** Pixels where two drawings of one cell differ: what the left-out layers drew. */
function differing(a: Buffer, b: Buffer, threshold = 30) {
  const mask = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < mask.length; i++) {
    const d = Math.abs(a[i * 3] - b[i * 3]) + Math.abs(a[i * 3 + 1] - b[i * 3 + 1]) + Math.abs(a[i * 3 + 2] - b[i * 3 + 2]);
    if (d > threshold) mask[i] = 1;
  }
  return mask;
}

function inBox(mask: Uint8Array, box: Box) {
  let count = 0;
  for (let y = Math.max(0, Math.floor(box.top)); y < Math.min(HEIGHT, box.top + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.left)); x < Math.min(WIDTH, box.left + box.width); x++) count += mask[y * WIDTH + x];
  }
  return count;
}

/** Pearson correlation of two frames' luminance over the listed pixels. */
function correlation(a: Buffer, b: Buffer, at: number[]) {
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (const p of at) {
    const x = lum(a, p * 3);
    const y = lum(b, p * 3);
    sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
  }
  const n = at.length;
  return (sab - (sa * sb) / n) / Math.sqrt((saa - (sa * sa) / n) * (sbb - (sb * sb) / n));
}

/**
 * Mean luminance, and the share of steps to the right-hand neighbour that are
 * sharp (a blur spreads each edge into many small steps), inside boxes.
 */
function lightAndDetail(p: Buffer, boxes: Box[]) {
  let light = 0, detail = 0, n = 0;
  for (const b of boxes) {
    for (let y = b.top; y < b.top + b.height; y += 2) {
      for (let x = b.left; x < b.left + b.width - 1; x += 2) {
        const i = (y * WIDTH + x) * 3;
        light += lum(p, i);
        if (Math.abs(lum(p, i + 3) - lum(p, i)) > 10) detail++;
        n++;
      }
    }
  }
  return { light: light / n, detail: detail / n };
}

const ALL: ReadonlySet<LayerName> = new Set(LAYERS);
const textLayers = (spec: { headline: { boxes: Box[] } }) => spec.headline.boxes;

describe("topic images in the local compositor, measured on its output", () => {
  test("a batch with topic images: about half its cells on an image, a third with it on a screen, the rest drawn; every image used; a batch without has no topic at all", () => {
    const withTopics = recipesWith(["a", "b"]);
    const places = withTopics.map((r) => r.topic?.place ?? "none");
    const count = (place: string) => places.filter((p) => p === place).length;
    expect(count("background") / places.length).toBeGreaterThanOrEqual(0.4);
    expect(count("background") / places.length).toBeLessThanOrEqual(0.6);
    expect(count("screen") / places.length).toBeGreaterThanOrEqual(0.25);
    expect(count("none")).toBeGreaterThan(0);
    // Each image in each place.
    for (const key of ["a", "b"]) {
      for (const place of ["background", "screen"]) expect(withTopics.some((r) => r.topic?.key === key && r.topic.place === place), `${key} as ${place}`).toBe(true);
    }
    const three = recipesWith(["a", "b", "c"]).map((r) => r.topic?.key);
    expect(new Set(three.filter(Boolean))).toEqual(new Set(["a", "b", "c"]));
    // Without topic images the recipes are the ones stored before topic images.
    for (const cell of cellsOf(plan)) {
      const recipe = recipeForCell(cell, { hasMask: true, topics: [] });
      expect("topic" in recipe).toBe(false);
      expect(recipe).toEqual(recipeForCell(cell, { hasMask: true }));
    }
  });

  test("a batch without topic images draws the very bytes it drew before", async () => {
    const batch = batchFor();
    for (const cell of cellsOf(plan).slice(0, 4)) {
      const [plain, none] = await Promise.all([batchFor().render(cell), batch.render(cell, [])]);
      expect(plain.image.equals(none.image)).toBe(true);
      expect(plain.spec.topic).toBeUndefined();
    }
  });

  test("as the background: the image shows wherever nothing is drawn over it, the headline's side darker and softer than the image, the corner and contrast checks pass", async () => {
    const batch = batchFor();
    const recipes = recipesWith(["a", "b"]).filter((r) => r.topic?.place === "background");
    expect(recipes.length).toBeGreaterThanOrEqual(4);
    const layouts = new Set<string>();
    for (const recipe of recipes) {
      const label = `cell ${recipe.prompt.index}x${recipe.background.index} (${recipe.scene.kind}, ${recipe.prompt.layout})`;
      const spec = await batch.planSpec(recipe);
      layouts.add(spec.prompt.layout);
      const jpeg = await batch.draw(spec);
      const [whole, ground] = [await raw(jpeg), await raw(await batch.draw(spec, ALL))];
      const original = originals.get(recipe.topic!.key)!;
      const other = originals.get(recipe.topic!.key === "a" ? "b" : "a")!;
      // On the person's side, where the final frame is the bare background, it is the image.
      const covered = differing(whole, ground, 20);
      const personRight = spec.prompt.layout === "person-right";
      const bare: number[] = [];
      for (let y = 0; y < HEIGHT; y += 3) {
        for (let x = personRight ? Math.round(WIDTH * 0.76) : 0; x < (personRight ? WIDTH : Math.round(WIDTH * 0.24)); x += 3) {
          if (!covered[y * WIDTH + x]) bare.push(y * WIDTH + x);
        }
      }
      expect(bare.length, label).toBeGreaterThan(2000);
      const own = correlation(whole, original, bare);
      expect(own, label).toBeGreaterThan(0.85);
      // Its own image, not the batch's other one.
      expect(correlation(whole, other, bare), label).toBeLessThan(own - 0.3);
      // Under the headline: darker, and with less detail (blurred), than the image there.
      const boxes = textLayers(spec);
      const drawn = lightAndDetail(ground, boxes);
      const before = lightAndDetail(original, boxes);
      expect(drawn.light, label).toBeLessThan(before.light * 0.6);
      expect(before.detail, label).toBeGreaterThan(0.005);
      expect(drawn.detail, label).toBeLessThan(before.detail * 0.2);
      const checks = Object.fromEntries((await measureRecipeLegibility(jpeg, spec, batch)).map((c) => [c.id, c]));
      expect(checks["duration-corner"].ok, `${label}: ${checks["duration-corner"].value}`).toBe(true);
      expect(checks["contrast"].ok, `${label}: ${checks["contrast"].value}`).toBe(true);
      expect(checks["face"].ok, `${label}: ${checks["face"].value}`).toBe(true);
    }
    expect(layouts.size).toBe(2);
  }, 120_000);

  test("as a screen: the image in a white frame, under the headline, clear of the face, the headline and the duration corner", async () => {
    const batch = batchFor();
    // Every cell of the batch with its image on a screen, whichever place the plan gave it.
    const recipes: Recipe[] = recipesWith(["a"])
      .filter((r) => r.scene.kind === "classic" || r.scene.kind === "reaction")
      .map((r) => ({ ...r, topic: { key: "a", place: "screen" } }));
    expect(recipes.length).toBeGreaterThanOrEqual(6);
    const colours = BLOCKS.a.map((hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)));
    const layouts = new Set<string>();
    for (const recipe of recipes) {
      const label = `cell ${recipe.prompt.index}x${recipe.background.index} (${recipe.scene.kind}, ${recipe.prompt.layout})`;
      const spec = await batch.planSpec(recipe);
      layouts.add(spec.prompt.layout);
      const jpeg = await batch.draw(spec);
      const noText: ReadonlySet<LayerName> = new Set(["headline", "scrim", "decoration"]);
      const [withScreen, withoutScreen] = await Promise.all([raw(await batch.draw(spec, noText)), raw(await batch.draw(spec, new Set([...noText, "prop"])))]);
      // What the prop layer drew where the person does not cover it: the screen.
      const screen = differing(withScreen, withoutScreen);
      let pixels = 0, white = 0, topic = 0;
      for (let i = 0; i < screen.length; i++) {
        if (!screen[i]) continue;
        pixels++;
        const [r, g, b] = [withScreen[i * 3], withScreen[i * 3 + 1], withScreen[i * 3 + 2]];
        if (r > 225 && g > 225 && b > 225) white++;
        else if (colours.some(([cr, cg, cb]) => Math.abs(r - cr) + Math.abs(g - cg) + Math.abs(b - cb) < 90)) topic++;
      }
      expect(pixels, label).toBeGreaterThan(40_000);
      expect(topic / pixels, `${label}: the image's colours`).toBeGreaterThan(0.5);
      expect(white / pixels, `${label}: the frame`).toBeGreaterThan(0.04);
      const [face] = await detectFaces(jpeg);
      expect(face, label).toBeDefined();
      expect(inBox(screen, face.box), `${label}: over the face`).toBe(0);
      for (const box of spec.headline.boxes) expect(inBox(screen, box), `${label}: under the headline`).toBe(0);
      expect(inBox(screen, DURATION_ZONE), `${label}: in the duration corner`).toBe(0);
      expect(intersects(face.box, DURATION_ZONE), label).toBe(false);
      const checks = Object.fromEntries((await measureRecipeLegibility(jpeg, spec, batch)).map((c) => [c.id, c]));
      expect(checks["duration-corner"].ok, `${label}: ${checks["duration-corner"].value}`).toBe(true);
      expect(checks["contrast"].ok, `${label}: ${checks["contrast"].value}`).toBe(true);
    }
    expect(layouts.size).toBe(2);
  }, 180_000);
});
