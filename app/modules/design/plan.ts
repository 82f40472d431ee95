// Turns keywords into prompt variants (headline, emphasis, layout, prop) and
// background specs, and each cell of the batch (a prompt on a background)
// into its composition. Pure and deterministic: the same inputs plan the
// same batch, which is what makes a resumed generation finish the same way.
import { detectLanguage } from "./headline-language";
import { headlineCandidates, overrideHeadline, splitWords } from "./headlines";
import { propForHeadline, topicProps, type TopicProp } from "./props";
import { TEXT_STYLES, type TextStyle } from "./text-styles";

export { MAX_HEADLINE_WORDS } from "./headlines";

export const LAYOUTS = ["person-right", "person-left"] as const;
export const TEXT_POSITIONS = ["top", "middle"] as const;
export const DECORATIONS = ["arrow", "badge", "underline"] as const;
export const PERSON_FRAMES = ["circle", "rounded"] as const;
export const BACKGROUND_KINDS = ["burst", "gradient", "split", "blur", "pattern", "spotlight"] as const;
/**
 * What a cell is built around: the classic headline beside the person, or a
 * layout for a common kind of video, named by the keywords.
 */
export const SCENES = ["classic", "versus", "before-after", "big-number", "reaction"] as const;
/** Where a cell draws its topic prop: beside the headline, large behind the person, or as a pattern over the background. */
export const PROP_PLACES = ["headline", "behind", "pattern"] as const;

export type SceneKind = (typeof SCENES)[number];
export type PropPlace = (typeof PROP_PLACES)[number];
/** One side of an "X vs Y" video: its name as the creator wrote it, and its prop or logo when one matches. */
export type Contender = { label: string; prop: TopicProp | null };
/** The kind of video the keywords name (English only), which some of its cells are laid out for. */
export type VideoFormat =
  | { kind: "versus"; left: Contender; right: Contender }
  | { kind: "before-after" }
  | { kind: "big-number" }
  | { kind: "reaction" };
/** A cell's layout: its kind, where its prop goes, and what a versus cell sets against each other. */
export type Scene = {
  kind: SceneKind;
  propPlace: PropPlace;
  versus: { left: Contender; right: Contender } | null;
};

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
  /** The keywords' topic as a prop (the next match for each variant); each cell decides whether and where it shows. */
  prop: TopicProp | null;
  /** How the headline's letters are drawn (see text-styles.ts). */
  textStyle: TextStyle;
  /** The kind of video the keywords name, which one cell of this prompt's row is laid out for. */
  format: VideoFormat | null;
  /** Seeded: which of its row's cells gets which composition, so batches do not all start alike. */
  rotation: number;
};

export type BackgroundSpec = {
  index: number;
  kind: (typeof BACKGROUND_KINDS)[number];
  paletteIndex: number;
  /** Set on the backgrounds that follow a style reference: every cell on it puts the person on this side. */
  personSide?: PersonSide;
};

export type PersonSide = "left" | "right";

/**
 * What a style reference (a video's thumbnail, topic-images/reference-style.server.ts)
 * asks of a batch: its palette, and the person opposite its text.
 */
export type PlanStyle = { paletteIndex: number | null; personSide: PersonSide | null };

/** Of every STYLE_EVERY backgrounds, the last keeps the plan's own palette and sides, so a styled batch still varies. */
export const STYLE_EVERY = 3;

export type GenerationPlan = {
  seed: number;
  /** The kind of video the keywords name, if any. */
  format: VideoFormat | null;
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

// Words at the edges of an "X vs Y" phrase that are not part of either name.
const NOT_A_CONTENDER = new Set(
  "a an the is it its which who what whats best better worst or and one my your our their this that for in on to of with review reviews test tests comparison compared honest real".split(" "),
);

/** "which is better, iphone 17 vs pixel 10 camera" → IPHONE 17 and PIXEL 10 CAMERA: up to three words on each side. */
function versusOf(keywords: string) {
  for (const clause of keywords.split(/[,;:|!?()[\]]+/)) {
    const match = clause.match(/^(.*?)\s+(?:vs\.?|versus)\s+(.*)$/i);
    if (!match) continue;
    const name = (words: string[]) => {
      const kept: string[] = [];
      for (const word of words) {
        if (NOT_A_CONTENDER.has(word.toLowerCase()) || kept.length === 3) break;
        kept.push(word);
      }
      return kept.join(" ");
    };
    const left = name(match[1].split(/\s+/).filter(Boolean).reverse()).split(" ").reverse().join(" ");
    const right = name(match[2].split(/\s+/).filter(Boolean));
    if (left && right) return [left, right] as const;
  }
  return null;
}

/** The kind of video English keywords name, if one of the common ones; null otherwise. */
export function videoFormatOf(keywords: string, english: boolean): VideoFormat | null {
  if (!english) return null;
  const versus = versusOf(keywords);
  if (versus) {
    const contender = (label: string): Contender => ({ label: label.toUpperCase(), prop: topicProps(label)[0] ?? null });
    return { kind: "versus", left: contender(versus[0]), right: contender(versus[1]) };
  }
  if (/\bbefore\s*(?:and|&|\/|vs\.?|or|-|–|to)?\s*after\b/i.test(keywords)) return { kind: "before-after" };
  if (/\b(?:reaction|reactions|reacting|reacts?\s+to|reacted\s+to)\b/i.test(keywords)) return { kind: "reaction" };
  if (keywords.split(/[,;:|!?]+/).some((clause) => /^\s*(?:top\s+)?\d{1,3}\s+\p{L}/iu.test(clause))) return { kind: "big-number" };
  return null;
}

/**
 * The word a big-number cell draws huge: a leading count ("5 TIPS…"), or
 * the one after TOP ("TOP 7…"); -1 when the headline does not open with one
 * (or is nothing but the number).
 */
export function bigNumberIndex(words: string[]) {
  const count = (word: string | undefined) => word !== undefined && /^\d{1,3}$/.test(word);
  if (words.length >= 2 && count(words[0])) return 0;
  if (words.length >= 3 && words[0] === "TOP" && count(words[1])) return 1;
  return -1;
}

/** A prompt variant as one cell draws it: the plan's turns resolved. */
export type CellPrompt = Omit<PromptVariant, "format" | "rotation">;

export type CellComposition = { prompt: CellPrompt; scene: Scene };

const flipped = (layout: PromptVariant["layout"]) => (layout === "person-right" ? "person-left" : "person-right");

/**
 * One cell's composition. Along a prompt's row each background gets a
 * different role, so a batch is not one layout recoloured: the prompt's own
 * video layout (or its prop large behind the person), the prop beside the
 * headline, the prop as a pattern, and an arrow from the headline to the
 * person. Cells on one side of a row share their headline, so a batch draws
 * about two headlines per prompt. The person changes sides from one cell to the next. (A close-up
 * would need a second cut-out per batch, about half again the batch's time.)
 */
export function composeCell(prompt: PromptVariant, background: BackgroundSpec): CellComposition {
  const { format, rotation, ...variant } = prompt;
  const role = (((background.index - prompt.index - rotation) % 4) + 4) % 4;
  const own = role % 2 === 1 ? flipped(prompt.layout) : prompt.layout;
  const layout = background.personSide ? (`person-${background.personSide}` as const) : own;
  const { prop } = prompt;
  const classic = (propPlace: PropPlace): Scene => ({ kind: "classic", propPlace, versus: null });
  const cell = (scene: Scene, changes: Pick<CellPrompt, "textPosition" | "decoration" | "prop">): CellComposition => ({
    prompt: { ...variant, layout, ...changes },
    scene,
  });
  const decoration = (turn: number) => DECORATIONS[(prompt.index + turn) % DECORATIONS.length];

  switch (role) {
    case 0: {
      const own = format && (format.kind !== "big-number" || bigNumberIndex(prompt.words) >= 0) ? format : null;
      if (own) {
        const scene: Scene = { kind: own.kind, propPlace: own.kind === "reaction" ? "behind" : "headline", versus: own.kind === "versus" ? { left: own.left, right: own.right } : null };
        // A reaction shows the topic behind the person; the other layouts bring their own pictures.
        return cell(scene, { textPosition: "top", decoration: "badge", prop: own.kind === "reaction" ? prop : null });
      }
      return prop
        ? cell(classic("behind"), { textPosition: "top", decoration: decoration(0), prop })
        : cell(classic("headline"), { textPosition: "top", decoration: decoration(0), prop: null });
    }
    case 1:
      return cell(classic("headline"), { textPosition: prop ? "top" : "middle", decoration: prompt.index % 2 ? "underline" : "badge", prop });
    case 2:
      // The headline in the middle, over the topic's pattern.
      return prop
        ? cell(classic("pattern"), { textPosition: "middle", decoration: decoration(2), prop })
        : cell(classic("headline"), { textPosition: "middle", decoration: decoration(2), prop: null });
    default:
      // The same headline as the prop cell beside it in the row (drawn once for both), an arrow where the prop was.
      return cell(classic("headline"), { textPosition: "top", decoration: "arrow", prop: null });
  }
}

export function planGeneration({
  keywords,
  headline,
  promptCount,
  backgroundCount,
  style = null,
}: {
  keywords: string;
  headline?: string | null;
  promptCount: number;
  backgroundCount: number;
  /** A style reference's palette and side, for most backgrounds (not one in STYLE_EVERY). */
  style?: PlanStyle | null;
}): GenerationPlan {
  const seed = hashString(`${keywords}\u0000${headline ?? ""}`);
  const random = seededRandom(seed);
  const override = headline ? overrideHeadline(headline) : null;
  const candidates = headlineCandidates(keywords);
  const { english } = detectLanguage(keywords);
  const props = topicProps(keywords);
  const format = videoFormatOf(keywords, english);
  const firstLayout = random() < 0.5 ? 0 : 1;
  // Which cell of a row gets which role is seeded, so a batch of one or two still varies.
  const rotation = seed % 4;

  const prompts: PromptVariant[] = Array.from({ length: promptCount }, (_, index) => {
    // The creator's own headline wins on every variant; only the emphasis moves.
    const base = override ?? candidates[index % candidates.length];
    const round = override ? index : Math.floor(index / candidates.length);
    return {
      index,
      words: base.words,
      accentIndex: (base.accentIndex + round) % base.words.length,
      layout: LAYOUTS[(firstLayout + index) % LAYOUTS.length],
      textPosition: TEXT_POSITIONS[Math.floor(index / 2) % TEXT_POSITIONS.length],
      decoration: DECORATIONS[index % DECORATIONS.length],
      personFrame: PERSON_FRAMES[Math.floor(index / 2) % PERSON_FRAMES.length],
      badgeText: badgeTextFor(keywords, english, base.words, index),
      prop: propForHeadline(props, base.words, index),
      // Each headline of a batch in its own style (plain, 3D, glow, gradient), from a seeded start.
      textStyle: TEXT_STYLES[(seed + index) % TEXT_STYLES.length],
      format,
      rotation,
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
  const backgrounds: BackgroundSpec[] = Array.from({ length: backgroundCount }, (_, index) => {
    const own = { index, kind: kinds[index % kinds.length], paletteIndex: paletteStart + index };
    const styled = style && index % STYLE_EVERY !== STYLE_EVERY - 1;
    if (!styled) return own;
    return {
      ...own,
      ...(style.paletteIndex !== null ? { paletteIndex: style.paletteIndex } : {}),
      ...(style.personSide ? { personSide: style.personSide } : {}),
    };
  });

  return { seed, format, prompts, backgrounds };
}
