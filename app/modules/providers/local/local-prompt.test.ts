import { describe, expect, test } from "vitest";
import { paletteFor } from "~/modules/design/palettes";
import { planGeneration } from "~/modules/design/plan";
import { describeLocalCell } from "./local-prompt";

describe("the compositor's stored prompt", () => {
  const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 1 });
  const background = plan.backgrounds[0];

  test("names the prop when there is one", () => {
    const withProp = plan.prompts.find((p) => p.prop)!;
    const without = plan.prompts.find((p) => !p.prop)!;
    expect(describeLocalCell({ prompt: withProp, background })).toContain('a large Apple logo for "iPhone"');
    const emojiProp = { ...withProp, prop: { emoji: "🔋", keyword: "battery" } };
    expect(describeLocalCell({ prompt: emojiProp, background })).toContain('a large 🔋 prop for "battery"');
    expect(describeLocalCell({ prompt: without, background })).not.toContain("prop");
  });

  test("names the background and its palette", () => {
    expect(describeLocalCell({ prompt: plan.prompts[0], background })).toMatch(
      new RegExp(`; ${background.kind} background in ${paletteFor(background.paletteIndex).name}$`),
    );
  });
});
