import { describe, expect, test } from "vitest";
import { paletteFor } from "~/modules/design/palettes";
import { composeCell, planGeneration } from "~/modules/design/plan";
import { describeLocalCell } from "./local-prompt";

describe("the compositor's stored prompt", () => {
  const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 4 });
  const background = plan.backgrounds[0];
  const prompt = plan.prompts[0];
  const cellWhere = (match: (c: ReturnType<typeof composeCell>) => boolean) => plan.backgrounds.find((b) => match(composeCell(prompt, b)))!;

  test("names the prop and where the cell draws it, and no prop when the cell has none", () => {
    const beside = cellWhere((c) => c.prompt.prop !== null && c.scene.propPlace === "headline");
    const behind = cellWhere((c) => c.prompt.prop !== null && c.scene.propPlace === "behind");
    const none = cellWhere((c) => c.prompt.prop === null);
    expect(describeLocalCell({ prompt, background: beside })).toContain('a large Apple logo for "iPhone" beside the headline');
    expect(describeLocalCell({ prompt, background: behind })).toContain('an Apple logo for "iPhone" large behind the person'.replace("an Apple", "a Apple"));
    const emoji = { ...prompt, prop: { emoji: "🔋", keyword: "battery" } };
    expect(describeLocalCell({ prompt: emoji, background: beside })).toContain('a large 🔋 prop for "battery"');
    expect(describeLocalCell({ prompt, background: none })).not.toContain("prop");
  });

  test("names a video layout", () => {
    const versus = planGeneration({ keywords: "react vs vue", promptCount: 1, backgroundCount: 4 });
    const texts = versus.backgrounds.map((b) => describeLocalCell({ prompt: versus.prompts[0], background: b }));
    expect(texts.filter((t) => t.includes("REACT and VUE facing each other across a VS badge"))).toHaveLength(1);
  });

  test("names the background and its palette", () => {
    expect(describeLocalCell({ prompt: plan.prompts[0], background })).toMatch(
      new RegExp(`; ${background.kind} background in ${paletteFor(background.paletteIndex).name}$`),
    );
  });
});
