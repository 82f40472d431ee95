import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { planGeneration } from "./plan";
import { parseStoredRecipe, RECIPE_VERSION, recipeForCell, serializeRecipe, StoredRecipeError } from "./recipe";

describe("stored recipes", () => {
  test("a version 1 recipe (before scenes) upgrades to a classic cell with its prop beside the headline", () => {
    const stored = fs.readFileSync("tests/fixtures/recipes/v1-person-right.json", "utf8");
    const recipe = parseStoredRecipe(stored);
    expect(recipe.version).toBe(RECIPE_VERSION);
    expect(recipe.scene).toEqual({ kind: "classic", propPlace: "headline", versus: null });
    expect(recipe.prompt.prop).toEqual({ emoji: "🖥️", keyword: "gaming PC" });
    expect(recipe.person).toEqual({ treatment: "cutout", outline: "glow", scale: 1.1, offsetX: -40, offsetY: 20 });
  });

  test("every cell's recipe (its scene, side and scale included) survives storing", () => {
    for (const keywords of ["react vs vue", "before and after home gym", "5 tips for better sleep", "reacting to my first video", "iPhone 17 review"]) {
      const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
      for (const prompt of plan.prompts) {
        for (const background of plan.backgrounds) {
          const recipe = recipeForCell({ prompt, background }, { hasMask: true });
          expect(parseStoredRecipe(serializeRecipe(recipe))).toEqual(JSON.parse(serializeRecipe(recipe)));
          expect(JSON.parse(serializeRecipe(recipe))).not.toHaveProperty("prompt.rotation");
        }
      }
    }
  });

  test("a version 2 recipe without its scene cannot be read", () => {
    const recipe = JSON.parse(fs.readFileSync("tests/fixtures/recipes/v1-person-right.json", "utf8"));
    expect(() => parseStoredRecipe(JSON.stringify({ ...recipe, version: 2 }))).toThrow(StoredRecipeError);
  });
});
