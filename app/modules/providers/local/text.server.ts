// Headline text as SVG paths from a font file that ships with the app
// (@expo-google-fonts/anton), so rendering never depends on system fonts.
// Glyphs are laid out one by one with advance widths and kerning.
import fs from "node:fs";
import { createRequire } from "node:module";
import opentype, { type Font } from "opentype.js";

const require = createRequire(import.meta.url);
let anton: Font | undefined;

export function headlineFont() {
  if (!anton) {
    const file = require.resolve("@expo-google-fonts/anton/400Regular/Anton_400Regular.ttf");
    const bytes = fs.readFileSync(file);
    anton = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  return anton;
}

export type TextLine = { words: Array<{ text: string; accent: boolean; x: number; width: number }>; width: number };

export type HeadlineLayout = {
  fontSize: number;
  capHeight: number;
  lineHeight: number;
  lines: TextLine[];
  width: number;
  height: number;
};

const LETTER_SPACING_EM = 0.01;

function wordWidth(font: Font, word: string, fontSize: number) {
  const scale = fontSize / font.unitsPerEm;
  let width = 0;
  let previous: ReturnType<Font["charToGlyph"]> | null = null;
  for (const char of word) {
    const glyph = font.charToGlyph(char);
    if (previous) width += font.getKerningValue(previous, glyph) * scale;
    width += (glyph.advanceWidth ?? 0) * scale + LETTER_SPACING_EM * fontSize;
    previous = glyph;
  }
  return width;
}

function wrap(font: Font, words: string[], accentIndex: number, fontSize: number, maxWidth: number) {
  const space = wordWidth(font, " ", fontSize) * 0.8;
  const lines: TextLine[] = [];
  let current: TextLine = { words: [], width: 0 };
  words.forEach((text, i) => {
    const width = wordWidth(font, text, fontSize);
    const x = current.words.length ? current.width + space : 0;
    if (current.words.length && x + width > maxWidth) {
      lines.push(current);
      current = { words: [{ text, accent: i === accentIndex, x: 0, width }], width };
    } else {
      current.words.push({ text, accent: i === accentIndex, x, width });
      current.width = x + width;
    }
  });
  if (current.words.length) lines.push(current);
  return lines;
}

/**
 * The largest font size at which the words fit maxWidth in at most maxLines
 * lines and maxHeight, but never below minCapHeight (legibility at 168x94).
 */
export function layoutHeadline(
  words: string[],
  accentIndex: number,
  { maxWidth, maxHeight, maxLines, minCapHeight, maxCapHeight }: {
    maxWidth: number;
    maxHeight: number;
    maxLines: number;
    minCapHeight: number;
    maxCapHeight: number;
  },
): HeadlineLayout {
  const font = headlineFont();
  const capRatio = font.tables.os2.sCapHeight / font.unitsPerEm;
  const build = (fontSize: number) => {
    const lines = wrap(font, words, accentIndex, fontSize, maxWidth);
    const capHeight = fontSize * capRatio;
    const lineHeight = capHeight * 1.18;
    const height = capHeight + lineHeight * (lines.length - 1);
    return { fontSize, capHeight, lineHeight, lines, width: Math.max(...lines.map((l) => l.width)), height };
  };
  for (let cap = maxCapHeight; cap >= minCapHeight; cap -= 2) {
    const layout = build(cap / capRatio);
    if (layout.lines.length <= maxLines && layout.height <= maxHeight && layout.width <= maxWidth) return layout;
  }
  // At the smallest legible size, more lines are better than smaller text.
  return build(minCapHeight / capRatio);
}

type Command = { type: string; x?: number; y?: number; x1?: number; y1?: number; x2?: number; y2?: number };

// opentype.js 2.0's toPathData(decimals) prints NaN for some coordinates; the
// commands themselves are sound, so they are written out here.
function pathData(commands: Command[]) {
  const n = (v: number | undefined) => (Math.round((v ?? 0) * 10) / 10).toString();
  return commands
    .map((c) => {
      switch (c.type) {
        case "M":
        case "L":
          return `${c.type}${n(c.x)} ${n(c.y)}`;
        case "Q":
          return `Q${n(c.x1)} ${n(c.y1)} ${n(c.x)} ${n(c.y)}`;
        case "C":
          return `C${n(c.x1)} ${n(c.y1)} ${n(c.x2)} ${n(c.y2)} ${n(c.x)} ${n(c.y)}`;
        default:
          return "Z";
      }
    })
    .join("");
}

/** SVG path data for one word with its baseline at (x, y). */
export function wordPath(text: string, x: number, y: number, fontSize: number) {
  const font = headlineFont();
  const scale = fontSize / font.unitsPerEm;
  let cursor = x;
  let previous: ReturnType<Font["charToGlyph"]> | null = null;
  const parts: string[] = [];
  for (const char of text) {
    const glyph = font.charToGlyph(char);
    if (previous) cursor += font.getKerningValue(previous, glyph) * scale;
    parts.push(pathData(glyph.getPath(cursor, y, fontSize).commands));
    cursor += (glyph.advanceWidth ?? 0) * scale + LETTER_SPACING_EM * fontSize;
    previous = glyph;
  }
  return parts.join("");
}
