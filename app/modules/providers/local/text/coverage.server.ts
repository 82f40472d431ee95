// What the shipped fonts and emoji art can draw, for refusing a headline at
// submit with a message that names the script instead of rendering boxes.
import { emojiFile, emojiParts, isEmoji } from "./emoji.server";
import { FONT_IDS, covers, getFont } from "./fonts.server";
import { isIgnorable, splitGraphemes } from "./shape.server";


function anyFontCovers(cp: number) {
  return FONT_IDS.some((id) => covers(getFont(id), cp));
}

/** Characters (code points, as strings) that no shipped font or emoji file can draw. Unique, in order of appearance. */
export function missingGlyphs(text: string): string[] {
  const out: string[] = [];
  for (const g of splitGraphemes(text.normalize("NFC"))) {
    const cps = [...g].map((c) => c.codePointAt(0)!).filter((cp) => !isIgnorable(cp));
    if (!cps.length) continue;
    const textOk = cps.every(anyFontCovers);
    if (isEmoji(g, () => textOk)) {
      if (emojiFile(g) || emojiParts(g).every((p) => emojiFile(p))) continue;
    }
    if (textOk) continue;
    // Whitespace needs no glyph.
    for (const cp of cps) {
      const ch = String.fromCodePoint(cp);
      if (/\s/u.test(ch) || anyFontCovers(cp)) continue;
      if (/\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}/u.test(ch) && emojiFile(ch)) continue;
      if (!out.includes(ch)) out.push(ch);
    }
  }
  return out;
}

// Script names as Unicode spells them (also valid in \p{Script=...}).
const SCRIPTS = [
  "Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew", "Devanagari", "Thai",
  "Armenian", "Georgian", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada", "Malayalam",
  "Sinhala", "Lao", "Tibetan", "Myanmar", "Khmer", "Mongolian", "Ethiopic", "Cherokee", "Syriac", "Thaana", "Nko",
  "Tifinagh", "Javanese", "Balinese", "Sundanese", "Bopomofo", "Yi", "Vai", "Canadian_Aboriginal", "Ogham", "Runic",
  "Tagalog", "Cham", "Tai_Tham", "Tai_Viet", "Ol_Chiki", "Lepcha", "Limbu", "Adlam", "Samaritan", "Mandaic", "Coptic",
  "Glagolitic", "Gothic", "Braille",
] as const;
const TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")] as const);

/** Unicode script of a character as a readable name ("Tamil", "Ol Chiki"); "Symbols" for script-neutral characters. */
export function scriptName(ch: string): string {
  const hit = TESTS.find(([, re]) => re.test(ch));
  return hit ? hit[0].replace(/_/g, " ") : "Symbols";
}

/** Names of the scripts in the text that cannot be drawn (e.g. ["Tamil"]); empty when everything is drawable. */
export function unsupportedScripts(text: string): string[] {
  const names: string[] = [];
  for (const ch of missingGlyphs(text)) {
    const name = scriptName(ch);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}
