// A batch of 12 shows at least 6 compositions, measured on the JPEGs: each
// thumbnail becomes a colour-blind edge map (greyscale, 64x36, Sobel, unit
// length), thumbnails whose maps are alike (cosine similarity at or above
// SAME_COMPOSITION) are linked, and the linked groups are counted. The
// threshold is calibrated by the tests below: one recipe on four palettes
// (a recolouring) is one group, and a batch drawn the way it was before each
// cell had its own composition (one composition per headline, on four
// background kinds) is the two or three the issue saw.
import fs from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { planGeneration, type GenerationPlan } from "~/modules/design/plan";
import { recipeForCell, type Recipe } from "~/modules/design/recipe";
import { ASTRONAUT_PATH } from "#tests/images";
import type { BatchPortrait, CellRequest } from "../provider";
import { startLocalBatch, type LocalBatch } from "./compositor.server";

const MAP = { width: 64, height: 36 };
const SAME_COMPOSITION = 0.85;

let portrait: BatchPortrait;
beforeAll(async () => {
  portrait = await analysedPortrait(fs.readFileSync(ASTRONAUT_PATH));
}, 60_000);

/** Sobel magnitudes of the thumbnail's grey levels at 64x36, scaled to unit length: shapes, not colours. */
async function edgeMap(jpeg: Buffer) {
  const grey = await sharp(jpeg).greyscale().resize(MAP.width, MAP.height, { kernel: "cubic" }).raw().toBuffer();
  const { width, height } = MAP;
  const map = new Float64Array(width * height);
  const at = (x: number, y: number) => grey[y * width + x];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const gx = at(x + 1, y - 1) + 2 * at(x + 1, y) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x - 1, y) - at(x - 1, y + 1);
      const gy = at(x - 1, y + 1) + 2 * at(x, y + 1) + at(x + 1, y + 1) - at(x - 1, y - 1) - 2 * at(x, y - 1) - at(x + 1, y - 1);
      map[y * width + x] = Math.hypot(gx, gy);
    }
  }
  const length = Math.hypot(...map) || 1;
  return map.map((v) => v / length);
}

const similarity = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, i) => sum + v * b[i], 0);

/** Single-link groups: two thumbnails alike enough are in one group, and so is everything alike to either. */
function compositions(maps: Float64Array[]) {
  const parent = maps.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  for (let i = 0; i < maps.length; i++) {
    for (let j = i + 1; j < maps.length; j++) if (similarity(maps[i], maps[j]) >= SAME_COMPOSITION) parent[root(i)] = root(j);
  }
  return new Set(maps.map((_, i) => root(i))).size;
}

const cellsOf = (plan: GenerationPlan): CellRequest[] => plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));

async function mapsOf(batch: LocalBatch, recipes: Recipe[]) {
  return Promise.all(recipes.map(async (recipe) => edgeMap(await batch.draw(await batch.planSpec(recipe)))));
}

describe("variety: the edge maps of a batch's thumbnails", () => {
  test.each(["iPhone 17 review, shocking battery", "budget gaming PC under 500 dollars", "react vs vue", "before and after home gym"])(
    "a batch of 12 for %s shows at least 6 compositions",
    async (keywords) => {
      const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
      const batch = startLocalBatch({ portrait });
      const maps = await Promise.all(cellsOf(plan).map(async (cell) => edgeMap((await batch.render(cell)).image)));
      expect(compositions(maps)).toBeGreaterThanOrEqual(6);
    },
    60_000,
  );

  test("calibration: one recipe recoloured with four palettes is one composition", async () => {
    const batch = startLocalBatch({ portrait });
    // Every role of a row, and a video layout, each on four palettes.
    for (const keywords of ["budget gaming PC under 500 dollars", "react vs vue", "before and after home gym"]) {
      const plan = planGeneration({ keywords, promptCount: 1, backgroundCount: 4 });
      for (const background of plan.backgrounds) {
        const recipe = recipeForCell({ prompt: plan.prompts[0], background }, { hasMask: true });
        const recoloured = [0, 3, 6, 9].map((paletteIndex) => ({ ...recipe, background: { ...recipe.background, paletteIndex } }));
        expect(compositions(await mapsOf(batch, recoloured)), `${keywords}: ${recipe.scene.kind} ${recipe.scene.propPlace} on ${background.kind}`).toBe(1);
      }
    }
  }, 60_000);

  test("calibration: one composition per headline, on four background kinds, is counted as the issue saw it (3 or fewer)", async () => {
    const batch = startLocalBatch({ portrait });
    for (const keywords of ["iPhone 17 review, shocking battery", "budget gaming PC under 500 dollars"]) {
      const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
      // Each headline keeps the composition of its first cell on every background.
      const recipes = cellsOf(plan).map(({ prompt, background }) => ({
        ...recipeForCell({ prompt, background: plan.backgrounds[0] }, { hasMask: true }),
        background,
      }));
      expect(compositions(await mapsOf(batch, recipes)), keywords).toBeLessThanOrEqual(3);
    }
  }, 60_000);
});
