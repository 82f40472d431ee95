// Decides whether keywords are English (and so get the headline patterns)
// and which locale upper-cases them. A wrong "English" would glue English
// pattern words onto another language, so anything unclear counts as not
// English and is used as written.
import nlp from "compromise";

// Words that only English puts in a keyword line; a hit is strong evidence.
const ENGLISH_WORDS = new Set(
  (
    "the a an and or of to in on for with without is are was were it it's this that these those my your our i you we they " +
    "how why what which who when where should can could would will does do did don't not no yes than then so just very really " +
    "vs versus under over about after before best worst new review reviews unboxing tutorial guide explained reaction tips tricks " +
    "hacks recipe recipes challenge worth buy buying tried try trying test tested testing vs make making made get getting day days week " +
    "weeks month year years hour hours minute minutes time first last cheap budget price money dollars dollar bucks home house " +
    "car cars phone gaming game games pc laptop setup build battery camera food travel workout gym fitness weight loss diet " +
    "healthy easy fast quick ultimate honest full beginner beginners life hack shocking insane crazy secret truth mistake mistakes"
  ).split(" "),
);

// Function words of other Latin-script languages: a hit means "use as written".
const OTHER_LATIN_WORDS = new Set(
  (
    "de del la las los el y para con por que una uno muy cómo como mejor le les des du et est pour avec une dans sur pas " +
    "der das und ist mit für nicht ein eine zu auf het een van voor niet il di che per gli della os não com em um uma " +
    "ve bir ile için bu nasıl och är att jag på og ikke jeg się nie jak na oraz da sa ng mga yang dan untuk"
  ).split(" "),
);

// English words that carry a diacritic; they should not make a keyword line foreign.
const LOANWORDS = new Set(
  "café cafés naïve résumé pokémon jalapeño jalapeños piñata crème brûlée déjà entrée fiancé fiancée über doppelgänger açaí protégé façade soufflé rosé sauté purée señor mañana".split(
    " ",
  ),
);

function isLatinLetter(char: string) {
  return /\p{Script=Latin}/u.test(char);
}

/** A rough "could this be an English word" test, so keyboard mashing ("asdf qwerty") is not dressed up as English. */
export function looksPronounceable(word: string) {
  if (/\d/.test(word)) return true;
  // Short all-capital tokens are acronyms (PC, GPU, NASA).
  if (word.length <= 5 && word === word.toUpperCase() && /[A-Z]/.test(word)) return true;
  const lower = word.toLowerCase().replace(/['’-]/g, "");
  if (!/^[a-z]+$/.test(lower)) return false;
  if (!/[aeiouy]/.test(lower)) return false;
  if (/q(?!u)/.test(lower)) return false;
  // Digraphs sound like one consonant; collapse them before counting runs.
  const collapsed = lower.replace(/ch|sh|th|ph|wh|ck|ng|gh/g, "C");
  if (/[^aeiouy]{5,}/.test(collapsed)) return false;
  const start = collapsed.match(/^[^aeiouy]+/)?.[0] ?? "";
  if (start.length >= 3 && !start.startsWith("s")) return false;
  const end = collapsed.match(/[^aeiouy]+$/)?.[0] ?? "";
  if (end.length >= 3 && !/[stdC]$/.test(end)) return false;
  return true;
}

export type HeadlineLanguage = {
  /** True only when the keywords read as English: then the headline patterns apply. */
  english: boolean;
  /** The locale whose case rules upper-case the keywords (Greek drops accents, Turkish keeps the dotted I). */
  locale: string;
};

export function detectLanguage(text: string): HeadlineLanguage {
  const letters = [...text.normalize("NFC")].filter((c) => /\p{L}/u.test(c));
  const nonLatin = letters.filter((c) => !isLatinLetter(c));
  const locale = localeFor(text, nonLatin);
  if (letters.length === 0) return { english: true, locale };
  if (nonLatin.length > 0) return { english: false, locale };

  const words = text
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{M}\p{N}'’]+/u)
    .filter(Boolean);
  let english = 0;
  let other = 0;
  for (const word of words) {
    if (ENGLISH_WORDS.has(word)) english++;
    else if (OTHER_LATIN_WORDS.has(word)) other++;
    else if (/[^\x00-\x7f]/.test(word) && !LOANWORDS.has(word)) other++;
  }
  if (other > 0 || english > 0) return { english: english > other, locale };
  const alphabetic = text.split(/[^\p{L}\p{M}\p{N}'’-]+/u).filter((w) => /\p{L}/u.test(w));
  return { english: alphabetic.length > 0 && alphabetic.every(looksPronounceable), locale };
}

function localeFor(text: string, nonLatin: string[]) {
  if (nonLatin.some((c) => /\p{Script=Greek}/u.test(c))) return "el";
  if (/[ıİğĞşŞ]/u.test(text)) return "tr";
  if (/[əƏ]/u.test(text)) return "az";
  return "en";
}

export function upperCase(text: string, locale: string) {
  return text.toLocaleUpperCase(locale);
}

// ---------------------------------------------------------------------------
// English grammar for the headline patterns, from compromise (MIT, pure JS).
// Nothing here runs at import: compromise is only reached from a call, so a
// client bundle that imports this file for detectLanguage can leave it out
// (compromise declares itself free of side effects).

export type PartOfSpeech =
  | "noun"
  | "verb"
  | "adj"
  | "adv"
  | "prep"
  | "det"
  | "poss"
  | "pron"
  | "conj"
  | "num"
  | "money"
  | "wh"
  | "aux"
  | "neg"
  | "other";

export type WordTag = {
  pos: PartOfSpeech;
  /** A verb in its -ing form ("LIVING"). */
  gerund: boolean;
  /** A verb in its past form ("MADE"). */
  past: boolean;
  /** A place name ("TOKYO", "JAPAN"). */
  place: boolean;
  /** A person's name. */
  person: boolean;
  /** A plural noun. */
  plural: boolean;
  /** A unit of time ("DAYS", "MINUTES"). */
  duration: boolean;
  /** A name: a brand, a place, an organisation ("TOKYO", "SONY"). */
  proper: boolean;
  /** A noun compromise knows takes no article ("MONEY", "BREAD"). */
  mass: boolean;
};

const WH_WORDS = new Set("how why what which who when where".split(" "));
// compromise reads "in" after "eats" as a particle of a phrasal verb; in a keyword line it is a preposition.
const PREPOSITIONS = new Set("to in on at for with from of by about under over into onto without after before than like across through around near".split(" "));
const AUXILIARIES = new Set("is are was were am be been do does did can could should would will shall may might must has have had".split(" "));
// Words keyword lines use as nouns or adjectives that compromise, reading a
// sentence, takes for verbs ("budget gaming PC", "chicken wings", "stock market").
const NOT_VERBS: Record<string, PartOfSpeech> = {
  budget: "adj",
  gaming: "adj",
  wings: "noun",
  eats: "noun",
  stock: "noun",
  review: "noun",
  reviews: "noun",
  vlog: "noun",
  test: "noun",
  travel: "noun",
  workout: "noun",
  setup: "noun",
  guide: "noun",
  challenge: "noun",
  update: "noun",
  haul: "noun",
  tour: "noun",
  recap: "noun",
  diet: "noun",
  plan: "noun",
  build: "noun",
  record: "noun",
  speedrun: "noun",
  reaction: "noun",
  unboxing: "noun",
  hacks: "noun",
  tips: "noun",
  prep: "noun",
  online: "adv",
  fast: "adv",
  free: "adj",
  worth: "adj",
  top: "adj",
};
// The -ing words that name a kind of thing before a noun ("running shoes",
// "camping gear"): there they are adjectives, not actions.
const NOUN_AFTER_GERUND = new Set(
  "gear shoes shoe setup equipment tips ideas hacks routine routines class classes course mistakes app apps game games spot spots trip trips bag boots kit tools tool software tutorial guide challenge vlog channel machine board chair desk pc laptop mouse keyboard headset rig music video videos session sessions room station plan plans essentials tricks".split(
    " ",
  ),
);

function posOf(tags: Set<string>, lower: string): PartOfSpeech {
  if (WH_WORDS.has(lower)) return "wh";
  if (/^[$€£¥₹]\d/.test(lower) || /^\d[\d,.]*[kmb]?[$€£¥₹]$/.test(lower)) return "money";
  if (PREPOSITIONS.has(lower)) return "prep";
  if (tags.has("Possessive") && !/'s$/.test(lower)) return "poss";
  if (tags.has("Pronoun")) return "pron";
  if (tags.has("Determiner")) return "det";
  if (tags.has("Negative")) return "neg";
  if (AUXILIARIES.has(lower) || tags.has("Copula") || tags.has("Modal") || tags.has("Auxiliary")) return "aux";
  if (tags.has("Preposition")) return "prep";
  if (tags.has("Conjunction")) return "conj";
  if (/^\d/.test(lower) || (tags.has("Value") && !tags.has("Ordinal"))) return "num";
  if (tags.has("Verb")) return "verb";
  if (tags.has("Adjective") || tags.has("Ordinal")) return "adj";
  if (tags.has("Adverb")) return "adv";
  if (tags.has("Noun")) return "noun";
  return "other";
}

/** Parts of speech for a phrase's words (as splitWords and normalizePrices left them), read in context. */
export function tagWords(words: string[]): WordTag[] {
  const lower = words.map((w) => w.toLowerCase());
  const text = lower.join(" ");
  const starts: number[] = [];
  let at = 0;
  for (const w of lower) {
    starts.push(at);
    at += w.length + 1;
  }
  const terms = (nlp(text).json({ offset: true }) as Array<{ terms: Array<{ offset: { start: number }; tags: string[] }> }>).flatMap(
    (s) => s.terms,
  );
  const tagSets = lower.map(() => new Set<string>());
  const seen = lower.map(() => false);
  for (const term of terms) {
    // A contraction ("don't") is two terms on one word: the word keeps the first.
    let index = starts.length - 1;
    while (index > 0 && starts[index] > term.offset.start) index--;
    if (seen[index]) continue;
    seen[index] = true;
    for (const t of term.tags) tagSets[index].add(t);
  }
  const out = lower.map((w, i): WordTag => {
    const tags = tagSets[i];
    const override = NOT_VERBS[w];
    const pos = override && !(override === "noun" && i === 0 && lower[1] && /^(a|an|the|my|your)$/.test(lower[1])) ? override : posOf(tags, w);
    return {
      pos,
      gerund: pos === "verb" && (tags.has("Gerund") || /ing$/.test(w)),
      past: pos === "verb" && tags.has("PastTense"),
      place: tags.has("Place"),
      person: tags.has("Person"),
      plural: tags.has("Plural") || (pos === "noun" && /[^s]s$/.test(w) && w.length > 3),
      duration: tags.has("Duration") || /^(seconds?|minutes?|hours?|days?|weeks?|months?|years?)$/.test(w),
      proper: tags.has("ProperNoun") || tags.has("Place") || tags.has("Organization") || tags.has("Person"),
      mass: tags.has("Uncountable"),
    };
  });
  // A verb inside a run of nouns is a noun ("chicken WINGS", "stock MARKET"),
  // unless a subject or an auxiliary stands before it ("I QUIT", "how does bitcoin WORK").
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1];
    if (out[i].pos === "verb" && !out[i].gerund && !out[i].past && (prev.pos === "noun" || prev.pos === "adj")) {
      const subject = out.slice(0, i).some((t, j) => (t.pos === "pron" && /^(i|we|you|they|he|she)$/.test(lower[j])) || t.pos === "aux");
      if (!subject) out[i] = { ...out[i], pos: "noun" };
    }
  }
  // One word on its own is a name, not an order ("fortnite", "sourdough").
  if (out.length === 1 && out[0].pos === "verb" && !out[0].gerund) out[0] = { ...out[0], pos: "noun" };
  // "running shoes", "camping gear": the -ing word describes the noun.
  for (let i = 0; i + 1 < out.length; i++) {
    if (out[i].pos === "verb" && out[i].gerund && NOUN_AFTER_GERUND.has(lower[i + 1])) out[i] = { ...out[i], pos: "adj", gerund: false };
  }
  return out;
}

export type VerbForms = { infinitive: string; past: string; gerund: string };

/** The forms of a verb, from any of them ("made", "living", "edit"), in American spelling; null for a word that is no verb. */
export function verbForms(word: string): VerbForms | null {
  const lower = word.toLowerCase();
  if (!/^[a-z][a-z'-]*$/.test(lower)) return null;
  if (conjugations.has(lower)) return conjugations.get(lower)!;
  const forms = conjugate(lower);
  // A parse per word is the slow part of planning; the same few verbs come back batch after batch.
  if (conjugations.size >= 2000) conjugations.clear();
  conjugations.set(lower, forms);
  return forms;
}
const conjugations = new Map<string, VerbForms | null>();

function conjugate(lower: string): VerbForms | null {
  // Alone, a past form can pass for an infinitive ("left" → "lefting"); after "I" it is read as the past it is ("left" → "leave").
  const told = nlp(`i ${lower}`).verbs().conjugate()[0] as Record<string, string> | undefined;
  const doc = nlp(lower);
  doc.tag("Verb");
  const alone = doc.verbs().conjugate()[0] as Record<string, string> | undefined;
  const conjugated = told?.PastTense === lower && /^[a-z]+$/.test(told.Infinitive ?? "") ? told : alone;
  if (!conjugated?.Infinitive || !conjugated.PastTense || !conjugated.Gerund) return null;
  const infinitive = conjugated.Infinitive;
  // compromise doubles the l the British way ("travelled"); creators mostly write "traveled".
  const american = (form: string) => (/[^l]el$/.test(infinitive) ? form.replace(/ll(ed|ing)$/, "l$1") : form);
  return { infinitive, past: american(conjugated.PastTense), gerund: american(conjugated.Gerund) };
}
