// Turns keywords into prompt variants (headline, emphasis, layout) and
// background specs. Pure and deterministic: the same inputs plan the same
// batch, which is what makes a resumed generation finish the same way.

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

export const MAX_HEADLINE_WORDS = 5;

// Words that carry a thumbnail: the emphasis goes to them first.
const POWER_WORDS = new Set(
  "SHOCKING INSANE TRUTH WORST BEST NEVER STOP SECRET SECRETS EXPOSED FREE NEW HUGE FAIL FAILED WOW WRONG BANNED REAL FAKE CRAZY EPIC ULTIMATE FASTEST CHEAPEST DEAD BROKEN FINALLY WARNING URGENT HIDDEN MISTAKE MISTAKES".split(" "),
);
const FILLER_WORDS = new Set("A AN THE AND OR OF TO IN ON FOR WITH MY YOUR IS ARE THIS THAT".split(" "));

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

function words(text: string) {
  return text
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}'!?%$€£&+#:.-]+/gu, " ")
    .split(" ")
    .map((w) => w.replace(/^[.:-]+|[.:-]+$/g, ""))
    .filter(Boolean)
    .map((w) => w.toLocaleUpperCase("en"));
}

/** The keyword phrases, split on commas, semicolons, pipes and line breaks. */
export function keywordPhrases(keywords: string) {
  return keywords
    .split(/[,;|\n]+/)
    .map((p) => words(p))
    .filter((p) => p.length > 0);
}

function shorten(phrase: string[], max: number) {
  if (phrase.length <= max) return phrase;
  // Drop filler words before cutting meaningful ones.
  const meaningful = phrase.filter((w) => !FILLER_WORDS.has(w));
  return (meaningful.length >= 2 ? meaningful : phrase).slice(0, max);
}

/** Headline candidates, strongest first: the keyword phrases, then hooks built on the topic. */
export function headlineCandidates(keywords: string) {
  const phrases = keywordPhrases(keywords);
  if (phrases.length === 0) return [["WATCH", "THIS"]];
  const topic = shorten(phrases[0], 3);
  const candidates: string[][] = phrases.map((p) => shorten(p, MAX_HEADLINE_WORDS));
  const hooks = [
    ["THE", "TRUTH", "ABOUT", ...shorten(topic, 2)],
    [...shorten(topic, 3), "WORTH", "IT?"],
    ["I", "TESTED", ...shorten(topic, 3)],
    [...shorten(topic, 4), "EXPOSED"],
    ["STOP!", ...shorten(topic, 4)],
  ];
  for (const hook of hooks) candidates.push(hook.slice(0, MAX_HEADLINE_WORDS));
  // No duplicates: every prompt should read differently.
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = c.join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function accentIndexOf(headline: string[]) {
  const power = headline.findIndex((w) => POWER_WORDS.has(w.replace(/[!?]+$/, "")));
  if (power >= 0) return power;
  const number = headline.findIndex((w) => /\d/.test(w));
  if (number >= 0) return number;
  return headline.length - 1;
}

function badgeTextFor(keywords: string, headline: string[], index: number) {
  const number = words(keywords).find((w) => /^\d{1,4}%?$/.test(w));
  const options = [number ?? "NEW", "!", "WOW", "100%", "?!"];
  const pick = options[index % options.length];
  // Never repeat a word the headline already shouts.
  return headline.includes(pick) ? "!" : pick;
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
  // The creator's own words, as written: only the length is limited.
  const override = headline ? words(headline).slice(0, MAX_HEADLINE_WORDS) : null;
  const candidates = headlineCandidates(keywords);
  const firstLayout = random() < 0.5 ? 0 : 1;

  const prompts: PromptVariant[] = Array.from({ length: promptCount }, (_, index) => {
    const chosen = override && override.length > 0 ? override : candidates[index % candidates.length];
    return {
      index,
      words: chosen,
      // With one override headline the variants still emphasize different words.
      accentIndex: override ? (accentIndexOf(chosen) + index) % chosen.length : accentIndexOf(chosen),
      layout: LAYOUTS[(firstLayout + index) % LAYOUTS.length],
      textPosition: TEXT_POSITIONS[Math.floor(index / 2) % TEXT_POSITIONS.length],
      decoration: DECORATIONS[index % DECORATIONS.length],
      personFrame: PERSON_FRAMES[Math.floor(index / 2) % PERSON_FRAMES.length],
      badgeText: badgeTextFor(keywords, chosen, index),
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

/** What the thumbnail's prompt column records for the local compositor. */
export function describePrompt(prompt: PromptVariant, background: BackgroundSpec, paletteName: string) {
  const emphasized = prompt.words[prompt.accentIndex];
  const side = prompt.layout === "person-right" ? "right" : "left";
  return [
    `Headline "${prompt.words.join(" ")}" with "${emphasized}" in the accent colour`,
    `person on the ${side}, headline ${prompt.textPosition === "top" ? "at the top" : "in the middle"} of the other side`,
    `${prompt.decoration === "badge" ? `a "${prompt.badgeText}" badge` : `an ${prompt.decoration}`}`,
    `${background.kind} background in ${paletteName}`,
  ].join("; ");
}
