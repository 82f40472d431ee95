import emojilib from "emojilib";
import { describe, expect, test } from "vitest";
import { isAllowedProp, isFlagEmoji, isPersonEmoji, topicProps } from "./props";

const first = (keywords: string) => topicProps(keywords)[0]?.emoji ?? null;

describe("topic props", () => {
  test("topic nouns map to their prop", () => {
    expect(["🖥️", "🎮"]).toContain(first("budget gaming PC, under 500 dollars, is it worth it"));
    expect(first("shocking battery")).toBe("🔋");
    expect(first("under 500 dollars")).toBe("💵");
    expect(["💵", "💰"]).toContain(first("make money online"));
    expect(first("iPhone 17 review, shocking battery")).toBe("📱");
    expect(first("sourdough")).toBe("🍞");
    expect(first("PS5 vs Xbox")).toBe("🎮");
    expect(first("ゲーミングPC 5万円")).toBe("🖥️");
  });

  test("the keyword is reported as the creator wrote it", () => {
    expect(topicProps("budget gaming PC")[0]).toEqual({ emoji: "🖥️", keyword: "gaming PC" });
  });

  test("generic words and nonsense match nothing", () => {
    expect(topicProps("is it new best review")).toEqual([]);
    expect(topicProps("1000 dollars a month, online").map((p) => p.emoji)).toEqual(["💵"]);
    expect(topicProps("asdf qwerty")).toEqual([]);
    expect(topicProps("обзор айфона, шокирующая батарея")).toEqual([]);
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
});
