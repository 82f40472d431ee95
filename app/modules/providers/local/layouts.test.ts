// The layouts for common video types (versus, before/after, big number,
// reaction) and the topic behind the person, measured on the rendered
// pixels: each keeps the product's rules (the duration corner clear, no
// letter on the face, the face large, the letters 4.5:1 against what is
// behind them) and shows what its layout promises.
import fs from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { fillColours, glyphPixels, lineInkHeight } from "#tests/headline-pixels";
import { planGeneration, type SceneKind } from "~/modules/design/plan";
import { parseStoredRecipe, recipeForCell, serializeRecipe, type Recipe } from "~/modules/design/recipe";
import { DURATION_ZONE, HEIGHT, MIN_CAP_HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { ASTRONAUT_PATH } from "#tests/images";
import type { BatchPortrait } from "../provider";
import { headlineFitErrors } from "~/modules/generations/headline-fit.server";
import { startLocalBatch, type LayerName, type LocalBatch } from "./compositor.server";

function channel(c: number) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}
const relativeLuminance = (r: number, g: number, b: number) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);

let portraits: Array<{ name: string; portrait: BatchPortrait }>;
beforeAll(async () => {
  const load = async (name: string, file: string) => ({ name, portrait: await analysedPortrait(fs.readFileSync(file)) });
  portraits = [await load("astronaut", ASTRONAUT_PATH), await load("Grace Hopper", "tests/fixtures/grace-hopper.jpg")];
}, 60_000);

/** The cells of a 3 x 4 batch whose recipe has the given scene. */
function cellsWith(keywords: string, match: (recipe: Recipe) => boolean) {
  const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
  return plan.prompts.flatMap((prompt) =>
    plan.backgrounds.map((background) => recipeForCell({ prompt, background }, { hasMask: true })).filter(match),
  );
}

const pixels = async (jpeg: Buffer) => sharp(jpeg).removeAlpha().raw().toBuffer();

function difference(a: Buffer, b: Buffer, threshold: number) {
  const mask = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < mask.length; i++) {
    if (Math.abs(a[i * 3] - b[i * 3]) + Math.abs(a[i * 3 + 1] - b[i * 3 + 1]) + Math.abs(a[i * 3 + 2] - b[i * 3 + 2]) > threshold) mask[i] = 1;
  }
  return mask;
}

function countIn(mask: Uint8Array, box: Box) {
  let count = 0;
  for (let y = Math.max(0, Math.floor(box.top)); y < Math.min(HEIGHT, box.top + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.left)); x < Math.min(WIDTH, box.left + box.width); x++) count += mask[y * WIDTH + x];
  }
  return count;
}

async function render(batch: LocalBatch, recipe: Recipe, omit: LayerName[] = []) {
  const spec = await batch.planSpec(recipe);
  return { spec, jpeg: await batch.draw(spec, new Set(omit)) };
}

/** The product's rules on one rendered cell; returns the face's share of the height. */
async function checkRules(batch: LocalBatch, recipe: Recipe, label: string) {
  const { spec, jpeg } = await render(batch, recipe);
  const whole = await pixels(jpeg);
  const withoutText = await pixels((await render(batch, recipe, ["headline"])).jpeg);
  const backgroundAndPerson = await pixels((await render(batch, recipe, ["scrim", "decoration", "prop", "headline"])).jpeg);

  // Nothing but the background and the person in the duration corner.
  expect(countIn(difference(whole, backgroundAndPerson, 24), DURATION_ZONE), `${label}: duration corner`).toBe(0);

  // No letter on the face the detector finds in the output.
  const drawn = difference(whole, withoutText, 40);
  const [face] = await detectFaces(jpeg);
  expect(face, `${label}: a face is found`).toBeDefined();
  expect(countIn(drawn, face.box), `${label}: headline pixels on the face`).toBe(0);

  // Letters at least 10% of the frame, in their fill colours, 4.5:1 against the brightest tenth behind them.
  const fills = fillColours(spec);
  const glyph = glyphPixels(spec, whole, drawn);
  for (const box of spec.headline.boxes) expect(lineInkHeight(glyph, box), `${label}: line ink height`).toBeGreaterThanOrEqual(MIN_CAP_HEIGHT * 0.95);
  const behind: number[] = [];
  for (let i = 0; i < glyph.length; i += 2) if (glyph[i]) behind.push(relativeLuminance(withoutText[i * 3], withoutText[i * 3 + 1], withoutText[i * 3 + 2]));
  expect(behind.length, `${label}: glyph pixels`).toBeGreaterThan(2000);
  behind.sort((a, b) => a - b);
  const bright = behind[Math.floor(behind.length * 0.9)];
  for (const [r, g, b] of fills) expect((relativeLuminance(r, g, b) + 0.05) / (bright + 0.05), `${label}: contrast`).toBeGreaterThanOrEqual(4.5);
  return { share: face.box.height / HEIGHT, spec, whole, drawn, face: face.box };
}

const SCENES: Array<[SceneKind, string]> = [
  ["versus", "react vs vue"],
  ["versus", "iphone 17 vs pixel 10"],
  ["before-after", "before and after home gym"],
  ["big-number", "5 tips for better sleep"],
  ["reaction", "reacting to my first video"],
];

describe("layouts for video types, measured on the pixels", () => {
  test.each(SCENES)("%s (%s) keeps the duration corner clear, the letters off the face and legible, the face large", async (kind, keywords) => {
    for (const { name, portrait } of portraits) {
      const batch = startLocalBatch({ portrait });
      // The creator's own words where the headline generator would not open with the count.
      const recipes = cellsWith(keywords, (r) => r.scene.kind === kind);
      expect(recipes.length, `${keywords}: cells with the layout`).toBeGreaterThan(0);
      // A part of the batch, not all of it.
      expect(recipes.length).toBeLessThanOrEqual(4);
      const shares: number[] = [];
      for (const recipe of recipes) {
        const { share } = await checkRules(batch, recipe, `${name}, ${keywords}, prompt ${recipe.prompt.index} background ${recipe.background.index}`);
        shares.push(share);
      }
      expect(shares.filter((s) => s >= 0.3).length / shares.length, `${name}: face shares ${shares.map((s) => s.toFixed(2))}`).toBeGreaterThanOrEqual(0.75);
    }
  }, 120_000);

  test("the topic behind the person and as a pattern keep the rules too", async () => {
    for (const { name, portrait } of portraits) {
      const batch = startLocalBatch({ portrait });
      const recipes = cellsWith("budget gaming PC under 500 dollars", (r) => r.prompt.prop !== null && r.scene.propPlace !== "headline");
      expect(new Set(recipes.map((r) => r.scene.propPlace))).toEqual(new Set(["behind", "pattern"]));
      for (const recipe of recipes) await checkRules(batch, recipe, `${name}, ${recipe.scene.propPlace}, prompt ${recipe.prompt.index}`);
    }
  }, 120_000);

  test("versus: two contenders on either side of a VS badge under the headline", async () => {
    const batch = startLocalBatch({ portrait: portraits[0].portrait });
    for (const recipe of cellsWith("react vs vue", (r) => r.scene.kind === "versus")) {
      const { spec, jpeg } = await render(batch, recipe);
      const without = await pixels((await render(batch, recipe, ["decoration", "prop"])).jpeg);
      const scene = difference(await pixels(jpeg), without, 60);
      // The row under the headline, split at its middle: both halves carry a contender.
      const textBottom = Math.max(...spec.headline.boxes.map((b) => b.top + b.height));
      const left = Math.min(...spec.headline.boxes.map((b) => b.left));
      const right = Math.max(...spec.headline.boxes.map((b) => b.left + b.width));
      const row = { top: textBottom, height: HEIGHT - textBottom };
      const inkLeft = countIn(scene, { left: 0, width: (left + right) / 2, ...row });
      const inkRight = countIn(scene, { left: (left + right) / 2, width: WIDTH - (left + right) / 2, ...row });
      expect(Math.min(inkLeft, inkRight), `prompt ${recipe.prompt.index}: ink left ${inkLeft}, right ${inkRight}`).toBeGreaterThan(8000);
      // Nothing of it above the headline's last line.
      expect(countIn(scene, { left: 0, top: 0, width: WIDTH, height: textBottom - 30 })).toBe(0);
    }
  }, 60_000);

  test("before/after: the half away from the person is grey, the person's half keeps its colour, both are labelled", async () => {
    const batch = startLocalBatch({ portrait: portraits[0].portrait });
    for (const recipe of cellsWith("before and after home gym", (r) => r.scene.kind === "before-after")) {
      const { jpeg } = await render(batch, recipe, ["person", "headline", "scrim"]);
      const bare = await pixels((await render(batch, recipe, ["person", "headline", "scrim", "decoration"])).jpeg);
      const saturation = (x0: number, x1: number) => {
        let sum = 0;
        let n = 0;
        for (let y = HEIGHT * 0.8; y < HEIGHT; y += 3) {
          for (let x = x0; x < x1; x += 3) {
            const i = (Math.floor(y) * WIDTH + Math.floor(x)) * 3;
            sum += Math.max(bare[i], bare[i + 1], bare[i + 2]) - Math.min(bare[i], bare[i + 1], bare[i + 2]);
            n++;
          }
        }
        return sum / n;
      };
      const personLeft = recipe.prompt.layout === "person-left";
      const before = personLeft ? saturation(WIDTH * 0.55, WIDTH * 0.7) : saturation(WIDTH * 0.05, WIDTH * 0.45);
      const after = personLeft ? saturation(WIDTH * 0.05, WIDTH * 0.45) : saturation(WIDTH * 0.55, WIDTH * 0.7);
      expect(before, "the before half").toBeLessThan(6);
      expect(after, "the after half").toBeGreaterThan(before + 10);
      // Labels on both halves, near the top.
      const labels = difference(await pixels(jpeg), bare, 60);
      const top = { top: 0, height: HEIGHT * 0.35 };
      expect(countIn(labels, { left: 0, width: WIDTH / 2 - 20, ...top })).toBeGreaterThan(3000);
      expect(countIn(labels, { left: WIDTH / 2 + 20, width: WIDTH / 2 - 20, ...top })).toBeGreaterThan(3000);
    }
  }, 60_000);

  test("big number: the count is drawn huge, at least 40% of the frame height, the rest at headline size", async () => {
    const batch = startLocalBatch({ portrait: portraits[0].portrait });
    const recipes = cellsWith("5 tips for better sleep", (r) => r.scene.kind === "big-number");
    for (const recipe of recipes) {
      const { whole, drawn } = await checkRules(batch, recipe, `prompt ${recipe.prompt.index}`);
      expect(whole.length).toBeGreaterThan(0);
      // The tallest run of headline ink in any column: the number's stroke.
      let tallest = 0;
      for (let x = 0; x < WIDTH; x++) {
        let run = 0;
        for (let y = 0; y < HEIGHT; y++) {
          run = drawn[y * WIDTH + x] ? run + 1 : 0;
          tallest = Math.max(tallest, run);
        }
      }
      expect(tallest / HEIGHT, `prompt ${recipe.prompt.index}`).toBeGreaterThanOrEqual(0.4);
    }
  }, 60_000);

  test("reaction: a large screen with the topic behind the person, the person in front", async () => {
    const batch = startLocalBatch({ portrait: portraits[0].portrait });
    for (const recipe of cellsWith("reacting to my first video", (r) => r.scene.kind === "reaction")) {
      const { jpeg } = await render(batch, recipe);
      const whole = await pixels(jpeg);
      const without = await pixels((await render(batch, recipe, ["prop"])).jpeg);
      const screen = difference(whole, without, 40);
      const area = countIn(screen, { left: 0, top: 0, width: WIDTH, height: HEIGHT });
      expect(area / (WIDTH * HEIGHT), `prompt ${recipe.prompt.index}: the screen's share of the frame`).toBeGreaterThan(0.12);
      // Behind the person: where the person is drawn, the screen changes nothing (but the rim and the person's shadow on it).
      const person = difference(
        await pixels((await render(batch, recipe, ["prop", "scrim", "decoration", "headline"])).jpeg),
        await pixels((await render(batch, recipe, ["prop", "scrim", "decoration", "headline", "person"])).jpeg),
        60,
      );
      let over = 0;
      for (let i = 0; i < person.length; i++) over += person[i] & screen[i];
      expect(over / area, `prompt ${recipe.prompt.index}: the screen over the person`).toBeLessThan(0.05);
    }
  }, 60_000);

  test("a creator's own headline the form accepts is drawn whole in every cell, whatever the cell's layout or letter style", async () => {
    // Long words: the reaction and versus layouts and the effects of a style leave them too little room.
    const headline = "Reacting to unbelievable transformations";
    expect(headlineFitErrors(headline)).toBeNull();
    const plan = planGeneration({ keywords: "reacting to my first video, react vs vue", headline, promptCount: 3, backgroundCount: 4 });
    for (const { name, portrait } of portraits) {
      const batch = startLocalBatch({ portrait });
      for (const prompt of plan.prompts) {
        for (const background of plan.backgrounds) {
          const spec = await batch.planCell({ prompt, background });
          const drawn = spec.headline.parts.flatMap((part) => part.layout.lines.flatMap((line) => line.words.map((w) => w.text)));
          expect(drawn.join(" "), `${name}, prompt ${prompt.index} background ${background.index}`).toBe("REACTING TO UNBELIEVABLE TRANSFORMATIONS");
        }
      }
    }
  }, 120_000);

  test("a stored recipe of each layout re-renders to the same bytes", async () => {
    const batch = startLocalBatch({ portrait: portraits[1].portrait });
    for (const [kind, keywords] of SCENES) {
      const [recipe] = cellsWith(keywords, (r) => r.scene.kind === kind);
      const first = (await render(batch, recipe)).jpeg;
      const again = await render(startLocalBatch({ portrait: portraits[1].portrait }), parseStoredRecipe(serializeRecipe(recipe)));
      expect(again.jpeg.equals(first), kind).toBe(true);
    }
  }, 60_000);
});
