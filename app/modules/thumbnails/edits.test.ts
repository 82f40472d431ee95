import { describe, expect, test } from "vitest";
import { planGeneration } from "~/modules/design/plan";
import { applyEdits, EditSchema, editsFromSpec } from "./edits";
import { recipeForCell } from "~/modules/design/recipe";

const plan = planGeneration({ keywords: "budget gaming PC, under 500 dollars", promptCount: 3, backgroundCount: 1 });
const spec = recipeForCell({ prompt: plan.prompts[0], background: plan.backgrounds[0] }, { hasMask: true });
const prop = { emoji: "🖥️", keyword: "gaming PC" };

describe("editing a recipe", () => {
  test("the form's values give back the same recipe", () => {
    expect(applyEdits(spec, editsFromSpec(spec), { prop })).toEqual({ ...spec, background: { ...spec.background, paletteIndex: spec.background.paletteIndex % 10 } });
  });

  test("the accented word is the one the form shows; past the words, the strongest word", () => {
    const edited = applyEdits(spec, { ...editsFromSpec(spec), headline: "best zoom ever?", accentIndex: 1 }, { prop });
    expect(edited.prompt.words).toEqual(["BEST", "ZOOM", "EVER?"]);
    expect(edited.prompt.accentIndex).toBe(1);
    // The form still shows the first word picked: that is the word drawn, even though the words changed.
    expect(spec.prompt.accentIndex).toBe(0);
    const retyped = applyEdits(spec, { ...editsFromSpec(spec), headline: "zoom is best" }, { prop });
    expect(retyped.prompt).toMatchObject({ words: ["ZOOM", "IS", "BEST"], accentIndex: 0 });
    const short = applyEdits(spec, { ...editsFromSpec(spec), headline: "wow", accentIndex: 3 }, { prop });
    expect(short.prompt).toMatchObject({ words: ["WOW"], accentIndex: 0 });
  });

  test("an AI plate keeps its scene: the person's side and treatment stay, the words and prop change", () => {
    const plated = { ...spec, plate: { key: "plate.jpg", face: { left: 800, top: 100, width: 250, height: 260 } } };
    const edits = { ...editsFromSpec(plated), layout: "person-left" as const, treatment: "circle" as const, scale: 1.2, prop: "on" as const, headline: "NEW" };
    const edited = applyEdits(plated, edits, { prop });
    expect(edited.prompt.layout).toBe(plated.prompt.layout);
    expect(edited.person).toEqual(plated.person);
    expect(edited.prompt.words).toEqual(["NEW"]);
    expect(edited.prompt.prop).toEqual(plated.prompt.prop ?? prop);
  });

  test("the form refuses what cannot be drawn, in words", () => {
    const result = EditSchema.safeParse({ ...editsFromSpec(spec), headline: "one two three four five six" });
    expect(result.success).toBe(false);
    // Counted as the thumbnail splits words, like the Generate form: nothing saved is cut to five.
    const glued = EditSchema.safeParse({ ...editsFromSpec(spec), headline: "one,two,three,four,five,six" });
    expect(glued.success).toBe(false);
    expect(glued.error?.issues.map((i) => i.message)).toEqual([
      "Commas, slashes and brackets split words: this headline is 6 words on a thumbnail. Keep it to 5 or fewer.",
    ]);
    expect(EditSchema.safeParse({ ...editsFromSpec(spec), scale: "3" }).success).toBe(false);
    expect(EditSchema.safeParse({ ...editsFromSpec(spec), paletteIndex: "10" }).success).toBe(false);
  });

  test("the topic image's place: switched between background and screen, turned off, kept when the form does not say; a recipe without one gets none", () => {
    expect("topicPlace" in editsFromSpec(spec)).toBe(false);
    expect("topic" in applyEdits(spec, editsFromSpec(spec), { prop })).toBe(false);
    const shown = { ...spec, topic: { key: "topics/a.jpg", place: "background" as const } };
    expect(editsFromSpec(shown).topicPlace).toBe("background");
    expect(applyEdits(shown, editsFromSpec(shown), { prop }).topic).toEqual(shown.topic);
    expect(applyEdits(shown, { ...editsFromSpec(shown), topicPlace: "screen" }, { prop }).topic).toEqual({ key: "topics/a.jpg", place: "screen" });
    const off = applyEdits(shown, { ...editsFromSpec(shown), topicPlace: "off" }, { prop });
    expect(off.topic).toBeNull();
    expect(editsFromSpec(off).topicPlace).toBe("off");
    // A form from before topic images says nothing: the recipe keeps its image.
    const { topicPlace: _, ...older } = editsFromSpec(shown);
    expect(applyEdits(shown, EditSchema.parse(older), { prop }).topic).toEqual(shown.topic);
    // Back on after it was turned off, with the image the caller knows of; without one, still none.
    expect(applyEdits(off, { ...editsFromSpec(off), topicPlace: "screen" }, { prop, topic: "topics/a.jpg" }).topic).toEqual({ key: "topics/a.jpg", place: "screen" });
    expect(applyEdits(off, { ...editsFromSpec(off), topicPlace: "screen" }, { prop }).topic).toBeNull();
    expect(EditSchema.safeParse({ ...editsFromSpec(shown), topicPlace: "floor" }).success).toBe(false);
  });
});
