import fs from "node:fs";
import path from "node:path";
import emojilib from "emojilib";
import simpleIcons from "simple-icons/icons.json";
import { describe, expect, test } from "vitest";
import { parseStoredRecipe } from "./recipe";
import { planGeneration } from "./plan";
import { BRANDS, isAllowedProp, isFlagEmoji, isPersonEmoji, propForHeadline, propForPhrase, topicProps, versusProps, type TopicProp } from "./props";

const first = (keywords: string) => topicProps(keywords)[0]?.emoji ?? null;

/** A prop as the fixture writes it: "logo:slug" for a logo, else the emoji. */
const label = (prop: TopicProp) => (prop.logo ? `logo:${prop.logo}` : prop.emoji);

type Case = { keywords: string; first: string; forbid?: string[] };

// What creators title their videos, across niches. `first` is the prop the
// first prop variant shows ("none" when nothing clearly names one); `forbid`
// lists props that must not appear at all (the wrong guesses seen before).
const FIXTURE: Case[] = [
  // tech
  { keywords: "iphone 17 review", first: "logo:apple" },
  { keywords: "iPhone 17 review, shocking battery", first: "logo:apple" },
  { keywords: "macbook pro m4 review", first: "logo:apple" },
  { keywords: "airpods pro 2 honest review", first: "logo:apple" },
  { keywords: "iphone 16 vs samsung s25", first: "logo:apple" },
  { keywords: "samsung galaxy s25 ultra", first: "logo:samsung" },
  { keywords: "budget mic for streaming", first: "🎙️", forbid: ["💰", "💵"] },
  { keywords: "best budget camera", first: "📷", forbid: ["💰"] },
  { keywords: "budget gaming PC, under 500 dollars, is it worth it", first: "🖥️" },
  { keywords: "rtx 5090 review", first: "logo:nvidia" },
  { keywords: "home office desk setup", first: "🖥️" },
  { keywords: "chatgpt prompts that actually work", first: "🤖" },
  { keywords: "windows 11 tips", first: "💻", forbid: ["🪟"] },
  // coding and education
  { keywords: "learn python in 10 minutes", first: "logo:python", forbid: ["🏫", "🐍"] },
  { keywords: "python for beginners", first: "logo:python", forbid: ["🏫"] },
  { keywords: "web dev roadmap 2025", first: "💻", forbid: ["🕸️"] },
  { keywords: "react vs vue", first: "logo:react", forbid: ["⚛️"] },
  { keywords: "learn javascript", first: "logo:javascript", forbid: ["🏫"] },
  { keywords: "node.js crash course", first: "logo:nodedotjs" },
  { keywords: "clean code tips", first: "💻" },
  { keywords: "coding interview prep", first: "💼" },
  { keywords: "study with me", first: "📚" },
  { keywords: "how to get straight a's", first: "none" },
  { keywords: "linux for beginners", first: "logo:linux" },
  // cooking
  { keywords: "chicken wings recipe", first: "🍗", forbid: ["🍟", "🍳"] },
  { keywords: "air fryer chicken wings", first: "🍗", forbid: ["🍟"] },
  { keywords: "best knife for beginners", first: "🔪" },
  { keywords: "sourdough", first: "🍞" },
  { keywords: "homemade pizza dough", first: "🍕" },
  { keywords: "apple pie recipe", first: "🥧", forbid: ["logo:apple"] },
  { keywords: "easy ramen at home", first: "🍜" },
  { keywords: "what I eat in a day", first: "none" },
  { keywords: "vegan protein sources", first: "🥗", forbid: ["🥩"] },
  // fitness
  { keywords: "full body workout at home", first: "💪" },
  { keywords: "how to lose weight fast", first: "⚖️" },
  { keywords: "the truth about protein powder", first: "🥤" },
  { keywords: "running shoes for flat feet", first: "👟" },
  // finance
  { keywords: "make money online", first: "💰" },
  { keywords: "how I made $10k", first: "💵" },
  { keywords: "bitcoin price prediction", first: "logo:bitcoin" },
  { keywords: "dividend investing for beginners", first: "📈" },
  { keywords: "why I quit my job", first: "💼" },
  // gaming
  { keywords: "minecraft speedrun", first: "⛏️" },
  { keywords: "PS5 vs Xbox", first: "logo:playstation" },
  { keywords: "fortnite new season", first: "logo:fortnite" },
  { keywords: "chess openings for beginners", first: "♟️" },
  { keywords: "valorant tips to rank up", first: "logo:valorant" },
  // travel
  { keywords: "7 days in japan", first: "🗾" },
  { keywords: "living in tokyo on $1000 a month", first: "🗼" },
  { keywords: "cheap flights to paris", first: "✈️" },
  { keywords: "van life tour", first: "🚐" },
  { keywords: "tesla model y road trip", first: "logo:tesla" },
  // vlogs and others
  { keywords: "day in my life vlog", first: "📹" },
  { keywords: "5 am morning routine", first: "none" },
  { keywords: "rock climbing for beginners", first: "none", forbid: ["🪨"] },
  { keywords: "my dog reacts to the vet", first: "🐕", forbid: ["logo:react"] },
  { keywords: "reacting to my old videos", first: "none", forbid: ["logo:react"] },
  { keywords: "ball python care guide", first: "🐍", forbid: ["logo:python"] },
];

describe("the keyword → prop fixture", () => {
  test("has at least 40 keyword sets across niches", () => {
    expect(FIXTURE.length).toBeGreaterThanOrEqual(40);
  });

  test.each(FIXTURE)("$keywords → $first", ({ keywords, first: expected, forbid = [] }) => {
    const props = topicProps(keywords);
    expect(props[0] ? label(props[0]) : "none").toBe(expected);
    for (const wrong of forbid) expect(props.map(label)).not.toContain(wrong);
    for (const prop of props) {
      if (prop.logo) expect(BRANDS[prop.logo], prop.logo).toBeDefined();
      expect(isAllowedProp(prop.emoji), prop.emoji).toBe(true);
    }
  });
});

describe("topic props", () => {
  test("the head noun of a phrase wins over the words modifying it", () => {
    expect(topicProps("budget mic").map(label)).toEqual(["🎙️"]);
    expect(topicProps("chicken breast meal prep").map(label)).toEqual(["🍱", "🍗"]);
  });

  test("brands are matched as whole words, never inside another word", () => {
    for (const keywords of ["reacts", "the vuelta", "pythonic", "appleton", "tesla coil".replace("tesla", "teslas")]) {
      expect(topicProps(keywords).filter((p) => p.logo), keywords).toEqual([]);
    }
    expect(topicProps("apple vs samsung").map(label)).toEqual(["logo:apple", "logo:samsung"]);
  });

  test("the keyword is reported as the creator wrote it", () => {
    expect(topicProps("budget gaming PC")[0]).toEqual({ emoji: "🖥️", keyword: "gaming PC" });
    expect(topicProps("iPhone 17 review")[0]).toEqual({ emoji: "📱", keyword: "iPhone", logo: "apple" });
  });

  test("a phrase gives its one prop, for each side of an X vs Y", () => {
    expect(propForPhrase("iPhone 17")).toEqual({ emoji: "📱", keyword: "iPhone", logo: "apple" });
    expect(propForPhrase("Vue")?.logo).toBe("vuedotjs");
    expect(propForPhrase("steak")?.emoji).toBe("🥩");
    expect(propForPhrase("nothing here")).toBeNull();
  });

  test("an X vs Y phrase gives one prop per side", () => {
    const pair = (keywords: string) => versusProps(keywords)?.map(label) ?? null;
    expect(pair("iPhone 17 vs Galaxy S25 Ultra, camera test")).toEqual(["logo:apple", "logo:samsung"]);
    expect(pair("iphone 17 vs samsung s25")).toEqual(["logo:apple", "logo:samsung"]);
    expect(pair("react vs vue")).toEqual(["logo:react", "logo:vuedotjs"]);
    expect(pair("PS5 versus Xbox")).toEqual(["logo:playstation", "🎮"]);
    expect(pair("steak vs. chicken")).toEqual(["🥩", "🍗"]);
    expect(pair("budget mic vs expensive mic")).toBeNull();
    expect(pair("iphone 17 review")).toBeNull();
    expect(pair("me vs my brother")).toBeNull();
  });

  test("a variant shows the prop its headline names", () => {
    const props = topicProps("react vs vue, samsung");
    expect(props.map(label)).toEqual(["logo:react", "logo:vuedotjs", "logo:samsung"]);
    expect(label(propForHeadline(props, ["THE", "TRUTH", "ABOUT", "SAMSUNG"], 1)!)).toBe("logo:samsung");
    expect(label(propForHeadline(props, ["REACT", "OR", "VUE?"], 1)!)).toBe("logo:vuedotjs");
    expect(label(propForHeadline(props, ["WATCH", "THIS"], 2)!)).toBe("logo:samsung");
    expect(propForHeadline([], ["SAMSUNG"], 0)).toBeNull();
    // In a whole plan: no variant's prop is a topic its headline leaves out while it names another.
    const { prompts } = planGeneration({ keywords: "react vs vue, samsung", promptCount: 12, backgroundCount: 1 });
    for (const p of prompts.filter((p) => p.prop)) {
      const named = topicProps(p.words.join(" ")).map(label);
      if (named.some((n) => props.map(label).includes(n))) expect(named, p.words.join(" ")).toContain(label(p.prop!));
    }
  });

  test("generic words and nonsense match nothing", () => {
    expect(topicProps("is it new best review")).toEqual([]);
    expect(topicProps("1000 dollars a month, online").map((p) => p.emoji)).toEqual(["💵"]);
    expect(topicProps("asdf qwerty")).toEqual([]);
    expect(topicProps("обзор айфона, шокирующая батарея")).toEqual([]);
    expect(first("ゲーミングPC 5万円")).toBe("🖥️");
  });

  test("people, faces and flags are never props", () => {
    expect(topicProps("flag, man face, woman, baby, family, selfie")).toEqual([]);
    for (const { emoji } of topicProps("flag of france, usa, chef, santa, runner")) expect(isAllowedProp(emoji)).toBe(true);
    expect(isFlagEmoji("🇺🇸")).toBe(true);
    expect(isFlagEmoji("🏁")).toBe(true);
    expect(isPersonEmoji("😀")).toBe(true);
    expect(isPersonEmoji("🧑‍🍳")).toBe(true);
    expect(isPersonEmoji("🫡")).toBe(true);
    expect(isPersonEmoji("🏃‍➡️")).toBe(true);
    expect(isAllowedProp("🔋")).toBe(true);
    expect(isAllowedProp("🤖")).toBe(true);
  });

  test("no keyword of emojilib ever yields a flag, a person, a face or a skin tone", () => {
    const allKeywords = [...new Set(Object.values(emojilib).flat())];
    for (let i = 0; i < allKeywords.length; i += 200) {
      for (const { emoji } of topicProps(allKeywords.slice(i, i + 200).join(", "))) {
        expect(isFlagEmoji(emoji) || isPersonEmoji(emoji), emoji).toBe(false);
        expect(emoji).not.toMatch(/[\u{1F3FB}-\u{1F3FF}]/u);
      }
    }
  });

  test("emojilib's loose keyword lists no longer guess: only whole emoji names count", () => {
    // "learn" is a keyword of 🏫, "web" of 🕸️, "budget" of 💰: none is the emoji's name.
    expect(topicProps("learn")).toEqual([]);
    expect(topicProps("web")).toEqual([]);
    expect(topicProps("budget")).toEqual([]);
    expect(first("pineapple")).toBe("🍍");
    expect(first("hot dog")).toBe("🌭");
  });
});

describe("the brand table", () => {
  test("every logo is a simple-icons icon with its own title and brand colour", () => {
    const icons = new Map((simpleIcons as Array<{ slug: string; title: string; hex: string }>).map((i) => [i.slug, i]));
    const dir = path.resolve("node_modules/simple-icons/icons");
    for (const [slug, brand] of Object.entries(BRANDS)) {
      expect(icons.get(slug)?.title, slug).toBe(brand.title);
      expect(`#${icons.get(slug)?.hex.toLowerCase()}`, slug).toBe(brand.hex);
      expect(fs.existsSync(path.join(dir, `${slug}.svg`)), slug).toBe(true);
    }
  });
});

describe("props in stored recipes", () => {
  test("a recipe keeps its prop's logo, and one stored before logos parses without one", () => {
    const stored = fs.readFileSync("tests/fixtures/recipes/v1-person-right.json", "utf8");
    const old = parseStoredRecipe(stored);
    expect(old.prompt.prop).toEqual({ emoji: "🖥️", keyword: "gaming PC" });
    const withLogo = JSON.parse(stored);
    withLogo.prompt.prop = { emoji: "📱", keyword: "iPhone", logo: "apple" };
    expect(parseStoredRecipe(JSON.stringify(withLogo)).prompt.prop).toEqual({ emoji: "📱", keyword: "iPhone", logo: "apple" });
  });
});
