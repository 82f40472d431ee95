import { describe, expect, test } from "vitest";
import { planGeneration } from "~/modules/design/plan";
import { describeSceneCell, NO_TEXT_INSTRUCTION, STYLE_REFERENCE_WORDS } from "./scene-prompt";

describe("the prompt sent to an image model (kie.ai, OpenAI)", () => {
  const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 1 });
  const background = plan.backgrounds[0];
  const withProp = plan.prompts.find((p) => p.prop)!;

  test("when the model draws the text, asks for a brand's logo by name, not for the emoji standing in for it", () => {
    const logo = { ...withProp, prop: { emoji: "📱", keyword: "iPhone", logo: "apple" } };
    const text = describeSceneCell({ prompt: logo, background }, "iPhone 17 review", { modelDraws: "everything" });
    expect(text).toContain("the Apple logo, large, as a 3D prop");
    expect(text).not.toContain("📱");
  });

  test("when the model draws the text, asks for an emoji prop as the emoji and its keyword", () => {
    const emoji = { ...withProp, prop: { emoji: "🔋", keyword: "battery" } };
    expect(describeSceneCell({ prompt: emoji, background }, "battery", { modelDraws: "everything" })).toContain("a large 🔋 (battery) as a 3D prop");
  });

  test("by default the model is asked for the topic alone: no person, no text, the person's third kept simple, the headline's side calm", () => {
    const right = { ...plan.prompts[0], layout: "person-right" as const };
    const text = describeSceneCell({ prompt: right, background }, "iPhone 17 review");
    expect(text).toContain("about: iPhone 17 review");
    expect(text).toContain("No people");
    expect(text).not.toContain("Keep the person from the photo");
    expect(text).toContain("added on the right third");
    expect(text).toContain("upper left side calm");
    expect(text).toContain(NO_TEXT_INSTRUCTION);
  });

  test("when the model draws the person, it keeps the person from the photo on the layout's side, still without text", () => {
    const left = { ...plan.prompts[0], layout: "person-left" as const };
    const text = describeSceneCell({ prompt: left, background }, "iPhone 17 review", { modelDraws: "person" });
    expect(text).toContain("Keep the person from the photo, large and sharp, on the left third");
    expect(text).toContain(NO_TEXT_INSTRUCTION);
  });

  test("topic images are named to the model as the subject: alone for a scene, after the person's photo otherwise", () => {
    const scene = describeSceneCell({ prompt: plan.prompts[0], background }, "iPhone 17 review", { modelDraws: "scene", topicImages: 2 });
    expect(scene).toContain("The images show the subject of the video");
    expect(scene).not.toContain("any image given only sets the colours");
    const person = describeSceneCell({ prompt: plan.prompts[0], background }, "iPhone 17 review", { modelDraws: "person", topicImages: 1 });
    expect(person).toContain("Keep the person from the first image");
    expect(person).toContain("The last image shows the subject of the video");
    expect(describeSceneCell({ prompt: plan.prompts[0], background }, "iPhone 17 review")).toContain("any image given only sets the colours");
  });

  test("a style reference is named as the last image, a style to follow and not its people or text; topic images are counted before it", () => {
    const cell = { prompt: plan.prompts[0], background };
    expect(STYLE_REFERENCE_WORDS).toMatch(/last image is a thumbnail whose style \(composition, colours, lighting, energy\) to follow, not its people or text/);
    for (const modelDraws of ["scene", "person", "everything"] as const) {
      expect(describeSceneCell(cell, "budget pc", { modelDraws, styleReference: true })).toContain(STYLE_REFERENCE_WORDS);
      expect(describeSceneCell(cell, "budget pc", { modelDraws })).not.toContain(STYLE_REFERENCE_WORDS);
    }
    const scene = describeSceneCell(cell, "budget pc", { modelDraws: "scene", styleReference: true });
    expect(scene).not.toContain("any image given only sets the colours");
    expect(describeSceneCell(cell, "budget pc", { modelDraws: "scene", topicImages: 2, styleReference: true })).toContain("The first 2 images show the subject");
    const person = describeSceneCell(cell, "budget pc", { modelDraws: "person", topicImages: 1, styleReference: true });
    expect(person).toContain("Keep the person from the first image");
    expect(person).toContain("The second image shows the subject");
    expect(person).not.toContain("The last image shows the subject");
    expect(describeSceneCell(cell, "budget pc", { modelDraws: "person", styleReference: true })).toContain("Keep the person from the first image");
  });
});
