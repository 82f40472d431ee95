import { describe, expect, test } from "vitest";
import { planGeneration } from "./plan";

const keywords = "iPhone 17 review, shocking battery";
const texts = (plan: ReturnType<typeof planGeneration>) => plan.prompts.map((p) => p.words.join(" "));

describe("planning a batch", () => {
  test("is deterministic: the same inputs plan the same batch; other keywords plan another", () => {
    const a = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
    const b = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
    expect(a).toEqual(b);
    expect(texts(planGeneration({ keywords: "PS5 vs Xbox", promptCount: 3, backgroundCount: 4 }))).not.toEqual(texts(a));
  });

  test("headlines are hooks on the keywords, strongest first, 3 to 5 words, all different", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
    expect(prompts.map((p) => p.words.join(" "))).toEqual(["IPHONE 17: SHOCKING BATTERY", "I TRIED IPHONE 17", "DON'T BUY IPHONE 17"]);
    for (const p of prompts) {
      expect(p.words.length).toBeGreaterThanOrEqual(3);
      expect(p.words.length).toBeLessThanOrEqual(5);
    }
  });

  test("eight variants for a single keyword all read differently", () => {
    const plan = planGeneration({ keywords: "sourdough", promptCount: 8, backgroundCount: 1 });
    expect(new Set(texts(plan)).size).toBe(8);
  });

  test("the emphasis goes to a power word or a number", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 2, backgroundCount: 1 });
    expect(prompts[0].words[prompts[0].accentIndex]).toBe("SHOCKING");
    expect(prompts[1].words[prompts[1].accentIndex]).toBe("17");
  });

  test("prompt variants differ in layout: side, text position, decoration", () => {
    const { prompts } = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
    expect(new Set(prompts.map((p) => p.layout)).size).toBe(2);
    expect(new Set(prompts.map((p) => p.decoration)).size).toBe(3);
    expect(new Set(prompts.map((p) => `${p.textPosition}/${p.personFrame}`)).size).toBeGreaterThan(1);
  });

  test("an override headline is used on every variant, as written, limited to 5 words, with the emphasis moving", () => {
    const { prompts } = planGeneration({ keywords, headline: "this phone lasts forever somehow really", promptCount: 3, backgroundCount: 1 });
    for (const p of prompts) expect(p.words).toEqual(["THIS", "PHONE", "LASTS", "FOREVER", "SOMEHOW"]);
    expect(new Set(prompts.map((p) => p.accentIndex)).size).toBe(3);
    const short = planGeneration({ keywords, headline: "wow", promptCount: 3, backgroundCount: 1 });
    for (const p of short.prompts) expect(p.words).toEqual(["WOW"]);
  });

  test("an override in Turkish is upper-cased with Turkish rules", () => {
    const { prompts } = planGeneration({ keywords, headline: "inanılmaz şarj", promptCount: 1, backgroundCount: 1 });
    expect(prompts[0].words).toEqual(["İNANILMAZ", "ŞARJ"]);
  });

  test("backgrounds use different kinds until every kind is used, and palettes differ", () => {
    const { backgrounds } = planGeneration({ keywords, promptCount: 1, backgroundCount: 8 });
    expect(new Set(backgrounds.slice(0, 6).map((b) => b.kind)).size).toBe(6);
    expect(new Set(backgrounds.map((b) => b.paletteIndex)).size).toBe(8);
  });

  test("keywords with no words at all still give headlines", () => {
    const { prompts } = planGeneration({ keywords: "🔥🔥🔥", promptCount: 3, backgroundCount: 1 });
    for (const p of prompts) expect(p.words.length).toBeGreaterThanOrEqual(3);
  });

  test("one variant in three carries a topic prop when a keyword matches", () => {
    for (const promptCount of [3, 6, 8]) {
      const { prompts } = planGeneration({ keywords, promptCount, backgroundCount: 1 });
      const slot = prompts.find((p) => p.prop)!.index;
      expect(slot).toBeLessThan(3);
      expect(prompts.map((p) => p.prop !== null)).toEqual(prompts.map((p) => p.index % 3 === slot));
    }
    const { prompts } = planGeneration({ keywords, promptCount: 3, backgroundCount: 1 });
    expect(prompts.find((p) => p.prop)!.prop).toEqual({ emoji: "📱", keyword: "iPhone" });
  });

  test("a batch of one still gets its prop", () => {
    expect(planGeneration({ keywords: "sourdough", promptCount: 1, backgroundCount: 1 }).prompts[0].prop?.emoji).toBe("🍞");
  });

  test("no prop when no keyword matches", () => {
    const { prompts } = planGeneration({ keywords: "asdf qwerty", promptCount: 8, backgroundCount: 1 });
    expect(prompts.every((p) => p.prop === null)).toBe(true);
  });

  test("non-English plans carry no English badge words", () => {
    const { prompts } = planGeneration({ keywords: "обзор айфона, шокирующая батарея", promptCount: 8, backgroundCount: 1 });
    for (const p of prompts) expect(p.badgeText).not.toMatch(/[A-Z]/);
  });
});
