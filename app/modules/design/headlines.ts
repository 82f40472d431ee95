// Keywords → thumbnail headlines. English keywords are rewritten into the
// hooks creators use (price, "I TRIED", "X VS Y", questions, "DON'T BUY",
// "THE TRUTH ABOUT"); any other language is used as written, because a
// pattern in the wrong language reads worse than no pattern. Pure and
// deterministic: no model, no clock, no randomness.
import { detectLanguage, upperCase } from "./headline-language";

export type Headline = {
  /** 1 to 5 upper-case words (3 to 5 for English patterns). */
  words: string[];
  /** Index into words of the word drawn in the accent colour. */
  accentIndex: number;
};

export const MAX_HEADLINE_WORDS = 5;
// A headline has to read at 168x94 px: past about 24 characters the letters get too small.
const SOFT_MAX_CHARS = 25;
const HARD_MAX_CHARS = 30;

const POWER_WORDS = new Set(
  (
    "SHOCKING INSANE TRUTH WORST BEST NEVER STOP SECRET SECRETS EXPOSED FREE HUGE FAIL FAILED WOW WRONG BANNED REAL FAKE " +
    "CRAZY EPIC ULTIMATE FASTEST CHEAPEST DEAD BROKEN FINALLY WARNING URGENT HIDDEN MISTAKE MISTAKES WORTH DON'T VS " +
    "OVERRATED HYPE WINS BEATS QUIT SCAM"
  ).split(" "),
);
const FILLER = new Set(
  "a an the and or of to in on for with my your our is are was it about tried it's its this that at by from i you we me be do does can should will than so just very really too".split(
    " ",
  ),
);
// Words that name the kind of video, not its topic.
const FORMATS = new Set(
  "review reviews unboxing tutorial guide explained reaction vlog test tested testing comparison tips tricks hacks recipe recipes challenge update walkthrough gameplay overview breakdown teardown".split(
    " ",
  ),
);
const QUESTION_STARTS = new Set(
  "is are can should does do did will would could why what which who when where was were has have".split(" "),
);
// A topic ends where a prepositional tail starts ("gaming PC under 500").
const TOPIC_STOPS = new Set("under over for with without at in on from vs versus by after before than like".split(" "));
// Adjectives a price makes redundant ("budget gaming PC" + "$500" → "$500 GAMING PC").
const PRICE_ADJECTIVES = new Set("budget cheap cheapest affordable expensive low-cost inexpensive pricey".split(" "));
const VAGUE_ADJECTIVES = new Set("best new top ultimate good great honest full complete latest real worst".split(" "));
// Words a topic can lose without changing what it is ("gaming PC" → "PC"; "meal prep" must stay whole).
const MODIFIERS = new Set(
  "gaming budget cheap wireless electric smart portable mechanical homemade healthy easy quick used refurbished mini big small luxury vintage classic custom modern new".split(
    " ",
  ),
);
// Model suffixes a long product name can lose ("IPHONE 17 PRO MAX" → "IPHONE 17").
const MODEL_SUFFIXES = new Set("pro max ultra plus mini lite se air xl fe".split(" "));
// Manner words that end a how-to, not part of its topic.
const ADVERBS = new Set("fast faster quickly quick easily easy free forever again now today naturally properly correctly right".split(" "));
const DURATIONS = new Set("day days hour hours minute minutes week weeks month months year years".split(" "));
// Common nouns that take "a" in "I TRIED A ..." / "DON'T BUY A ...".
const COUNTABLE = new Set(
  "pc laptop phone smartphone car tv camera console house tablet monitor keyboard mouse drone watch smartwatch bike computer truck headset mic microphone build setup desk chair gpu cpu router printer robot van motorcycle tent".split(
    " ",
  ),
);
const PRODUCT_WORDS = new Set(
  "pc laptop phone smartphone iphone samsung pixel galaxy android ipad macbook tablet camera tv console ps5 ps4 xbox switch nintendo gpu cpu car tesla ev headphones airpods earbuds monitor keyboard mouse drone watch smartwatch setup build".split(
    " ",
  ),
);
const BUYING_FORMATS = new Set("review reviews unboxing comparison teardown".split(" "));
const CURRENCY_WORDS: Record<string, string> = {
  dollar: "$",
  dollars: "$",
  bucks: "$",
  usd: "$",
  euro: "€",
  euros: "€",
  eur: "€",
  yen: "¥",
  jpy: "¥",
  quid: "£",
  gbp: "£",
  rupees: "₹",
  inr: "₹",
};
const SCALE_WORDS: Record<string, string> = { thousand: "K", grand: "K", million: "M", billion: "B" };

// Every word a pattern may add; tests use it to check nothing else is invented.
export const PATTERN_WORDS = new Set(
  (
    "I TRIED A AN ARE THIS BEAT DON'T BUY THE TRUTH ABOUT WORTH IT IS VS OR WHO WINS AND BEATS IN OVERRATED REAL HYPE WAS WRONG MY HONEST " +
    "NOBODY TALKS WATCH BEFORE YOU THIS FIRST WON'T BELIEVE DIDN'T EXPECT CHANGES EVERYTHING TELLS MAKE MISTAKE WAIT UNTIL END FOR"
  ).split(" "),
);

const PRICE = /^[$€£¥₹]\d/;

// Emoji with their joiners, variation selectors, skin tones, flags and
// keycaps are kept: the compositor draws them as colour art.
const EMOJI = "\\p{Extended_Pictographic}\\p{Emoji_Modifier}\\p{Regional_Indicator}\\u200d\\ufe0f\\u20e3";
const NOT_WORD = new RegExp(`[^\\p{L}\\p{M}\\p{N}'!?%$€£¥₹&+#:.${EMOJI}-]+`, "gu");
const HAS_CONTENT = /[\p{L}\p{N}$€£¥₹\p{Extended_Pictographic}\p{Regional_Indicator}]/u;

/** Splits text into words, keeping the marks headlines use (?! $ € % # : ' -) and emoji. */
export function splitWords(text: string) {
  return text
    .normalize("NFKC")
    .replace(/’/g, "'")
    .replace(NOT_WORD, " ")
    .split(" ")
    .map((w) => w.replace(/^[.:'-]+|[.:'-]+$/g, ""))
    .filter((w) => HAS_CONTENT.test(w));
}

/** The keyword phrases, split on commas, semicolons, pipes and line breaks. */
export function splitPhrases(keywords: string) {
  return keywords
    .split(/[,;|\n]+/)
    .map((p) => splitWords(p))
    .filter((p) => p.length > 0);
}

/** "500 dollars", "500$", "$500" → "$500"; "1.5 million dollars" → "$1.5M". Other numbers stay as written. */
export function normalizePrices(words: string[]) {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const front = word.match(/^([$€£¥₹])(\d[\d,.]*)([kmb])?$/i);
    const back = word.match(/^(\d[\d,.]*)([kmb])?([$€£¥₹])$/i);
    const bare = word.match(/^(\d[\d,.]*)([kmb])?$/i);
    if (front) out.push(`${front[1]}${front[2]}${(front[3] ?? "").toUpperCase()}`);
    else if (back) out.push(`${back[3]}${back[1]}${(back[2] ?? "").toUpperCase()}`);
    else if (bare && SCALE_WORDS[words[i + 1]?.toLowerCase()] && CURRENCY_WORDS[words[i + 2]?.toLowerCase()]) {
      out.push(`${CURRENCY_WORDS[words[i + 2].toLowerCase()]}${bare[1]}${SCALE_WORDS[words[i + 1].toLowerCase()]}`);
      i += 2;
    } else if (bare && CURRENCY_WORDS[words[i + 1]?.toLowerCase()]) {
      out.push(`${CURRENCY_WORDS[words[i + 1].toLowerCase()]}${bare[1]}${(bare[2] ?? "").toUpperCase()}`);
      i += 1;
    } else out.push(word);
  }
  return out;
}

const bare = (word: string) => word.replace(/[!?:.…！？]+$/u, "");
const isPrice = (word: string) => PRICE.test(word) || /\d.*[円元₩]$/u.test(word) || /^\d[\d,.]*[$€£¥₹]$/.test(word);

/** The strongest word: a price, then a power word, then a number, then the topic (English) or the longest word. */
export function accentIndexOf(words: string[], english = true) {
  const clean = words.map(bare);
  const price = clean.findIndex(isPrice);
  if (price >= 0) return price;
  const power = clean.findIndex((w) => POWER_WORDS.has(w));
  if (power >= 0) return power;
  const number = clean.findIndex((w) => /\d/.test(w));
  if (number >= 0) return number;
  if (!english) {
    let longest = 0;
    clean.forEach((w, i) => {
      if ([...w].length > [...clean[longest]].length) longest = i;
    });
    return longest;
  }
  for (let i = clean.length - 1; i >= 0; i--) if (!FILLER.has(clean[i].toLowerCase())) return i;
  return clean.length - 1;
}

const textOf = (words: string[]) => words.join(" ");
const fits = (words: string[], maxChars: number) =>
  words.length > 0 && words.length <= MAX_HEADLINE_WORDS && textOf(words).length <= maxChars;

/** The first alternative that reads at thumbnail size, else the first that at least has ≤ 5 words. */
function pick(alternatives: string[][]) {
  return (
    alternatives.find((a) => fits(a, SOFT_MAX_CHARS)) ??
    alternatives.find((a) => fits(a, HARD_MAX_CHARS)) ??
    alternatives.find((a) => a.length <= MAX_HEADLINE_WORDS && a.length > 0) ??
    null
  );
}

function withEnding(words: string[], ending: string) {
  if (words.length === 0) return words;
  const last = words[words.length - 1];
  return [...words.slice(0, -1), bare(last) + ending];
}

function article(next: string) {
  const digits = next.match(/^[$€£¥₹]([\d,]+)/)?.[1]?.replace(/,/g, "");
  // The article follows the spoken number: "an $800 PC", "an $11 lunch", "a $110 lunch".
  if (digits) return digits.startsWith("8") || (/^1[18]/.test(digits) && digits.length % 3 === 2) ? "AN" : "A";
  return /^[AEIO]/.test(next) ? "AN" : "A";
}

type Phrase = { words: string[]; lower: string[] };
type Candidate = { words: string[]; family: string; strength: number };

type Parsed = {
  topic: string[];
  topicIsCountable: boolean;
  buyable: boolean;
  price: string | null;
  priceModifier: string | null;
  year: string | null;
  format: string | null;
  questions: string[][];
  angles: string[][];
  versus: [string[], string[]][];
  howTos: string[][];
  counts: Phrase[];
  others: string[][];
};

function topicWords(phrase: Phrase, hasPrice: boolean) {
  let { words, lower } = phrase;
  if (lower[0] === "how" && lower[1] === "to") {
    // "how to bake sourdough bread": the topic is the object, not the verb.
    words = words.slice(3);
    lower = lower.slice(3);
  }
  const stop = lower.findIndex((w, i) => i > 0 && TOPIC_STOPS.has(w));
  if (stop > 0) {
    words = words.slice(0, stop);
    lower = lower.slice(0, stop);
  }
  const kept: string[] = [];
  lower.forEach((w, i) => {
    const word = words[i];
    if (FILLER.has(w) || ADVERBS.has(w) || FORMATS.has(w) || VAGUE_ADJECTIVES.has(w) || TOPIC_STOPS.has(w) || QUESTION_STARTS.has(w)) return;
    if (hasPrice && PRICE_ADJECTIVES.has(w)) return;
    if (POWER_WORDS.has(bare(word)) || isPrice(word) || /^(19|20)\d\d$/.test(w)) return;
    if (DURATIONS.has(w) && kept.length === 0) return;
    // Counts ("10 tips", "30 days", "10x") lead; model numbers ("iPhone 17") follow a word.
    if (/^\d/.test(w) && kept.length === 0) return;
    if (/^(worth|it\??)$/.test(w)) return;
    kept.push(bare(word));
  });
  return kept.slice(0, 4);
}

/** "is a $800 laptop worth it in 2025" → "IS $800 LAPTOP WORTH IT": the tail goes, then filler words. */
function shortenQuestion(words: string[]) {
  if (words.length <= MAX_HEADLINE_WORDS) return words;
  const tail = words.findIndex((w, i) => i > 2 && TOPIC_STOPS.has(w.toLowerCase()));
  const cut = tail > 0 ? words.slice(0, tail) : words;
  if (cut.length <= MAX_HEADLINE_WORDS) return cut;
  return [cut[0], ...cut.slice(1).filter((w) => !/^(a|an|the|my|your|really|actually|even)$/i.test(w))];
}

function parse(keywords: string): Parsed {
  const phrases: Phrase[] = splitPhrases(keywords).map((raw) => {
    const words = normalizePrices(raw).map((w) => upperCase(w, "en"));
    return { words, lower: words.map((w) => w.toLowerCase()) };
  });
  const all = phrases.flatMap((p) => p.lower);
  const priceIndex = phrases.findIndex((p) => p.words.some((w) => PRICE.test(w)));
  const pricePhrase = priceIndex >= 0 ? phrases[priceIndex] : null;
  const price = pricePhrase?.words.find((w) => PRICE.test(w)) ?? null;
  const beforePrice = pricePhrase ? pricePhrase.lower[pricePhrase.words.indexOf(price!) - 1] : undefined;
  const priceModifier = beforePrice && /^(under|over|for|only|below|just)$/.test(beforePrice) ? beforePrice.toUpperCase() : null;
  const year = phrases.flatMap((p) => p.words).find((w) => /^(19|20)\d\d$/.test(bare(w))) ?? null;
  const format = all.find((w) => FORMATS.has(w))?.toUpperCase() ?? null;

  const parsed: Parsed = {
    topic: [],
    topicIsCountable: false,
    buyable: false,
    price,
    priceModifier,
    year: year && bare(year),
    format,
    questions: [],
    angles: [],
    versus: [],
    howTos: [],
    counts: [],
    others: [],
  };
  const topicSources: { phrase: Phrase; rank: number }[] = [];
  for (const phrase of phrases) {
    const { words, lower } = phrase;
    const vs = lower.findIndex((w) => w === "vs" || w === "versus" || w === "v");
    if (vs > 0 && vs < lower.length - 1) {
      const left = words.slice(Math.max(0, vs - 3), vs).filter((w) => !FILLER.has(w.toLowerCase()));
      const right = words.slice(vs + 1, vs + 4).map(bare);
      if (left.length && right.length) parsed.versus.push([left, right]);
      topicSources.push({ phrase: { words: left, lower: left.map((w) => w.toLowerCase()) }, rank: 1 });
      continue;
    }
    if (lower[0] === "how" && lower[1] === "to") {
      parsed.howTos.push(words);
      topicSources.push({ phrase, rank: 4 });
      continue;
    }
    if (QUESTION_STARTS.has(lower[0]) || words[words.length - 1].endsWith("?") || lower.join(" ").includes("worth it")) {
      parsed.questions.push(withEnding(shortenQuestion(words), "?"));
      topicSources.push({ phrase, rank: 3 });
      continue;
    }
    if (/^\d/.test(lower[0]) && !PRICE.test(words[0]) && words.length >= 2) {
      parsed.counts.push(phrase);
      topicSources.push({ phrase, rank: 1 });
      continue;
    }
    if (words.some((w) => POWER_WORDS.has(bare(w)))) {
      parsed.angles.push(words);
      topicSources.push({ phrase, rank: 2 });
      continue;
    }
    if (phrase === pricePhrase && topicWords(phrase, true).length === 0) continue;
    topicSources.push({ phrase, rank: 0 });
    parsed.others.push(words);
  }
  for (const rank of [0, 1, 2, 3, 4]) {
    for (const source of topicSources.filter((s) => s.rank === rank)) {
      const topic = topicWords(source.phrase, price !== null);
      if (topic.length > 0 && parsed.topic.length === 0) parsed.topic = topic;
    }
  }
  const head = parsed.topic[parsed.topic.length - 1]?.toLowerCase() ?? "";
  // Brand names ("iPhone 17", "PS5") and mass nouns ("sourdough") take no article.
  parsed.topicIsCountable = COUNTABLE.has(head);
  parsed.buyable =
    parsed.topicIsCountable ||
    (format !== null && BUYING_FORMATS.has(format.toLowerCase())) ||
    parsed.topic.some((w) => PRODUCT_WORDS.has(w.toLowerCase()));
  return parsed;
}

/** The topic from its fullest to its shortest form: only modifiers are dropped, never a bare number is left. */
function topicForms(topic: string[]) {
  const forms: string[][] = [topic];
  for (let start = 1; start < topic.length; start++) {
    if (!MODIFIERS.has(topic[start - 1].toLowerCase())) break;
    const form = topic.slice(start);
    if (form.every((w) => /^\d/.test(w))) break;
    forms.push(form);
  }
  for (let end = topic.length - 1; end > 0 && MODEL_SUFFIXES.has(topic[end].toLowerCase()); end--) forms.push(topic.slice(0, end));
  return topic.length ? forms : [];
}

function plural(word: string) {
  if (word === "MOUSE") return "MICE";
  return /(CH|SH|S|X)$/.test(word) ? `${word}ES` : `${word}S`;
}

function englishCandidates(keywords: string): Candidate[] {
  const p = parse(keywords);
  const candidates: Candidate[] = [];
  const add = (family: string, strength: number, alternatives: string[][]) => {
    const words = pick(alternatives.filter((a) => a.length >= 3));
    if (words) candidates.push({ family, strength, words });
  };
  const forms = topicForms(p.topic);
  const withArticle = (form: string[]) => (p.topicIsCountable ? [article(form[0]), ...form] : form);
  // "THE TRUTH ABOUT GAMING PCS", "ARE LAPTOPS OVERRATED?": a countable topic reads as a plural.
  const plurals = (form: string[]) => (p.topicIsCountable ? [...form.slice(0, -1), plural(form[form.length - 1])] : form);
  const hasWorthQuestion = p.questions.some((q) => q.length <= MAX_HEADLINE_WORDS && q.join(" ").includes("WORTH"));

  // Each side of "X vs Y" in full, then cut to one word where that still names it ("MODEL 3" stays whole).
  const short = (side: string[], keep: "first" | "last") => {
    if (keep === "first" || side.length === 1) return [side[0]];
    return /^\d+$/.test(side[side.length - 1]) ? side.slice(-2) : [side[side.length - 1]];
  };
  const isPlural = (words: string[]) => /[^S]S$/.test(words[words.length - 1]);
  for (const [fullLeft, fullRight] of p.versus) {
    const sides: [string[], string[]][] = [
      [fullLeft, fullRight],
      [short(fullLeft, "last"), fullRight],
      [fullLeft, short(fullRight, "first")],
      [short(fullLeft, "last"), short(fullRight, "first")],
    ];
    add("vs", 96, sides.map(([l, r]) => [...l, "VS", ...r]));
    add("vs-winner", 86, sides.map(([l, r]) => [...withEnding([...l, "VS", ...r], ":"), "WHO", "WINS?"]));
    add("vs-or", 82, sides.map(([l, r]) => withEnding([...l, "OR", ...r], "?")));
    add("tried", 81, sides.map(([l, r]) => ["I", "TRIED", ...l, "AND", ...r]));
    add("vs-beats", 68, sides.map(([l, r]) => withEnding([...r, isPlural(r) ? "BEAT" : "BEATS", ...l], "?")));
  }
  if (p.price && forms.length) {
    add("price", 100, [
      ...forms.map((f) => withEnding([p.price!, ...f], "?!")),
      ...forms.map((f) => withEnding([p.topicIsCountable ? article(p.price!) : "THIS", p.price!, ...f], "?!")),
    ]);
    add("tried", 85, [...forms].reverse().map((f) => ["I", "TRIED", article(p.price!), p.price!, ...f]));
    add("price-phrase", 76, forms.map((f) => [...f, p.priceModifier ?? "FOR", p.price!]));
  }
  for (const angle of p.angles) {
    const mentionsTopic = p.topic.some((w) => angle.includes(w));
    add("angle", 95, mentionsTopic ? [angle] : forms.length ? [[...withEnding(forms[0], ":"), ...angle], angle] : [angle]);
  }
  for (const count of p.counts) {
    const [n, ...rest] = count.words;
    add("count", 92, [count.words, ...forms.map((f) => [n, ...f, ...rest.filter((w) => !p.topic.includes(w))])]);
  }
  for (const question of p.questions) add("question", 90, [question]);
  for (const howTo of p.howTos) add("how-to", 88, [howTo.slice(0, MAX_HEADLINE_WORDS)]);
  if (forms.length) {
    add("tried", 80, forms.map((f) => ["I", "TRIED", ...withArticle(f)]));
    if (p.year) add("year", 84, forms.map((f) => [...f, "IN", `${p.year}?`]));
    if (p.buyable) add("dont-buy", 79, forms.map((f) => ["DON'T", "BUY", ...withArticle(f)]));
    add("truth", 78, forms.map((f) => ["THE", "TRUTH", "ABOUT", ...plurals(f)]));
    if (!hasWorthQuestion) add("worth", 74, forms.map((f) => [...withEnding(f, ":"), "WORTH", "IT?"]));
    add("overrated", 66, forms.map((f) => [p.topicIsCountable || isPlural(f) ? "ARE" : "IS", ...plurals(f), "OVERRATED?"]));
    add("hype", 62, forms.map((f) => [...withEnding(f, ":"), "REAL", "OR", "HYPE?"]));
    add("wrong", 60, forms.map((f) => ["I", "WAS", "WRONG", "ABOUT", ...plurals(f)]));
    if (p.format) {
      add("format", 55, forms.map((f) => (f.length >= 2 ? [...f, p.format!] : ["MY", ...f, p.format!])));
      if (p.format === "REVIEW") add("format", 56, forms.map((f) => ["HONEST", ...f, "REVIEW"]));
    }
    add("nobody", 45, forms.map((f) => ["NOBODY", "TALKS", "ABOUT", ...plurals(f)]));
  }
  for (const other of p.others) add("as-written", 40, [other]);
  if (p.buyable) add("before-buy", 50, [["WATCH", "BEFORE", "YOU", "BUY"]]);
  // Topic-free hooks: the last resort, so even "🔥🔥🔥" gets real headlines.
  const generic = [
    "WATCH THIS FIRST",
    "YOU WON'T BELIEVE THIS",
    "I DIDN'T EXPECT THIS",
    "THIS CHANGES EVERYTHING",
    "DON'T MAKE THIS MISTAKE",
    "WAIT UNTIL THE END",
    "NOBODY TALKS ABOUT THIS",
    "THE TRUTH NOBODY TELLS",
  ];
  generic.forEach((g, i) => add(`generic-${i}`, 10 - i, [g.split(" ")]));
  return candidates;
}

/** Keeps the strongest candidate of each pattern first, so the first few variants read differently. */
function orderDistinct(candidates: Candidate[]) {
  const sorted = [...candidates].sort((a, b) => b.strength - a.strength);
  const seen = new Set<string>();
  const families = new Set<string>();
  const key = (c: Candidate) => c.words.map(bare).join(" ");
  const first: Candidate[] = [];
  const rest: Candidate[] = [];
  for (const c of sorted) {
    if (seen.has(key(c))) continue;
    seen.add(key(c));
    if (families.has(c.family)) rest.push(c);
    else {
      families.add(c.family);
      first.push(c);
    }
  }
  return [...first, ...rest];
}

/** Non-English keywords: the phrases as written, then joined pairs, then with the punctuation creators add. */
function asWrittenCandidates(keywords: string, locale: string): string[][] {
  const phrases = splitPhrases(keywords).map((p) => p.map((w) => upperCase(w, locale)));
  const chunks = phrases.flatMap((p) => {
    const out: string[][] = [];
    for (let i = 0; i < p.length; i += MAX_HEADLINE_WORDS) out.push(p.slice(i, i + MAX_HEADLINE_WORDS));
    return out;
  });
  const wide = (words: string[]) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(words.join(""));
  const out: string[][] = [...chunks];
  for (let i = 0; i + 1 < chunks.length; i++) {
    const joined = [...withEnding(chunks[i], wide(chunks[i]) ? "：" : ":"), ...chunks[i + 1]];
    if (fits(joined, HARD_MAX_CHARS)) out.push(joined);
  }
  for (const ending of ["!", "?!", "?"]) {
    for (const chunk of chunks) out.push(withEnding(chunk, wide(chunk) ? ending.replace("!", "！").replace("?", "？") : ending));
  }
  const seen = new Set<string>();
  return out.filter((words) => {
    const key = words.join(" ");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Headlines for a batch, strongest first, all different while the keywords allow.
 * English gets at least 8; other languages as many as their phrases give.
 */
export function headlineCandidates(keywords: string): Headline[] {
  const language = detectLanguage(keywords);
  if (!language.english) {
    const written = asWrittenCandidates(keywords, language.locale);
    if (written.length > 0) return written.map((words) => ({ words, accentIndex: accentIndexOf(words, false) }));
  }
  return orderDistinct(englishCandidates(keywords)).map(({ words }) => ({ words, accentIndex: accentIndexOf(words) }));
}

/** The creator's own headline: as written, only upper-cased and cut to 5 words. */
export function overrideHeadline(text: string): Headline | null {
  const { locale } = detectLanguage(text);
  const words = splitWords(text)
    .slice(0, MAX_HEADLINE_WORDS)
    .map((w) => upperCase(w, locale));
  if (words.length === 0) return null;
  return { words, accentIndex: accentIndexOf(words, detectLanguage(text).english) };
}
