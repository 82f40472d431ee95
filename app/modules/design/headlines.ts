// Keywords → thumbnail headlines. English keywords are rewritten into the
// hooks creators use (price, "I TRIED", "X VS Y", questions, "DON'T BUY",
// "THE TRUTH ABOUT"); any other language is used as written, because a
// pattern in the wrong language reads worse than no pattern. Pure and
// deterministic: no model, no clock, no randomness.
import { detectLanguage, tagWords, upperCase, verbForms, type VerbForms, type WordTag } from "./headline-language";

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
  "review reviews unboxing tutorial guide explained reaction vlog test tested testing comparison tips tricks hacks recipe recipes challenge update walkthrough gameplay overview breakdown teardown ideas".split(
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
const VAGUE_ADJECTIVES = new Set("best new top ultimate good great honest complete latest real worst perfect".split(" "));
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
  (
    "pc laptop phone smartphone car tv camera console house tablet monitor keyboard mouse drone watch smartwatch bike computer truck headset mic microphone build setup desk chair gpu cpu router printer robot van motorcycle tent " +
    "routine trip marathon workout gym fryer bag apartment channel job course recipe habit app game trailer vlog tour challenge kitchen garden bed mattress backpack lens " +
    "guitar piano knife pan grill oven blender scooter boat cabin hotel airline flight city"
  ).split(" "),
);
// Countable things one buys ("DON'T BUY A LAPTOP"); a routine or a trip is not bought.
const PRODUCTS = new Set(
  "pc laptop phone smartphone car tv camera console house tablet monitor keyboard mouse drone watch smartwatch bike computer truck headset mic microphone desk chair gpu cpu router printer robot van motorcycle tent fryer mattress backpack lens guitar knife pan grill oven blender scooter".split(
    " ",
  ),
);
// Nouns that take no article: foods, fields, languages, activities ("I TRIED KETO", "THE TRUTH ABOUT PYTHON").
const MASS = new Set(
  (
    "sourdough keto coffee tea protein powder dough bread pasta rice sushi ramen pizza steak chicken meat fish tofu chocolate " +
    "python javascript java rust react vue typescript crypto bitcoin ethereum money income investing gold silver " +
    "prep travel skincare makeup fitness cardio yoga running cycling meditation fasting journaling minimalism college school " +
    "photography editing music art anime cosplay survival hardcore coding sleep water"
  ).split(" "),
);
// Things one watches or makes rather than tries ("I TRIED GTA 6 TRAILER" reads wrong).
const NOT_TRIED = new Set(
  "trailer update news life channel video videos season episode record market tour build vlog bag apartment reaction engineer developer job city trip marathon routine".split(" "),
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
    "NOBODY TALKS WATCH BEFORE YOU THIS FIRST WON'T BELIEVE DIDN'T EXPECT CHANGES EVERYTHING TELLS MAKE MISTAKE WAIT UNTIL END FOR " +
    "HOW TO HERE'S WHY YOU'RE DOES DO OF BUYING ME MYSELF I'M LIFE AS DAY DAILY WEEKLY MONTHLY BEGINNERS MISTAKES AVOID"
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

/** The first alternative that reads at thumbnail size: within the soft limit if one does, else within the hard one. */
function pick(alternatives: string[][]) {
  return alternatives.find((a) => fits(a, SOFT_MAX_CHARS)) ?? alternatives.find((a) => fits(a, HARD_MAX_CHARS)) ?? null;
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

/** "is a $800 laptop worth it in 2025" → "IS $800 LAPTOP WORTH IT": the tail goes, then filler words. */
function shortenQuestion(input: string[]) {
  if (input.length <= MAX_HEADLINE_WORDS) return input;
  // Intensifiers go first: "WHY IS MY PC SO SLOW" → "WHY IS MY PC SLOW".
  const words = input.filter((w) => !/^(so|really|actually|even|very|just)$/i.test(w));
  if (words.length <= MAX_HEADLINE_WORDS) return words;
  const tail = words.findIndex((w, i) => i > 2 && TOPIC_STOPS.has(w.toLowerCase()));
  const cut = tail > 0 ? words.slice(0, tail) : words;
  if (cut.length <= MAX_HEADLINE_WORDS) return cut;
  return [cut[0], ...cut.slice(1).filter((w) => !/^(a|an|the|my|your|really|actually|even)$/i.test(w))];
}

type Tok = { word: string; lower: string; tag: WordTag };
type Candidate = { words: string[]; family: string; strength: number };

// A headline never ends on one of these: "HOW TO EDIT VIDEOS ON" reads cut off.
const DANGLING = new Set(
  (
    "a an the to in on of for with at by from into onto about under over than as and or but nor so my your our their his her its " +
    "i we they he she you're vs versus v is are was were be am been do does did can could should would will has have had " +
    "how why what which who when where very just really"
  ).split(" "),
);
const AUX_STARTS = new Set("is are can should does do did will would could was were has have am".split(" "));
// Words that carry no topic of their own: a headline needs another keyword word.
const NOT_TOPIC = new Set([...FILLER, ...DANGLING, ..."worth it best new top good great honest full real ultimate".split(" ")]);
// Hooks a creator already writes in the keywords; such a phrase is used as written, first.
const HOOK_STARTS = [
  "the truth about",
  "i tried",
  "i quit",
  "i bought",
  "i built",
  "i made",
  "i spent",
  "i survived",
  "don't buy",
  "stop",
  "never",
  "why you",
  "nobody talks",
  "i was wrong",
  "you're doing",
  "this is why",
  "the end of",
  "the best",
  "the worst",
];

const isQuestionWords = (words: string[]) => {
  const lower = words.map((w) => bare(w).toLowerCase());
  if (AUX_STARTS.has(lower[0])) return true;
  return WH.has(lower[0]) && (AUX_STARTS.has(lower[1]) || lower[1] === "is");
};
const WH = new Set("how why what which who when where".split(" "));

/** True when the words read right as a headline: no dangling last word, a "?" only on a question. */
export function readsRight(words: string[]) {
  if (words.length === 0) return false;
  const lower = words.map((w) => bare(w).toLowerCase());
  const last = lower[lower.length - 1];
  if (DANGLING.has(last) && !(/^(why|how)$/.test(last) && lower[lower.length - 2] === "here's")) return false;
  const end = words[words.length - 1];
  if (/\?$/.test(end) && !/\?!$/.test(end)) {
    // Elliptic questions after a colon ("SOURDOUGH: WORTH IT?") and "A OR B?" are questions too.
    const elliptic = words.some((w) => w.endsWith(":")) || lower.includes("or") || /^(19|20)\d\d$/.test(last);
    if (!isQuestionWords(words) && !elliptic) return false;
  }
  return true;
}

function phraseOf(words: string[]): Tok[] {
  const tags = tagWords(words);
  return words.map((word, i) => ({ word, lower: word.toLowerCase(), tag: tags[i] }));
}
const wordsOf = (toks: Tok[]) => toks.map((t) => t.word);
const isYear = (t: Tok) => /^(19|20)\d\d$/.test(bare(t.lower));
const isNumber = (t: Tok) => t.tag.pos === "num" && /^\d/.test(t.lower) && !isYear(t);

/** The first noun phrase at or after `from`: a topic like "GAMING PC" or "IPHONE 17", never a bare number. */
function nounPhrase(toks: Tok[], from = 0, hasPrice = false): Tok[] {
  const skip = (t: Tok) =>
    FILLER.has(t.lower) ||
    FORMATS.has(t.lower) ||
    VAGUE_ADJECTIVES.has(t.lower) ||
    ADVERBS.has(t.lower) ||
    (hasPrice && PRICE_ADJECTIVES.has(t.lower)) ||
    POWER_WORDS.has(bare(t.word)) ||
    isYear(t) ||
    /^(first|last|next)$/.test(t.lower);
  const kept: Tok[] = [];
  for (let i = from; i < toks.length; i++) {
    const t = toks[i];
    const next = toks[i + 1];
    const compound = t.tag.pos === "verb" && t.tag.gerund && kept.length > 0 && kept[kept.length - 1].tag.pos === "noun";
    const inPhrase = t.tag.pos === "noun" || t.tag.pos === "adj" || (t.tag.pos === "num" && !isYear(t)) || compound;
    if (!inPhrase) {
      if (kept.length > 0 && !(skip(t) && t.tag.pos !== "prep" && t.tag.pos !== "det")) break;
      continue;
    }
    // A count leads ("10 TIPS") and a quantity follows ("JAPAN TRAVEL 7 DAYS"): neither is the topic.
    if (t.tag.pos === "num" && (kept.length === 0 || next?.tag.duration || (next && next.tag.pos === "noun" && next.tag.plural))) {
      if (kept.length > 0) break;
      i += next && (next.tag.duration || FORMATS.has(next.lower) || next.tag.plural) ? 1 : 0;
      continue;
    }
    if (t.tag.duration && kept.length === 0) continue;
    if (skip(t)) continue;
    kept.push(t);
  }
  // Adjectives alone are no topic ("SHOCKING"); drop trailing ones ("MONEY ONLINE" stays, "PC CHEAP" goes).
  while (kept.length > 1 && kept[kept.length - 1].tag.pos === "adj" && kept.length > 0 && !/\d/.test(kept[kept.length - 1].lower)) kept.pop();
  if (!kept.some((t) => t.tag.pos === "noun" || t.tag.pos === "num")) return [];
  return kept.slice(0, 4);
}

/** Where a phrase can be cut and still read whole: before a preposition, a conjunction or an adverb, never inside a noun group. */
function cuts(rest: Tok[]): Tok[][] {
  const out: Tok[][] = [rest];
  for (let k = rest.length - 1; k >= 1; k--) {
    const next = rest[k];
    const prev = rest[k - 1];
    const boundary = ["prep", "conj", "adv", "det", "poss", "wh"].includes(next.tag.pos) || (next.tag.pos === "adj" && prev.tag.pos === "noun" && k === rest.length - 1);
    if (!boundary || DANGLING.has(prev.lower) || prev.tag.pos === "det" || prev.tag.pos === "poss") continue;
    out.push(rest.slice(0, k));
  }
  // "A YOUTUBE CHANNEL" → "A CHANNEL", "MY CAMERA BAG" → "MY BAG": the head noun is kept, its modifiers go.
  const squeezed = [...out];
  for (const form of out) {
    const at = form.findIndex((t, i) => /^(a|an|my|your)$/.test(t.lower) && i + 2 < form.length);
    if (at < 0) continue;
    let head = at + 1;
    while (head + 1 < form.length && ["noun", "adj"].includes(form[head + 1].tag.pos)) head++;
    if (head - at < 2 || form[head].tag.pos !== "noun") continue;
    const det = form[at].lower === "a" || form[at].lower === "an" ? { ...form[at], word: article(form[head].word) } : form[at];
    squeezed.push([...form.slice(0, at), det, ...form.slice(head)]);
  }
  for (const form of out) {
    // "THE PERFECT STEAK" → "STEAK": a vague adjective and its article go together.
    const at = form.findIndex((t, i) => t.lower === "the" && VAGUE_ADJECTIVES.has(form[i + 1]?.lower ?? "") && form[i + 2]?.tag.pos === "noun");
    const head = form[at + 2];
    if (at >= 0 && (MASS.has(head.lower) || head.tag.plural || head.tag.mass)) squeezed.push([...form.slice(0, at), ...form.slice(at + 2)]);
    // "A PC FOR $300" → "A $300 PC": the price goes before the thing, where creators put it.
    const price = form.findIndex((t, i) => t.tag.pos === "money" && i >= 3 && /^(for|under)$/.test(form[i - 1].lower));
    const det = form.findIndex((t) => /^(a|an)$/.test(t.lower));
    if (price > 0 && det >= 0 && det < price - 2 && form.slice(det + 1, price - 1).every((t) => ["noun", "adj", "num"].includes(t.tag.pos))) {
      const money = form[price];
      squeezed.unshift([...form.slice(0, det), { ...form[det], word: article(money.word) }, money, ...form.slice(det + 1, price - 1), ...form.slice(price + 1)]);
    }
    // "IN A DAY" → "DAILY": "WHAT I EAT IN A DAY" in five words.
    const every = form.findIndex((t, i) => t.lower === "in" && form[i + 1]?.lower === "a" && /^(day|week|month)$/.test(form[i + 2]?.lower ?? ""));
    if (every >= 0) {
      const unit = form[every + 2].lower;
      const adverb = unit === "day" ? "DAILY" : `${unit.toUpperCase()}LY`;
      squeezed.push([...form.slice(0, every), { ...form[every], word: adverb, lower: adverb.toLowerCase(), tag: { ...form[every].tag, pos: "adv" } }, ...form.slice(every + 3)]);
    }
  }
  return squeezed;
}

/** "your" becomes "my" when the creator tells it: "EDIT YOUR VIDEOS" → "I EDITED MY VIDEOS". */
const firstPerson = (words: string[]) =>
  words.map((w) => ({ YOUR: "MY", YOU: "ME", YOURSELF: "MYSELF", "YOU'RE": "I'M" })[w] ?? w);

// Things that are not the creator's own.
const NOT_MINE = new Set("trailer update news season episode record market city engineer developer game app airline flight hotel".split(" "));
// Verbs whose object is a thing the noun patterns can talk about ("I built a PC" → "$300 PC?!").
/** What a creator films a whole day of ("MY FULL DAY OF EATING"); other verbs read wrong there ("A DAY OF GOING"). */
const DAY_ROUTINES = new Set("eat study work train cook clean learn edit".split(" "));
const TRYING_VERBS = new Set("try buy build test review use unbox order".split(" "));

type Action = {
  toks: Tok[];
  forms: VerbForms;
  rest: Tok[];
  /** "how to ..." */
  howTo: boolean;
  /** The phrase began with an -ing word ("living in tokyo"). */
  gerundStart: boolean;
};
type Story = {
  toks: Tok[];
  wh: string | null;
  subject: string;
  verb: Tok;
  forms: VerbForms | null;
  rest: Tok[];
};

type Parsed = {
  topic: string[];
  topicToks: Tok[];
  /** How the topic takes an article: "A PC" / "PCS", "SOURDOUGH", or not known (then only patterns that need none). */
  topicKind: "count" | "mass" | "unsure";
  /** The topic can be tried ("I TRIED ..."): not a place, a person, a trailer or a tour. */
  triable: boolean;
  lives: string[][];
  topicIsCountable: boolean;
  topicIsPlace: boolean;
  buyable: boolean;
  price: string | null;
  priceModifier: string | null;
  year: string | null;
  format: string | null;
  place: string[] | null;
  questions: Tok[][];
  angles: string[][];
  versus: [string[], string[]][];
  actions: Action[];
  stories: Story[];
  counts: Tok[][];
  quantities: { n: string; unit: string }[];
  asWritten: { words: string[]; hook: boolean }[];
  content: Set<string>;
};

/** Upper-case words, and their plural and verb forms, that carry the keywords' topic. */
function contentWords(phrases: Tok[][]) {
  const content = new Set<string>();
  for (const t of phrases.flat()) {
    const word = bare(t.word);
    if (NOT_TOPIC.has(t.lower) || isYear(t) || !/[\p{L}\p{N}]/u.test(word) || ["det", "prep", "poss", "pron", "conj", "aux", "wh", "neg"].includes(t.tag.pos)) continue;
    content.add(word);
    if (/^[A-Z]+$/.test(word)) content.add(plural(word));
    if (t.tag.pos === "verb") {
      const forms = verbForms(t.lower);
      if (forms) for (const f of [forms.infinitive, forms.past, forms.gerund]) content.add(f.toUpperCase());
    }
  }
  return content;
}

function parse(keywords: string): Parsed {
  const phrases = splitPhrases(keywords).map((raw) => phraseOf(normalizePrices(raw).map((w) => upperCase(w, "en"))));
  const all = phrases.flat();
  const priceTok = all.find((t) => PRICE.test(t.word));
  const price = priceTok ? bare(priceTok.word) : null;
  const pricePhrase = priceTok ? phrases.find((p) => p.includes(priceTok)) : undefined;
  const beforePrice = pricePhrase && priceTok ? pricePhrase[pricePhrase.indexOf(priceTok) - 1]?.lower : undefined;
  const priceModifier = beforePrice && /^(under|over|for|only|below|just)$/.test(beforePrice) ? beforePrice.toUpperCase() : null;
  const year = all.find(isYear);
  const format = all.find((t) => FORMATS.has(t.lower))?.word.toUpperCase() ?? null;
  const placeTok = all.find((t) => t.tag.place && t.tag.pos === "noun");

  const parsed: Parsed = {
    topic: [],
    topicToks: [],
    topicKind: "unsure",
    triable: false,
    lives: [],
    topicIsCountable: false,
    topicIsPlace: false,
    buyable: false,
    price,
    priceModifier,
    year: year ? bare(year.word) : null,
    format,
    place: placeTok ? [bare(placeTok.word)] : null,
    questions: [],
    angles: [],
    versus: [],
    actions: [],
    stories: [],
    counts: [],
    quantities: [],
    asWritten: [],
    content: contentWords(phrases),
  };
  // Quantities of time anywhere ("7 days", "in 10 minutes") go where creators put them.
  for (const p of phrases) {
    p.forEach((t, i) => {
      if (isNumber(t) && p[i + 1]?.tag.duration) parsed.quantities.push({ n: bare(t.word), unit: bare(p[i + 1].word) });
    });
  }

  const topicSources: { toks: Tok[]; rank: number; object?: boolean }[] = [];
  for (const p of phrases) {
    const lower = p.map((t) => bare(t.lower));
    const writtenWell = p.length >= 3 && p.length <= MAX_HEADLINE_WORDS && readsRight(wordsOf(p));
    const hook = HOOK_STARTS.some((h) => lower.join(" ").startsWith(h));
    const vs = lower.findIndex((w) => w === "vs" || w === "versus" || w === "v");
    if (vs > 0 && vs < lower.length - 1) {
      const left = p.slice(Math.max(0, vs - 3), vs).filter((t) => !FILLER.has(t.lower)).map((t) => t.word);
      const right = p.slice(vs + 1, vs + 4).map((t) => bare(t.word));
      if (left.length && right.length) parsed.versus.push([left, right]);
      const leftToks = p.slice(Math.max(0, vs - 3), vs);
      topicSources.push({ toks: leftToks, rank: 1 });
      continue;
    }
    const endsWithQuestion = p[p.length - 1].word.endsWith("?");
    if (endsWithQuestion || isQuestionWords(wordsOf(p)) || lower.join(" ").includes("worth it")) {
      parsed.questions.push(p);
      topicSources.push({ toks: p, rank: 3 });
      continue;
    }
    const first = p[0];
    // "day in the life of a nurse": the format is known, the topic is the job.
    const lifeAt = lower.join(" ").indexOf("day in the life of ");
    if (lifeAt >= 0) {
      const role = nounPhrase(p, lower.indexOf("of") + 1);
      if (role.length) parsed.lives.push(role.map((t) => bare(t.word)));
      if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
      continue;
    }
    // "my first marathon", "what's in my bag", "top 5 budget cameras": the creator's own framing.
    if ((/^(my|what's)$/.test(lower[0]) || (lower[0] === "top" && /^\d+$/.test(lower[1] ?? ""))) && writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
    // "how I made $10k", "why I quit my job", "I quit my job", "what I eat in a day": the creator tells a story.
    const subjectAt = first.tag.pos === "wh" ? 1 : 0;
    const subject = p[subjectAt];
    const verb = p[subjectAt + 1];
    if (subject && /^(i|we)$/.test(subject.lower) && verb && (verb.tag.pos === "verb" || verb.tag.pos === "noun")) {
      const story: Story = {
        toks: p,
        wh: subjectAt ? first.word : null,
        subject: subject.word,
        verb,
        forms: verbForms(verb.lower),
        rest: p.slice(subjectAt + 2),
      };
      parsed.stories.push(story);
      if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
      topicSources.push({ toks: p.slice(subjectAt + 2), rank: 5, object: TRYING_VERBS.has(story.forms?.infinitive ?? "") });
      continue;
    }
    // "how to edit videos", "make money online", "living in tokyo": an action.
    const howTo = lower[0] === "how" && lower[1] === "to";
    const verbAt = howTo ? 2 : 0;
    const head = p[verbAt];
    const actionVerb = head && head.tag.pos === "verb" && !head.tag.past && (howTo || p.length > 1 || head.tag.gerund);
    if (actionVerb) {
      const forms = verbForms(head.lower);
      if (forms) {
        parsed.actions.push({ toks: p, forms, rest: p.slice(verbAt + 1), howTo, gerundStart: !howTo && head.tag.gerund });
        if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
        topicSources.push({ toks: p.slice(verbAt + 1), rank: 5, object: TRYING_VERBS.has(forms.infinitive) });
        continue;
      }
    }
    if (WH.has(lower[0]) && lower[1] === "to") {
      // "where to eat in tokyo": a statement, used as written.
      if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
      topicSources.push({ toks: p, rank: 4 });
      continue;
    }
    if (isNumber(first) && p.length >= 2) {
      parsed.counts.push(p);
      if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
      topicSources.push({ toks: p, rank: 1 });
      continue;
    }
    if (p.some((t) => POWER_WORDS.has(bare(t.word)))) {
      parsed.angles.push(wordsOf(p));
      if (hook && writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook: true });
      topicSources.push({ toks: p, rank: 2 });
      continue;
    }
    if (writtenWell) parsed.asWritten.push({ words: wordsOf(p), hook });
    if (p === pricePhrase && nounPhrase(p, 0, true).length === 0) continue;
    topicSources.push({ toks: p, rank: 0 });
  }
  const ranked = [...topicSources].sort((a, b) => a.rank - b.rank);
  // The first topic in rank order, unless its article is unknown and a later phrase names one that is known
  // ("speedrun world record, mario 64" → "MARIO 64").
  let topic: Tok[] = [];
  let fromQuestion = false;
  for (const source of ranked) {
    // Stories and actions name a topic only when it is a thing one tries or buys ("I TRIED KETO", "I BUILT A PC").
    if (source.rank === 5 && !source.object) continue;
    const found = nounPhrase(source.toks, 0, price !== null);
    if (found.length === 0) continue;
    if (topic.length === 0 || (kindOf(topic) === "unsure" && kindOf(found) !== "unsure")) {
      topic = found;
      fromQuestion = source.rank === 3;
    }
    if (kindOf(topic) !== "unsure") break;
  }
  parsed.topic = topic.map((t) => bare(t.word));
  parsed.topicToks = topic;
  parsed.topicIsPlace = topic.some((t) => t.tag.place);
  const head = topic[topic.length - 1]?.lower ?? "";
  // Brand names ("iPhone 17", "PS5") and mass nouns ("sourdough") take no article.
  parsed.topicIsCountable = COUNTABLE.has(head);
  parsed.topicKind = kindOf(topic);
  parsed.triable = parsed.topicKind !== "unsure" && !parsed.topicIsPlace && !topic.some((t) => t.tag.person) && !NOT_TRIED.has(head) && !fromQuestion && !(format && /^(reaction|vlog)$/i.test(format));
  parsed.buyable =
    PRODUCTS.has(head) ||
    (format !== null && BUYING_FORMATS.has(format.toLowerCase())) ||
    parsed.topic.some((w) => PRODUCT_WORDS.has(w.toLowerCase()));
  return parsed;
}

/** How a topic takes an article: "count" (A PC, PCS), "mass" (SOURDOUGH, IPHONE 17, CHICKEN WINGS) or "unsure". */
function kindOf(topic: Tok[]): Parsed["topicKind"] {
  const last = topic[topic.length - 1];
  if (!last) return "unsure";
  if (COUNTABLE.has(last.lower)) return "count";
  const named = last.tag.mass || last.tag.proper || last.tag.plural || last.tag.pos === "num" || topic.some((t) => /\d/.test(t.lower));
  return named || MASS.has(last.lower) || /ing$/.test(last.lower) || PRODUCT_WORDS.has(last.lower) ? "mass" : "unsure";
}

/**
 * The topic from its fullest to its shortest form: only modifiers are dropped, and only from a
 * known thing ("GAMING PC" → "PC", never "CHEAP EATS" → "EATS"); never a bare number is left.
 */
function topicForms(topic: string[]) {
  const forms: string[][] = [topic];
  const head = topic[topic.length - 1]?.toLowerCase() ?? "";
  const known = COUNTABLE.has(head) || MASS.has(head) || PRODUCT_WORDS.has(head);
  for (let start = 1; start < topic.length && known; start++) {
    if (!MODIFIERS.has(topic[start - 1].toLowerCase())) break;
    const form = topic.slice(start);
    if (form.every((w) => /^\d/.test(w))) break;
    forms.push(form);
  }
  for (let end = topic.length - 1; end > 0 && MODEL_SUFFIXES.has(topic[end].toLowerCase()); end--) forms.push(topic.slice(0, end));
  return topic.length ? forms : [];
}

/**
 * A long name's first noun ("MINECRAFT HARDCORE SURVIVAL" → "MINECRAFT"), with
 * its number when one follows ("GTA 6 TRAILER" → "GTA 6": "GTA" alone is
 * another game), for patterns the whole name does not fit.
 */
function lastResortForm(topic: string[], toks: Tok[]) {
  if (topic.length < 3 || toks[0]?.tag.pos !== "noun" || COUNTABLE.has(toks[0].lower)) return null;
  return /^\d+$/.test(topic[1]) ? topic.slice(0, 2) : [topic[0]];
}

function plural(word: string) {
  if (word === "MOUSE") return "MICE";
  if (/[^AEIOU]Y$/.test(word)) return `${word.slice(0, -1)}IES`;
  return /(CH|SH|S|X)$/.test(word) ? `${word}ES` : `${word}S`;
}

export function englishCandidates(keywords: string): Candidate[] {
  const p = parse(keywords);
  const candidates: Candidate[] = [];
  const hasTopic = (words: string[]) => words.some((w) => p.content.has(bare(w)) || p.content.has(bare(w).replace(/'S$/, "")));
  const good = (words: string[]) => words.length >= 3 && readsRight(words) && hasTopic(words);
  let onlyMissing = false;
  const add = (family: string, strength: number, alternatives: string[][]) => {
    if (onlyMissing && candidates.some((c) => c.family === family)) return;
    const words = pick(alternatives.filter(good));
    if (words) candidates.push({ family, strength, words });
  };
  const forms = topicForms(p.topic);
  const headWord = p.topic[p.topic.length - 1];
  const countable = (form: string[]) => p.topicIsCountable && form[form.length - 1] === headWord;
  const withArticle = (form: string[]) => (countable(form) ? [article(form[0]), ...form] : form);
  // "THE TRUTH ABOUT GAMING PCS", "ARE LAPTOPS OVERRATED?": a countable topic reads as a plural.
  const plurals = (form: string[]) => (countable(form) ? [...form.slice(0, -1), plural(form[form.length - 1])] : form);
  const isPlural = (words: string[]) => /[^S]S$/.test(words[words.length - 1]);

  // Each phrase the creator wrote as a headline is one family: "THE TRUTH ABOUT X, I TRIED X" gives both.
  p.asWritten.forEach(({ words, hook }, i) => add(`as-written-${i}`, hook ? 97 : 64, [words]));

  // Each side of "X vs Y" in full, then cut to one word where that still names it ("MODEL 3" stays whole).
  const short = (side: string[], keep: "first" | "last") => {
    if (keep === "first" || side.length === 1) return [side[0]];
    // "AIRPODS PRO 2" is "AIRPODS", not "PRO 2"; "MODEL 3" stays whole.
    if (/^\d+$/.test(side[side.length - 1])) return MODEL_SUFFIXES.has(side[side.length - 2].toLowerCase()) ? [side[0]] : side.slice(-2);
    return [side[side.length - 1]];
  };
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
    add("vs-beats", 68, sides.map(([l, r]) => withEnding([isPlural(r) ? "DO" : "DOES", ...r, "BEAT", ...l], "?")));
  }

  // Stories: "HOW I MADE $10K", "I QUIT MY JOB", "QUITTING MY JOB: WORTH IT?".
  for (const story of p.stories) {
    const rests = cuts(story.rest).map(wordsOf);
    const told = story.verb.tag.past || (story.forms !== null && story.forms.past === story.forms.infinitive);
    const past = story.verb.tag.past ? story.verb.word : story.forms?.past.toUpperCase();
    const wh = story.wh ? [story.wh] : [];
    // "WHAT I EAT IN A DAY" has six words; "WHAT I EAT" still says it.
    const storyRests = story.wh === "WHAT" && story.rest[0]?.tag.pos === "prep" ? [...rests, []] : rests;
    add("story", 95, storyRests.map((r) => [...wh, story.subject, story.verb.word, ...r]));
    // A habit told twice: "WHAT I REALLY EAT", "HOW I REALLY STUDY"; a day of it: "MY FULL DAY OF EATING".
    if (story.wh && !told) {
      // Without what follows only where that is a place or a time ("WHAT I REALLY EAT", not "HOW I REALLY CLEAN").
      const bareFirst = story.rest.length === 0 || story.rest[0].tag.pos === "prep";
      add("really", 88, [...(bareFirst ? [[]] : []), ...rests].map((r) => [story.wh!, story.subject, "REALLY", story.verb.word, ...r]));
      // "HOW I CLEAN MY ROOM" → "HOW TO CLEAN YOUR ROOM": the viewer's turn.
      if (story.wh === "HOW" && story.subject === "I" && story.forms) {
        const yours = (r: string[]) => r.map((w) => (w === "MY" ? "YOUR" : w === "MYSELF" ? "YOURSELF" : w));
        add("how-to", 87, rests.map((r) => ["HOW", "TO", story.forms!.infinitive.toUpperCase(), ...yours(r)]));
      }
    }
    if (story.forms && DAY_ROUTINES.has(story.forms.infinitive) && story.rest.some((t) => t.lower === "day")) {
      add("day-of", 86, [["MY", "FULL", "DAY", "OF", story.forms.gerund.toUpperCase()]]);
    }
    if (told && past) {
      add("i-did", 93, rests.map((r) => [story.subject, past, ...r]));
      if (!story.wh) add("why-i", 84, rests.map((r) => ["WHY", story.subject, past, ...r]));
      // "I TRIED KETO FOR 30 DAYS" → "30 DAYS OF KETO".
      const object = nounPhrase(story.rest);
      const days = story.rest.findIndex((t, i) => isNumber(t) && story.rest[i + 1]?.tag.duration && story.rest[i + 1].tag.plural);
      const quantity = days >= 0 ? [story.rest[days].word, story.rest[days + 1].word] : [];
      if (object.length && days >= 0 && story.rest.indexOf(object[0]) < days) add("count", 92, [[...quantity, "OF", ...object.map((t) => bare(t.word))]]);
      // "I SPENT 24 HOURS IN A FOREST" → "24 HOURS IN A FOREST": the place stays with its preposition.
      else if (days >= 0 && story.rest[days + 2]?.tag.pos === "prep") add("count", 92, cuts(story.rest.slice(days + 2)).map((tail) => [...quantity, ...wordsOf(tail)]));
      if (story.wh && /^(HOW|WHY)$/.test(story.wh)) add("heres", 86, rests.map((r) => [story.subject, past, ...withEnding(r, "."), "HERE'S", story.wh!]));
      // "I tried keto" is said better by the noun patterns ("I TRIED KETO", "IS KETO OVERRATED?") than by "TRYING KETO".
      if (story.forms && story.forms.infinitive !== "try" && story.rest[0] && ["noun", "poss", "det"].includes(story.rest[0].tag.pos)) {
        const gerund = story.forms.gerund.toUpperCase();
        add("worth", 74, rests.map((r) => [gerund, ...withEnding(r, ":"), "WORTH", "IT?"]));
        add("truth", 78, rests.map((r) => ["THE", "TRUTH", "ABOUT", gerund, ...r]));
      }
    }
  }

  // "$5000 A MONTH": an amount per period is the hook creators put in the picture.
  for (const toks of [...p.stories.map((st) => st.rest), ...p.actions.map((a) => a.rest)]) {
    const at = toks.findIndex((t, i) => t.tag.pos === "money" && /^(a|an|per|every)$/.test(toks[i + 1]?.lower ?? "") && toks[i + 2]?.tag.duration);
    if (at >= 0) add("per", 91, [[toks[at].word, toks[at + 1].word, toks[at + 2].word]]);
  }

  // Actions: "I MADE MONEY ONLINE", "HOW TO EDIT VIDEOS", "LEARN PYTHON IN 10 MINUTES".
  for (const action of p.actions) {
    const rests = cuts(action.rest).map(wordsOf);
    const inf = action.forms.infinitive.toUpperCase();
    const past = action.forms.past.toUpperCase();
    const gerund = action.forms.gerund.toUpperCase();
    const mine = rests.map(firstPerson);
    // "study with me" is said to the viewer: "I STUDIED WITH ME" and "HOW TO STUDY WITH ME" read wrong.
    const toViewer = action.rest.some((t) => /^(me|us)$/.test(t.lower));
    if (!toViewer) {
      add("i-did", 93, mine.map((r) => ["I", past, ...r]));
      add("how-i", 89, mine.map((r) => ["HOW", "I", past, ...r]));
      add("how-to", action.howTo ? 96 : 88, rests.map((r) => ["HOW", "TO", inf, ...r]));
      add("tried", 83, mine.map((r) => ["I", "TRIED", gerund, ...r]));
    }
    if (!action.gerundStart) add("do", 87, rests.map((r) => [inf, ...r]));
    add("truth", 78, rests.map((r) => ["THE", "TRUTH", "ABOUT", gerund, ...r]));
    add("worth", 74, rests.map((r) => [gerund, ...withEnding(r, ":"), "WORTH", "IT?"]));
    if (action.rest[0]?.tag.pos === "noun") add("doing-wrong", 70, rests.map((r) => ["YOU'RE", gerund, ...r, "WRONG"]));
    if (action.gerundStart) add("gerund", 72, rests.map((r) => [gerund, ...r]));
    // "PYTHON IN 10 MINUTES", "TOKYO ON $1000 A MONTH": the object, then the number that sells it.
    const object = nounPhrase(action.rest);
    const numberAt = action.rest.findIndex((t) => isNumber(t) || t.tag.pos === "money");
    const prepAt = numberAt > 0 && action.rest[numberAt - 1].tag.pos === "prep" ? numberAt - 1 : -1;
    if (object.length && prepAt > 0) {
      const tail = action.rest.slice(prepAt);
      add("number", 94, cuts(tail).map((t) => [...object.map((o) => bare(o.word)), ...wordsOf(t)]));
    }
  }

  // Numbers where creators put them: "7 DAYS IN JAPAN", "30 DAYS OF KETO", "10 PYTHON TIPS".
  for (const { n, unit } of p.quantities) {
    // "30 DAY WORKOUT" is a kind of workout, not thirty days of one.
    if (n !== "1" && !/S$/.test(unit)) continue;
    if (p.place) add("count", 94, [[n, unit, "IN", ...p.place]]);
    else if (forms.length && p.actions.length === 0 && p.stories.length === 0) {
      add("count", 92, forms.map((f) => [n, unit, "OF", ...f]));
      if (p.triable) add("tried", 85, forms.map((f) => ["I", "TRIED", ...withArticle(f), "FOR", n, unit]));
    }
  }
  for (const count of p.counts) {
    const [n, ...rest] = wordsOf(count);
    const noun = count[1];
    const alternatives: string[][] = [];
    // "10 TIPS FOR BEGINNERS" + "python" → "10 PYTHON TIPS FOR BEGINNERS", "10 PYTHON TIPS".
    const fromElsewhere = forms.filter((f) => !f.some((w) => count.some((t) => t.word === w)));
    if (noun && noun.tag.pos === "noun" && !noun.tag.duration) {
      alternatives.push(...fromElsewhere.map((f) => [n, ...f, noun.word, ...rest.slice(1)]));
      alternatives.push(...fromElsewhere.map((f) => [n, ...f, noun.word]));
    }
    alternatives.push(wordsOf(count));
    add("count", 92, alternatives);
  }

  // Questions as the creator asked them; "it" becomes the topic ("IS A $500 PC WORTH IT?").
  let askedWorth = false;
  for (const question of p.questions) {
    const words = shortenQuestion(wordsOf(question));
    const itAt = words.findIndex((w) => bare(w) === "IT");
    const alternatives = [withEnding(words, "?")];
    if (itAt > 0 && itAt < words.length - 1 && forms.length && AUX_STARTS.has(words[0].toLowerCase())) {
      for (const f of forms) {
        const named = p.price ? [article(p.price), p.price, ...f] : withArticle(f);
        alternatives.push(withEnding([...words.slice(0, itAt), ...named, ...words.slice(itAt + 1)], "?"));
      }
    }
    const before = candidates.length;
    add("question", 90, alternatives);
    if (candidates.length > before && candidates[candidates.length - 1].words.some((w) => bare(w) === "WORTH")) askedWorth = true;
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
  // "DAY IN THE LIFE OF A NURSE" → "LIFE AS A NURSE".
  for (const role of p.lives) {
    const named = /S$/.test(role[role.length - 1]) ? role : [article(role[0]), ...role];
    const head = role[role.length - 1];
    const one = !/S$/.test(head);
    add("life", 93, [["LIFE", "AS", ...named], ["A", "DAY", "AS", ...named]]);
    // "A SOFTWARE ENGINEER'S DAY", "ENGINEER: DAY IN THE LIFE": the same video, told two more ways.
    if (one) add("role-day", 90, [[article(role[0]), ...role.slice(0, -1), `${head}'S`, "DAY"]]);
    add("day-in-life", 84, [[...withEnding(role, ":"), "DAY", "IN", "THE", "LIFE"], [...withEnding([head], ":"), "DAY", "IN", "THE", "LIFE"]]);
  }
  // A topic whose article is not known gets only the patterns that need none ("ROAD TRIP: WORTH IT?").
  const sure = p.topicKind !== "unsure";
  const nounPatterns = (forms: string[][]) => {
    if (forms.length === 0) return;
    // Places and people are visited and met, not tried or bought.
    if (p.triable) add("tried", 80, forms.map((f) => ["I", "TRIED", ...withArticle(f)]));
    if (p.year) add("year", 84, forms.map((f) => [...f, "IN", `${p.year}?`]));
    if (p.buyable && p.triable) add("dont-buy", 79, forms.map((f) => ["DON'T", "BUY", ...withArticle(f)]));
    if (sure) add("truth", 78, forms.map((f) => ["THE", "TRUTH", "ABOUT", ...plurals(f)]));
    if (!askedWorth) {
      const priced = p.price ? forms.map((f) => [...withEnding([p.price!, ...f], ":"), "WORTH", "IT?"]) : [];
      add("worth", 74, [...priced, ...forms.map((f) => [...withEnding(f, ":"), "WORTH", "IT?"])]);
    }
    if (sure) add("overrated", 66, forms.map((f) => [isPlural(plurals(f)) ? "ARE" : "IS", ...plurals(f), "OVERRATED?"]));
    add("hype", 62, forms.map((f) => [...withEnding(f, ":"), "REAL", "OR", "HYPE?"]));
    if (sure) add("wrong", 60, forms.map((f) => ["I", "WAS", "WRONG", "ABOUT", ...plurals(f)]));
    // "MY MORNING ROUTINE", "MY CAMERA BAG"; not "MY GTA 6 TRAILER".
    if (p.topicKind === "count" && !NOT_MINE.has(headWord.toLowerCase())) add("mine", 58, forms.map((f) => ["MY", ...f]));
    // "AIRPODS REVIEW", "MY SOURDOUGH RECIPE"; a plural topic before a format reads wrong ("FLIGHTS HACKS").
    if (p.format && !isPlural(forms[0]) && /^(REVIEW|REVIEWS|UNBOXING|TUTORIAL|GUIDE|VLOG|REACTION|RECIPE|SETUP|TEARDOWN|WALKTHROUGH|GAMEPLAY)$/.test(p.format)) {
      const mine = /^(REVIEW|RECIPE|VLOG|TUTORIAL|GUIDE|SETUP|REACTION|WALKTHROUGH)$/.test(p.format);
      add("format", 55, forms.flatMap((f) => (mine ? [["MY", ...f, p.format!], [...f, p.format!]] : [[...f, p.format!]])));
      if (p.format === "REVIEW") add("format", 56, forms.map((f) => ["HONEST", ...f, "REVIEW"]));
    }
    if (sure) add("nobody", 45, forms.map((f) => ["NOBODY", "TALKS", "ABOUT", ...plurals(f)]));
    // Teaching hooks that fit almost any topic ("SOURDOUGH FOR BEGINNERS", "PS5 MISTAKES TO AVOID").
    // A skill or a thing, not a plural ("CHICKEN WINGS FOR BEGINNERS" reads wrong).
    if (sure && !isPlural(forms[0])) {
      add("beginners", 44, forms.map((f) => [...f, "FOR", "BEGINNERS"]));
      add("mistakes", 42, forms.map((f) => [...f, "MISTAKES", "TO", "AVOID"]));
    }
    if (p.buyable && p.triable) add("before-buy", 50, forms.map((f) => ["WATCH", "BEFORE", "BUYING", ...withArticle(f)]));
  };
  nounPatterns(forms);
  // A long name cut to its first word ("MINECRAFT") only for the patterns its full form did not fit.
  const spare = sure ? lastResortForm(p.topic, p.topicToks) : null;
  if (spare) {
    onlyMissing = true;
    nounPatterns([spare]);
  }
  if (candidates.length > 0) return candidates;
  // Topic-free hooks: only when the keywords carry no topic word at all ("🔥🔥🔥").
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
  generic.forEach((g, i) => {
    const words = g.split(" ");
    if (fits(words, HARD_MAX_CHARS)) candidates.push({ family: `generic-${i}`, strength: 10 - i, words });
  });
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
 * English gets as many as read right and keep the topic (about 8 for a plain
 * topic, fewer for a story like "what I eat in a day"); other languages as
 * many as their phrases give.
 */
export function headlineCandidates(keywords: string): Headline[] {
  const language = detectLanguage(keywords);
  if (!language.english) {
    const written = asWrittenCandidates(keywords, language.locale);
    if (written.length > 0) return written.map((words) => ({ words, accentIndex: accentIndexOf(words, false) }));
  }
  return orderDistinct(englishCandidates(keywords)).map(({ words }) => ({ words, accentIndex: accentIndexOf(words) }));
}

/**
 * The creator's own headline: as written, only upper-cased. The Generate form
 * and the editor count words the same way (splitWords) and refuse more than
 * five, so the cut below only guards rows stored before they did.
 */
export function overrideHeadline(text: string): Headline | null {
  const { locale } = detectLanguage(text);
  const words = splitWords(text)
    .slice(0, MAX_HEADLINE_WORDS)
    .map((w) => upperCase(w, locale));
  if (words.length === 0) return null;
  return { words, accentIndex: accentIndexOf(words, detectLanguage(text).english) };
}
