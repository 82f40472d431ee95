import { describe, expect, test } from "vitest";
import { hashString, planGeneration, seededRandom } from "./plan";

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
    expect(prompts.find((p) => p.prop)!.prop).toEqual({ emoji: "📱", keyword: "iPhone", logo: "apple" });
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

  test("the person swaps sides on every variant; text position and frame change every second one", () => {
    const { prompts } = planGeneration({ keywords: "sourdough", promptCount: 8, backgroundCount: 1 });
    for (const [i, p] of prompts.entries()) {
      if (i > 0) expect(p.layout).not.toBe(prompts[i - 1].layout);
      if (i % 2 === 1) {
        expect([p.textPosition, p.personFrame]).toEqual([prompts[i - 1].textPosition, prompts[i - 1].personFrame]);
      } else if (i > 0) {
        expect(p.textPosition).not.toBe(prompts[i - 1].textPosition);
        expect(p.personFrame).not.toBe(prompts[i - 1].personFrame);
      }
    }
  });

  test("the emphasis of a repeated headline moves through its words, always on a word", () => {
    const { prompts } = planGeneration({ keywords, headline: "this phone lasts forever", promptCount: 8, backgroundCount: 1 });
    for (const p of prompts) expect(p.words[p.accentIndex]).toBeDefined();
    expect(new Set(prompts.map((p) => p.accentIndex))).toEqual(new Set([0, 1, 2, 3]));
  });

  test("English badges: the keywords' number first, then NEW-style words, never what the headline already says", () => {
    // "30%" is not in any headline of this plan: it opens the badges.
    const withNumber = planGeneration({ keywords: "flight deals 30%", headline: "cheap flights now", promptCount: 5, backgroundCount: 1 });
    expect(withNumber.prompts.map((p) => p.badgeText)).toEqual(["30%", "!", "WOW", "100%", "?!"]);
    const plain = planGeneration({ keywords: "flight deals", headline: "cheap flights now", promptCount: 5, backgroundCount: 1 });
    expect(plain.prompts.map((p) => p.badgeText)).toEqual(["NEW", "!", "WOW", "100%", "?!"]);
    // A number the headline shows already is not repeated on the badge.
    const shown = planGeneration({ keywords: "flight deals 30%", headline: "30% off flights", promptCount: 1, backgroundCount: 1 });
    expect(shown.prompts[0].badgeText).toBe("!");
    // Longer digit runs and words with digits are not badge numbers.
    const notNumbers = planGeneration({ keywords: "flight deals 12345 a1", headline: "cheap flights now", promptCount: 1, backgroundCount: 1 });
    expect(notNumbers.prompts[0].badgeText).toBe("NEW");
    const other = planGeneration({ keywords: "обзор 50%", headline: "дешёвые рейсы", promptCount: 4, backgroundCount: 1 });
    expect(other.prompts.map((p) => p.badgeText)).toEqual(["50%", "?!", "100%", "!!!"]);
  });

  test("the prop's third and the background order depend on the keywords and the creator's headline", () => {
    const topics = ["iPhone review", "sourdough bread", "gaming pc build", "coffee at home", "guitar lesson", "camera test", "pizza night", "car review", "running shoes", "laptop deals", "dog training", "cat toys"];
    const slots = new Set(topics.map((keywords) => planGeneration({ keywords, promptCount: 3, backgroundCount: 1 }).prompts.find((p) => p.prop)?.index));
    expect(slots.size).toBeGreaterThan(1);
    const firstKinds = new Set(topics.map((keywords) => planGeneration({ keywords, promptCount: 1, backgroundCount: 1 }).backgrounds[0].kind));
    expect(firstKinds.size).toBeGreaterThan(2);
    const headlines = ["best one yet", "do not buy", "it finally happened", "worth it?", "the truth", "honest review"];
    const orders = new Set(headlines.map((headline) => planGeneration({ keywords: "iPhone review", headline, promptCount: 1, backgroundCount: 6 }).backgrounds.map((b) => b.kind).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  test("a second prop turn uses the next matching prop", () => {
    const { prompts } = planGeneration({ keywords: "iPhone and sourdough", promptCount: 6, backgroundCount: 1 });
    const props = prompts.filter((p) => p.prop).map((p) => p.prop!.emoji);
    expect(props).toHaveLength(2);
    expect(new Set(props).size).toBe(2);
  });
});

describe("the seeded numbers plans are drawn from (stable across versions: a batch resumed after an upgrade is planned again)", () => {
  test("hashString is 32-bit FNV-1a (published test vectors)", () => {
    expect(hashString("")).toBe(0x811c9dc5);
    expect(hashString("a")).toBe(0xe40c292c);
    expect(hashString("foobar")).toBe(0xbf9cf968);
  });

  test("seededRandom gives the same numbers for a seed, others for another, spread over [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    const c = seededRandom(43);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
    const mean = first.reduce((sum, x) => sum + x, 0) / first.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    // Every tenth of the range is hit about as often.
    const buckets = Array.from({ length: 10 }, (_, i) => first.filter((x) => Math.floor(x * 10) === i).length);
    for (const n of buckets) expect(n).toBeGreaterThan(60);
  });
});
