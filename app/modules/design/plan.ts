// Turns keywords into prompt variants (headline, emphasis, layout, prop) and
// background specs. Pure and deterministic: the same inputs plan the same
// batch, which is what makes a resumed generation finish the same way.
import { detectLanguage } from "./headline-language";
import { headlineCandidates, overrideHeadline, splitWords } from "./headlines";
import { propForHeadline, topicProps, type TopicProp } from "./props";
import type { TextStyle } from "./text-styles";

export { MAX_HEADLINE_WORDS } from "./headlines";

export const LAYOUTS = ["person-right", "person-left"] as const;
export const TEXT_POSITIONS = ["top", "middle"] as const;
export const DECORATIONS = ["arrow", "badge", "underline"] as const;
export const PERSON_FRAMES = ["circle", "rounded"] as const;
export const BACKGROUND_KINDS = ["burst", "gradient", "split", "blur", "pattern", "spotlight"] as const;

export type PromptVariant = {
  index: number;
  /** 1 to 5 upper-case words. */
  words: string[];
  /** Index into words of the word drawn in the accent colour. */
  accentIndex: number;
  layout: (typeof LAYOUTS)[number];
  textPosition: (typeof TEXT_POSITIONS)[number];
  decoration: (typeof DECORATIONS)[number];
  /** How an opaque photo is framed (cut-outs are used as they are). */
  personFrame: (typeof PERSON_FRAMES)[number];
  badgeText: string;
  /** A large emoji for the keyword's topic, drawn beside the headline; one variant in three has one. */
  prop: TopicProp | null;
  /** How the headline's letters are drawn (see text-styles.ts). */
  textStyle: TextStyle;
};

export type BackgroundSpec = {
  index: number;
  kind: (typeof BACKGROUND_KINDS)[number];
  paletteIndex: number;
};

export type GenerationPlan = {
  seed: number;
  prompts: PromptVariant[];
  backgrounds: BackgroundSpec[];
};

/** FNV-1a: a stable 32-bit hash of a string. */
export function hashString(text: string) {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded generator, so plans never use Math.random. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function badgeTextFor(keywords: string, english: boolean, headline: string[], index: number) {
  const number = splitWords(keywords).find((w) => /^\d{1,4}%?$/.test(w));
  // NEW and WOW are English: other languages get signs only.
  const options = english ? [number ?? "NEW", "!", "WOW", "100%", "?!"] : [number ?? "!", "?!", "100%", "!!!"];
  const pick = options[index % options.length];
  // Never repeat what the headline already shouts.
  return headline.some((w) => w.includes(pick)) ? "!" : pick;
}

export function planGeneration({
  keywords,
  headline,
  promptCount,
  backgroundCount,
}: {
  keywords: string;
  headline?: string | null;
  promptCount: number;
  backgroundCount: number;
}): GenerationPlan {
  const seed = hashString(`${keywords}\u0000${headline ?? ""}`);
  const random = seededRandom(seed);
  const override = headline ? overrideHeadline(headline) : null;
  const candidates = headlineCandidates(keywords);
  const { english } = detectLanguage(keywords);
  const props = topicProps(keywords);
  const firstLayout = random() < 0.5 ? 0 : 1;
  // Which third carries the prop is seeded, so a batch of one or two can still get one.
  const propSlot = seed % Math.min(3, Math.max(1, promptCount));

  const prompts: PromptVariant[] = Array.from({ length: promptCount }, (_, index) => {
    // The creator's own headline wins on every variant; only the emphasis moves.
    const base = override ?? candidates[index % candidates.length];
    const round = override ? index : Math.floor(index / candidates.length);
    const propTurn = index % 3 === propSlot ? Math.floor(index / 3) : -1;
    return {
      index,
      words: base.words,
      accentIndex: (base.accentIndex + round) % base.words.length,
      layout: LAYOUTS[(firstLayout + index) % LAYOUTS.length],
      textPosition: TEXT_POSITIONS[Math.floor(index / 2) % TEXT_POSITIONS.length],
      decoration: DECORATIONS[index % DECORATIONS.length],
      personFrame: PERSON_FRAMES[Math.floor(index / 2) % PERSON_FRAMES.length],
      badgeText: badgeTextFor(keywords, english, base.words, index),
      prop: propTurn >= 0 ? propForHeadline(props, base.words, propTurn) : null,
      textStyle: "plain",
    };
  });

  // Kinds in a seeded order, so two keyword sets open with different looks
  // while one batch never repeats a kind before it has used them all.
  const kinds = [...BACKGROUND_KINDS];
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const paletteStart = Math.floor(random() * 1000);
  const backgrounds: BackgroundSpec[] = Array.from({ length: backgroundCount }, (_, index) => ({
    index,
    kind: kinds[index % kinds.length],
    paletteIndex: paletteStart + index,
  }));

  return { seed, prompts, backgrounds };
}
