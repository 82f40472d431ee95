import { describe, expect, test } from "vitest";
import { planGeneration } from "~/modules/design/plan";
import { describeSceneCell } from "./scene-prompt";

describe("the prompt sent to an image model (kie.ai, OpenAI)", () => {
  const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 1 });
  const background = plan.backgrounds[0];
  const withProp = plan.prompts.find((p) => p.prop)!;

  test("when the model draws the text, asks for a brand's logo by name, not for the emoji standing in for it", () => {
    const logo = { ...withProp, prop: { emoji: "📱", keyword: "iPhone", logo: "apple" } };
    const text = describeSceneCell({ prompt: logo, background }, "iPhone 17 review", { textBy: "model" });
    expect(text).toContain("the Apple logo, large, as a 3D prop");
    expect(text).not.toContain("📱");
  });

  test("when the model draws the text, asks for an emoji prop as the emoji and its keyword", () => {
    const emoji = { ...withProp, prop: { emoji: "🔋", keyword: "battery" } };
    expect(describeSceneCell({ prompt: emoji, background }, "battery", { textBy: "model" })).toContain("a large 🔋 (battery) as a 3D prop");
  });
});
