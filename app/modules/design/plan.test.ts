import { describe, expect, test } from "vitest";
import { bigNumberIndex, composeCell, hashString, planGeneration, seededRandom, videoFormatOf } from "./plan";

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

  test("every variant carries the keywords' topic prop; each cell decides whether and where it shows", () => {
    const plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 4 });
    expect(plan.prompts.every((p) => p.prop !== null)).toBe(true);
    expect(plan.prompts[0].prop).toEqual({ emoji: "📱", keyword: "iPhone", logo: "apple" });
    const cells = plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => composeCell(prompt, background)));
    const shown = cells.filter((c) => c.prompt.prop);
    // About half the batch shows the topic, in every place a prop can go.
    expect(shown.length).toBeGreaterThanOrEqual(cells.length / 2);
    expect(shown.length).toBeLessThan(cells.length);
    expect(new Set(shown.map((c) => c.scene.propPlace))).toEqual(new Set(["headline", "behind", "pattern"]));
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

  test("which cell gets which role, and the background order, depend on the keywords and the creator's headline", () => {
    const topics = ["iPhone review", "sourdough bread", "gaming pc build", "coffee at home", "guitar lesson", "camera test", "pizza night", "car review", "running shoes", "laptop deals", "dog training", "cat toys"];
    const first = (keywords: string) => {
      const plan = planGeneration({ keywords, promptCount: 1, backgroundCount: 4 });
      return plan.backgrounds.findIndex((b) => composeCell(plan.prompts[0], b).scene.propPlace === "behind");
    };
    expect(new Set(topics.map(first)).size).toBeGreaterThan(1);
    const firstKinds = new Set(topics.map((keywords) => planGeneration({ keywords, promptCount: 1, backgroundCount: 1 }).backgrounds[0].kind));
    expect(firstKinds.size).toBeGreaterThan(2);
    const headlines = ["best one yet", "do not buy", "it finally happened", "worth it?", "the truth", "honest review"];
    const orders = new Set(headlines.map((headline) => planGeneration({ keywords: "iPhone review", headline, promptCount: 1, backgroundCount: 6 }).backgrounds.map((b) => b.kind).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  test("the variants take turns through the matching props", () => {
    const { prompts } = planGeneration({ keywords: "iPhone and sourdough", promptCount: 3, backgroundCount: 1 });
    expect(prompts.map((p) => p.prop!.emoji)).toEqual(["📱", "🍞", "📱"]);
  });
});

describe("each cell's composition", () => {
  const cellsOf = (plan: ReturnType<typeof planGeneration>) => plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => composeCell(prompt, background)));
  const signature = (c: ReturnType<typeof composeCell>) =>
    JSON.stringify([c.prompt.words, c.prompt.layout, c.prompt.textPosition, c.scene.kind, c.prompt.prop ? c.scene.propPlace : "none"]);

  test("along a row the person changes sides and every cell has its own layout; the batch has no two alike", () => {
    for (const kw of [keywords, "sourdough", "asdf qwerty", "react vs vue"]) {
      const plan = planGeneration({ keywords: kw, promptCount: 3, backgroundCount: 4 });
      const cells = cellsOf(plan);
      expect(new Set(cells.map(signature)).size, kw).toBe(12);
      for (const prompt of plan.prompts) {
        const row = plan.backgrounds.map((b) => composeCell(prompt, b));
        for (let i = 1; i < row.length; i++) expect(row[i].prompt.layout, kw).not.toBe(row[i - 1].prompt.layout);
      }
    }
  });

  test("a video layout takes one cell per row at most, on a different background in each row", () => {
    const plan = planGeneration({ keywords: "react vs vue", promptCount: 3, backgroundCount: 4 });
    const versus = plan.prompts.flatMap((p) => plan.backgrounds.filter((b) => composeCell(p, b).scene.kind === "versus").map((b) => b.index));
    expect(versus).toHaveLength(3);
    expect(new Set(versus).size).toBe(3);
    const one = composeCell(plan.prompts[0], plan.backgrounds[versus[0]]);
    expect(one.scene.versus).toMatchObject({ left: { label: "REACT", prop: { logo: "react" } }, right: { label: "VUE", prop: { logo: "vuedotjs" } } });
  });

  test("a big-number cell only where the headline opens with its count", () => {
    const plan = planGeneration({ keywords: "5 tips for better sleep", headline: "5 tips for better sleep", promptCount: 3, backgroundCount: 4 });
    expect(plan.format).toEqual({ kind: "big-number" });
    expect(cellsOf(plan).filter((c) => c.scene.kind === "big-number")).toHaveLength(3);
    const other = planGeneration({ keywords: "5 tips for better sleep", headline: "sleep better tonight", promptCount: 3, backgroundCount: 4 });
    expect(cellsOf(other).filter((c) => c.scene.kind === "big-number")).toHaveLength(0);
    expect(bigNumberIndex(["TOP", "7", "GAMING", "MICE"])).toBe(1);
    expect(bigNumberIndex(["7"])).toBe(-1);
    expect(bigNumberIndex(["$500", "GAMING", "PC"])).toBe(-1);
  });

  test("the same plan composes every cell the same way", () => {
    const a = cellsOf(planGeneration({ keywords: "before and after home gym", promptCount: 3, backgroundCount: 4 }));
    const b = cellsOf(planGeneration({ keywords: "before and after home gym", promptCount: 3, backgroundCount: 4 }));
    expect(a).toEqual(b);
  });
});

describe("the kind of video the keywords name", () => {
  test.each([
    ["react vs vue", { kind: "versus", left: { label: "REACT" }, right: { label: "VUE" } }],
    ["iphone 17 vs pixel 10", { kind: "versus", left: { label: "IPHONE 17" }, right: { label: "PIXEL 10" } }],
    ["which is better: ps5 versus xbox series x for gaming", { kind: "versus", left: { label: "PS5" }, right: { label: "XBOX SERIES X" } }],
    ["before and after home gym", { kind: "before-after" }],
    ["my room before/after", { kind: "before-after" }],
    ["5 tips for better sleep", { kind: "big-number" }],
    ["top 7 gaming mice", { kind: "big-number" }],
    ["learn python, 10 mistakes beginners make", { kind: "big-number" }],
    ["reacting to my first video", { kind: "reaction" }],
    ["I react to your setups", { kind: "reaction" }],
    ["reaction: new iphone ad", { kind: "reaction" }],
  ])("%s", (kw, expected) => {
    expect(videoFormatOf(kw, true)).toMatchObject(expected);
  });

  test.each(["budget gaming PC under 500 dollars", "react tutorial for beginners", "iPhone 17 review, shocking battery", "$500 gaming pc", "2024 desk setup"])("none: %s", (kw) => {
    expect(videoFormatOf(kw, true)).toBeNull();
  });

  test("only in English", () => {
    expect(videoFormatOf("iphone vs pixel", false)).toBeNull();
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
