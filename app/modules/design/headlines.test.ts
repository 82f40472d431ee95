import { describe, expect, test } from "vitest";
import { detectLanguage } from "./headline-language";
import { PATTERN_WORDS, headlineCandidates, normalizePrices, overrideHeadline, splitWords } from "./headlines";

const texts = (keywords: string, count = 8) => headlineCandidates(keywords).slice(0, count).map((h) => h.words.join(" "));
const accents = (keywords: string, count = 8) =>
  headlineCandidates(keywords)
    .slice(0, count)
    .map((h) => h.words[h.accentIndex]);

describe("English headlines", () => {
  test("a budget PC: price hook, the question, I TRIED, DON'T BUY, strongest first", () => {
    expect(texts("budget gaming PC, under 500 dollars, is it worth it", 4)).toEqual([
      "$500 GAMING PC?!",
      "IS IT WORTH IT?",
      "I TRIED A $500 PC",
      "DON'T BUY A GAMING PC",
    ]);
    expect(accents("budget gaming PC, under 500 dollars, is it worth it", 4)).toEqual(["$500", "WORTH", "$500", "DON'T"]);
  });

  test("a phone review: topic and angle, I TRIED, THE TRUTH ABOUT", () => {
    const headlines = texts("iPhone 17 review, shocking battery");
    expect(headlines[0]).toBe("IPHONE 17: SHOCKING BATTERY");
    expect(headlines).toContain("I TRIED IPHONE 17");
    expect(headlines).toContain("THE TRUTH ABOUT IPHONE 17");
  });

  test("X vs Y stays X VS Y, with VS in the accent colour", () => {
    expect(texts("PS5 vs Xbox", 2)).toEqual(["PS5 VS XBOX", "PS5 VS XBOX: WHO WINS?"]);
    expect(accents("PS5 vs Xbox", 1)).toEqual(["VS"]);
  });

  test("a single keyword still gives three good, different headlines", () => {
    expect(texts("sourdough", 3)).toEqual(["I TRIED SOURDOUGH", "THE TRUTH ABOUT SOURDOUGH", "SOURDOUGH: WORTH IT?"]);
    expect(accents("sourdough", 3)).toEqual(["SOURDOUGH", "TRUTH", "WORTH"]);
  });

  test("a keyword that already is a hook is not repeated by the same pattern", () => {
    const headlines = texts("the truth about sourdough, i tried sourdough");
    expect(headlines.slice(0, 2)).toEqual(["THE TRUTH ABOUT SOURDOUGH", "I TRIED SOURDOUGH"]);
    expect(new Set(headlines).size).toBe(headlines.length);
  });

  test("prices and numbers are kept as the creator wrote them", () => {
    expect(normalizePrices(splitWords("under 500 dollars"))).toEqual(["under", "$500"]);
    expect(normalizePrices(splitWords("€20 meal, 20€, 1.5 million dollars, 10x faster, 2025"))).toEqual([
      "€20", "meal", "€20", "$1.5M", "10x", "faster", "2025",
    ]);
    expect(texts("is a $800 laptop worth it in 2025")).toContain("I TRIED AN $800 LAPTOP");
    expect(texts("sourdough, 2025")).toContain("SOURDOUGH IN 2025?");
  });

  test("a long topic is shortened whole words at a time, never split", () => {
    const headlines = texts("iPhone 17 Pro Max, 1200 dollars");
    expect(headlines[0]).toBe("$1200 IPHONE 17 PRO MAX?!");
    expect(headlines).toContain("THE TRUTH ABOUT IPHONE 17");
  });

  test("headlines read at thumbnail size: at most 5 words, most within 25 characters", () => {
    for (const keywords of ["budget gaming PC, under 500 dollars, is it worth it", "sourdough", "PS5 vs Xbox", "meal prep on a budget"]) {
      const headlines = texts(keywords);
      for (const h of headlines) expect(h.split(" ").length).toBeLessThanOrEqual(5);
      expect(headlines.filter((h) => h.length <= 25).length).toBeGreaterThanOrEqual(6);
    }
  });
});

describe("other languages", () => {
  test("Russian is used as written, upper-cased, with no English pattern words", () => {
    const headlines = texts("обзор айфона, шокирующая батарея");
    expect(headlines.slice(0, 2)).toEqual(["ОБЗОР АЙФОНА", "ШОКИРУЮЩАЯ БАТАРЕЯ"]);
    for (const h of headlines) expect(h).not.toMatch(/[A-Za-z]/);
  });

  test("Japanese is used as written, the price accented", () => {
    const [first] = headlineCandidates("ゲーミングPC 5万円");
    expect(first.words).toEqual(["ゲーミングPC", "5万円"]);
    expect(first.words[first.accentIndex]).toBe("5万円");
  });

  test("Greek loses its accents in capitals; Spanish is not dressed in English patterns", () => {
    expect(texts("καλή κριτική", 1)).toEqual(["ΚΑΛΗ ΚΡΙΤΙΚΗ"]);
    for (const h of texts("receta de pan casero")) {
      for (const w of h.split(" ")) expect(PATTERN_WORDS.has(w.replace(/[?!:]+$/, ""))).toBe(false);
    }
  });

  test("language detection: English words, other languages' words, keyboard mashing", () => {
    expect(detectLanguage("budget gaming PC").english).toBe(true);
    expect(detectLanguage("sourdough").english).toBe(true);
    expect(detectLanguage("Pokémon review").english).toBe(true);
    expect(detectLanguage("receta de pan casero").english).toBe(false);
    expect(detectLanguage("asdf qwerty").english).toBe(false);
    expect(detectLanguage("обзор айфона").english).toBe(false);
    expect(detectLanguage("iPhone 17 обзор").english).toBe(false);
  });
});

// A small seeded generator, so the property loop is the same on every run.
function lcg(seed: number) {
  let s = seed;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

describe("emoji", () => {
  test("are kept in the creator's headline and in keywords, whole sequences included", () => {
    expect(overrideHeadline("это провал 🔋😱")?.words).toEqual(["ЭТО", "ПРОВАЛ", "🔋😱"]);
    expect(splitWords("🔥 best PC 💰 👨‍👩‍👧 🇯🇵 1️⃣")).toEqual(["🔥", "best", "PC", "💰", "👨‍👩‍👧", "🇯🇵", "1️⃣"]);
    expect(headlineCandidates("ゲーム実況 🎮").some((h) => h.words.join(" ").includes("🎮"))).toBe(true);
  });
});

describe("invariants over generated keywords", () => {
  const pool = (
    "budget gaming pc under 500 dollars is it worth review iphone 17 shocking battery ps5 vs xbox sourdough how to lose weight " +
    "fast 30 day workout challenge $1200 €20 10x 2025 best new the a my honest tesla model 3 cats dogs japan travel vlog " +
    "обзор айфона ゲーミングpc 5万円 ÜBER café straße asdf qwerty 🔥 ??? , , ; worth-it 1,000 bucks supercalifragilistic"
  ).split(" ");
  const random = lcg(42);
  const inputs = Array.from({ length: 200 }, () => {
    const n = 1 + Math.floor(random() * 7);
    return Array.from({ length: n }, () => pool[Math.floor(random() * pool.length)]).join(random() < 0.3 ? ", " : " ");
  });

  test.each(inputs.map((k) => [k]))("%s", (keywords) => {
    const headlines = headlineCandidates(keywords);
    const english = detectLanguage(keywords).english;
    const inputWords = splitWords(keywords).map((w) => w.replace(/[?!:]+$/, ""));
    const longest = Math.max(0, ...inputWords.map((w) => [...w].length));
    const known = new Set([...inputWords, ...normalizePrices(splitWords(keywords))].map((w) => w.toLocaleUpperCase(english ? "en" : undefined)));
    expect(headlines.length).toBeGreaterThan(0);
    expect(new Set(headlines.map((h) => h.words.join(" "))).size).toBe(headlines.length);
    for (const { words, accentIndex } of headlines) {
      expect(words.length).toBeGreaterThanOrEqual(english ? 3 : 1);
      expect(words.length).toBeLessThanOrEqual(5);
      expect(accentIndex).toBeGreaterThanOrEqual(0);
      expect(accentIndex).toBeLessThan(words.length);
      for (const word of words) {
        const plain = word.replace(/[?!:！？：]+$/u, "");
        expect(plain.length).toBeGreaterThan(0);
        if (/^[$€£¥₹]\d/.test(plain) || PATTERN_WORDS.has(plain)) continue;
        // Every other word is a keyword (or its plural): words are never invented, glued or split.
        expect([...plain].length).toBeLessThanOrEqual(longest + 2);
        expect(known.has(plain) || known.has(plain.replace(/E?S$/, "")) || plain === "MICE").toBe(true);
      }
    }
  });
});
