import { describe, expect, test } from "vitest";
import { headlineCandidates, planGeneration } from "./plan";

const keywords = "iPhone 17 review, shocking battery";

describe("planning a batch", () => {
  test("is deterministic: the same inputs plan the same batch", () => {
    const a = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
    const b = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
    expect(a).toEqual(b);
  });

  test("headlines come from the keyword phrases, upper-case, 1 to 5 words, all different", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
    expect(prompts.map((p) => p.words.join(" "))).toEqual(["IPHONE 17 REVIEW", "SHOCKING BATTERY", "THE TRUTH ABOUT IPHONE 17"]);
    for (const p of prompts) {
      expect(p.words.length).toBeGreaterThanOrEqual(1);
      expect(p.words.length).toBeLessThanOrEqual(5);
    }
  });

  test("the emphasis goes to a power word or a number", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 2, backgroundCount: 1 });
    expect(prompts[0].words[prompts[0].accentIndex]).toBe("17");
    expect(prompts[1].words[prompts[1].accentIndex]).toBe("SHOCKING");
  });

  test("prompt variants differ in layout: side, text position, decoration", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
    expect(new Set(prompts.map((p) => p.layout)).size).toBe(2);
    expect(new Set(prompts.map((p) => p.decoration)).size).toBe(3);
    expect(new Set(prompts.map((p) => `${p.textPosition}/${p.personFrame}`)).size).toBeGreaterThan(1);
  });

  test("an override headline is used on every variant, limited to 5 words, with the emphasis moving", () => {
    const { prompts } = planGeneration({ keywords, headline: "this phone lasts forever somehow really", promptCount: 3, backgroundCount: 1 });
    for (const p of prompts) expect(p.words).toEqual(["THIS", "PHONE", "LASTS", "FOREVER", "SOMEHOW"]);
    expect(new Set(prompts.map((p) => p.accentIndex)).size).toBe(3);
  });

  test("backgrounds use different kinds until every kind is used, and palettes differ", () => {
    const { backgrounds } = planGeneration({ keywords, promptCount: 1, backgroundCount: 8 });
    expect(new Set(backgrounds.slice(0, 6).map((b) => b.kind)).size).toBe(6);
    expect(new Set(backgrounds.map((b) => b.paletteIndex)).size).toBe(8);
  });

  test("keywords with odd characters still give a headline", () => {
    expect(headlineCandidates("🔥🔥🔥")[0]).toEqual(["WATCH", "THIS"]);
    expect(headlineCandidates("a very long phrase with many many words in it")[0].length).toBeLessThanOrEqual(5);
  });
});
