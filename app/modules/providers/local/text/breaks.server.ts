// Where a word may be broken across lines, from the most to the least
// acceptable: natural breaks (after a hyphen or slash; between words of a
// CJK or Thai phrase, which has no spaces), then hyphenation points (Latin,
// Cyrillic, Greek with the `hyphen` patterns) and any CJK character boundary
// (with the line-start/line-end rules of kinsoku), then any grapheme boundary.
import { createRequire } from "node:module";
import { scriptClass, splitGraphemes } from "./shape.server";

const require = createRequire(import.meta.url);

export type BreakLevel = 1 | 2 | 3;
export type BreakPoint = { index: number; level: BreakLevel; hyphen: boolean };

type Hyphenator = (text: string, options?: { hyphenChar?: string; minWordLength?: number }) => string;
const hyphenators = new Map<string, Hyphenator>();
function hyphenator(lang: "en" | "ru" | "el-monoton"): Hyphenator {
  let h = hyphenators.get(lang);
  if (!h) {
    h = (require(`hyphen/${lang}`) as { hyphenateSync: Hyphenator }).hyphenateSync;
    hyphenators.set(lang, h);
  }
  return h;
}

// No line may start with these (closing marks, small kana, prolonged sound mark)...
const NO_START = new Set([..."、。，．,.・：；:;？！?!ー～）」』】〕〉》］｝〙〗゛゜ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻…‥%％"]);
// ...and none may end with these (opening marks).
const NO_END = new Set([..."（「『【〔〈《［｛〘〖"]);

const isLetterLike = (g: string) => /[\p{L}\p{M}\p{N}]/u.test(g);

const wordSegmenters = new Map<string, Intl.Segmenter>();
function wordBoundaries(text: string, locale: string): Set<number> {
  let seg = wordSegmenters.get(locale);
  if (!seg) wordSegmenters.set(locale, (seg = new Intl.Segmenter(locale, { granularity: "word" })));
  const out = new Set<number>();
  for (const s of seg.segment(text)) if (s.index > 0) out.add(s.index);
  return out;
}

const cache = new Map<string, BreakPoint[]>();

/** Break points of a word, sorted by index; `index` is a UTF-16 offset (prefix = word.slice(0, index)). */
export function breakPoints(word: string): BreakPoint[] {
  const hit = cache.get(word);
  if (hit) return hit;
  const gs = splitGraphemes(word);
  const starts: number[] = [];
  let offset = 0;
  for (const g of gs) {
    starts.push(offset);
    offset += g.length;
  }
  const classes = gs.map((g) => scriptClass(g.codePointAt(0)!));
  const found = new Map<number, BreakPoint>();
  const add = (index: number, level: BreakLevel, hyphen: boolean) => {
    if (index <= 0 || index >= word.length) return;
    const prev = found.get(index);
    if (!prev || prev.level > level) found.set(index, { index, level, hyphen });
  };

  const hasKana = /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(word);
  for (let i = 1; i < gs.length; i++) {
    const before = gs[i - 1];
    const after = gs[i];
    const index = starts[i];
    if ((before === "-" || before === "/" || before === "\u2010") && i > 1) add(index, 1, false);
    const cjk = classes[i - 1] === "han" || classes[i] === "han" || classes[i - 1] === "hangul" || classes[i] === "hangul";
    const kinsokuOk = !NO_START.has(after) && !NO_END.has(before);
    if (cjk && kinsokuOk) add(index, classes[i - 1] === "hangul" && classes[i] === "hangul" ? 3 : 2, false);
    // Anything else at level 3: a hyphen between two letters of a cased script.
    const cased = classes[i - 1] === "latin" && classes[i] === "latin" && isLetterLike(before) && isLetterLike(after);
    if (kinsokuOk) add(index, 3, cased);
  }

  // Natural breaks inside CJK and Thai phrases, from ICU's dictionary segmentation.
  if (classes.includes("han") || classes.includes("thai")) {
    const locale = classes.includes("thai") ? "th" : hasKana ? "ja" : "zh";
    for (const index of wordBoundaries(word, locale)) {
      const i = starts.indexOf(index);
      if (i <= 0) continue;
      const kinsokuOk = !NO_START.has(gs[i]) && !NO_END.has(gs[i - 1]);
      const inScript = ["han", "thai"].includes(classes[i - 1]) || ["han", "thai"].includes(classes[i]);
      if (kinsokuOk && inScript) add(index, classes[i - 1] === "thai" && classes[i] === "thai" ? 1 : 1, false);
    }
  }

  // Hyphenation points of each letter run of a cased script.
  const re = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{M}]{5,}/gu;
  for (const m of word.matchAll(re)) {
    const run = m[0];
    const lower = run.toLowerCase();
    if (lower.length !== run.length) continue;
    const lang = /\p{Script=Cyrillic}/u.test(run) ? "ru" : /\p{Script=Greek}/u.test(run) ? "el-monoton" : "en";
    const marked = hyphenator(lang)(lower, { hyphenChar: "\u00ad", minWordLength: 5 });
    let pos = 0;
    for (const ch of marked) {
      if (ch === "\u00ad") add(m.index! + pos, 2, true);
      else pos += ch.length;
    }
  }
  const out = [...found.values()].sort((a, b) => a.index - b.index);
  if (cache.size > 2000) cache.delete(cache.keys().next().value!);
  cache.set(word, out);
  return out;
}
