// Decides whether keywords are English (and so get the headline patterns)
// and which locale upper-cases them. A wrong "English" would glue English
// pattern words onto another language, so anything unclear counts as not
// English and is used as written.

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
