// Fitting a headline: the words into the compositor's box, at the largest
// cap height that fits (drawing.server turns the layout into outlines).
//
// In order of preference (the largest cap height wins within each step,
// never below box.minCapHeight):
//   1. wrap at spaces and natural breaks (after "-", between words of a CJK
//      or Thai phrase);
//   2. also at hyphenation points (Latin, Cyrillic, Greek) and between any
//      two CJK characters (kinsoku rules kept);
//   3. also at any grapheme boundary;
//   4. shorten: drop trailing words and end with "…", or cut the last line.
// Widths come from one shaping per word/fragment in cap units (cached), so
// trying a few dozen sizes costs only arithmetic.
import { type BreakLevel, breakPoints } from "./breaks.server";
import { type FontId, getFont } from "./fonts.server";
import { type Shaped, cjkFontFor, shapeWord, splitGraphemes } from "./shape.server";

export type HeadlineBox = {
  maxWidth: number;
  maxHeight: number;
  maxLines: number;
  minCapHeight: number;
  maxCapHeight: number;
  /** Room an effect needs beside and below the letters at a cap height (px), taken off the box at that size. */
  reserve?: (cap: number) => { x: number; y: number };
};
export type HeadlineWord = { text: string; accent: boolean; x: number; width: number };
export type HeadlineLayout = {
  fontSize: number;
  capHeight: number;
  lineHeight: number;
  lines: Array<{ width: number; words: HeadlineWord[] }>;
  /** Widest line. */
  width: number;
  /** From the first line's cap top to the last line's baseline. */
  height: number;
  /** Words were dropped or ellipsized to fit. */
  shortened: boolean;
  direction: "ltr" | "rtl";
  /** Ink above the first line's cap top and below the last baseline (px; accents, Thai and Devanagari marks, descenders). The fit keeps inkAbove + height + inkBelow <= maxHeight. */
  inkAbove: number;
  inkBelow: number;
  /** CJK face used for Han characters in this headline (needed to redraw it). */
  cjkFace: FontId;
};
const LINE_GAP = 0.18; // between one line's baseline and the next cap top, in cap units, when no ink reaches into it
const INK_GAP = 0.12; // the least clearance between the ink of two lines
const ELLIPSIS = "…";

function spaceWidth() {
  const anton = getFont("anton");
  const gid = anton.font.nominalGlyph(32)!;
  return (anton.font.glyphHAdvance(gid) / anton.refHeight) * 0.8;
}
let SPACE: number | undefined;

type Piece = { word: number; text: string; shaped: Shaped };
type Wrapped = { lines: Piece[][]; overflow: boolean };

/**
 * Greedy wrap in cap units. Words that do not fit a line are broken only at
 * break points of level <= `level`; returns overflow when some piece is still
 * wider than the line.
 */
function wrap(words: string[], cjk: FontId, maxWidth: number, level: BreakLevel | 0, lineLimit: number): Wrapped {
  const space = (SPACE ??= spaceWidth());
  const lines: Piece[][] = [[]];
  let lineWidth = 0;
  let overflow = false;
  const push = (p: Piece) => {
    const line = lines[lines.length - 1];
    lineWidth = (line.length ? lineWidth + space : 0) + p.shaped.width;
    line.push(p);
  };
  const newLine = () => {
    lines.push([]);
    lineWidth = 0;
  };
  for (let w = 0; w < words.length; w++) {
    let rest = words[w];
    while (rest) {
      if (lines.length > lineLimit) return { lines, overflow: true };
      const shaped = shapeWord(rest, cjk);
      const line = lines[lines.length - 1];
      const x = line.length ? lineWidth + space : 0;
      if (x + shaped.width <= maxWidth) {
        push({ word: w, text: rest, shaped });
        break;
      }
      // A word that fits a line of its own goes there rather than being broken.
      if (line.length && shaped.width <= maxWidth) {
        newLine();
        continue;
      }
      const cut = level ? bestBreak(rest, cjk, maxWidth - x, level) : undefined;
      if (cut) {
        push({ word: w, text: cut.text, shaped: cut.shaped });
        rest = cut.rest;
        newLine();
        continue;
      }
      if (line.length) {
        newLine();
        continue;
      }
      // Nothing fits even alone on a line: take it and report the overflow.
      push({ word: w, text: rest, shaped });
      overflow = true;
      break;
    }
  }
  return { lines: lines.filter((l) => l.length), overflow };
}

/** The longest prefix ending at an allowed break that fits `avail` (with its hyphen). */
function bestBreak(word: string, cjk: FontId, avail: number, level: BreakLevel) {
  const points = breakPoints(word).filter((p) => p.level <= level);
  if (!points.length || avail <= 0) return undefined;
  const whole = shapeWord(word, cjk);
  const hyphen = shapeWord("-", cjk).width;
  // Estimate each prefix from the whole word's per-grapheme advances, then confirm by shaping.
  const offsets = [...whole.advances.keys()].sort((a, b) => a - b);
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i];
    let estimate = p.hyphen ? hyphen : 0;
    for (const o of offsets) if (o < p.index) estimate += whole.advances.get(o)!;
    if (estimate > avail * 1.04) continue;
    const text = word.slice(0, p.index) + (p.hyphen ? "-" : "");
    const shaped = shapeWord(text, cjk);
    if (shaped.width <= avail) return { text, shaped, rest: word.slice(p.index) };
  }
  return undefined;
}

type Metrics = { lineHeight: number; above: number; below: number; total: number };

/** Line pitch and ink overhangs in cap units, so that no two lines' ink touch. */
function verticalMetrics(lines: Piece[][]): Metrics {
  const above = lines.map((l) => Math.max(0, ...l.map((p) => p.shaped.inkTop - 1)));
  const below = lines.map((l) => Math.max(0, ...l.map((p) => -p.shaped.inkBottom)));
  let lineHeight = 1 + LINE_GAP;
  for (let i = 0; i + 1 < lines.length; i++) lineHeight = Math.max(lineHeight, 1 + below[i] + above[i + 1] + INK_GAP);
  const total = above[0] + 1 + lineHeight * (lines.length - 1) + below[lines.length - 1];
  return { lineHeight, above: above[0], below: below[lines.length - 1], total };
}

function lineWidth(line: Piece[]) {
  const space = (SPACE ??= spaceWidth());
  return line.reduce((w, p, i) => w + (i ? space : 0) + p.shaped.width, 0);
}

function fits(wrapped: Wrapped, cap: number, box: HeadlineBox) {
  if (wrapped.overflow || wrapped.lines.length > box.maxLines) return false;
  if (wrapped.lines.some((l) => lineWidth(l) * cap > box.maxWidth + 1e-6)) return false;
  return verticalMetrics(wrapped.lines).total * cap <= box.maxHeight + 1e-6;
}

function capSizes(box: HeadlineBox) {
  const sizes: number[] = [];
  const top = Math.max(box.maxCapHeight, box.minCapHeight);
  for (let c = top; c > box.minCapHeight; c -= 2) sizes.push(c);
  sizes.push(box.minCapHeight);
  return sizes;
}

function build(lines: Piece[][], cap: number, accentIndex: number, cjk: FontId, shortened: boolean): HeadlineLayout {
  const space = (SPACE ??= spaceWidth());
  const rtl = (lines[0]?.find((p) => p.shaped.runs.length)?.shaped.direction ?? "ltr") === "rtl";
  const m = verticalMetrics(lines);
  const out = lines.map((line) => {
    const width = lineWidth(line) * cap;
    let x = 0;
    const words = line.map((p) => {
      const w = p.shaped.width * cap;
      const word = { text: p.text, accent: p.word === accentIndex, x: rtl ? width - x - w : x, width: w };
      x += w + space * cap;
      return word;
    });
    return { width, words };
  });
  const anton = getFont("anton");
  return {
    fontSize: (cap * anton.upem) / anton.refHeight,
    capHeight: cap,
    lineHeight: m.lineHeight * cap,
    lines: out,
    width: Math.max(0, ...out.map((l) => l.width)),
    height: cap + m.lineHeight * cap * (lines.length - 1),
    shortened,
    direction: rtl ? "rtl" : "ltr",
    inkAbove: m.above * cap,
    inkBelow: m.below * cap,
    cjkFace: cjk,
  };
}

/** Fit the words into the box: largest cap height first, then breaking, then shortening. */
export function layoutHeadline(words: string[], accentIndex: number, box: HeadlineBox): HeadlineLayout {
  const clean = words.map((w) => w.replace(/\s+/g, " ").trim()).filter(Boolean);
  const cjk = cjkFontFor(clean.join(" "));
  const sizes = capSizes(box);
  // The box less what the style's effects need at a cap height.
  const at = (cap: number): HeadlineBox => {
    const r = box.reserve?.(cap);
    return r ? { ...box, maxWidth: box.maxWidth - r.x, maxHeight: box.maxHeight - r.y } : box;
  };
  const attempt = (list: string[], levels: Array<BreakLevel | 0>) => {
    for (const level of levels) {
      for (const cap of sizes) {
        const room = at(cap);
        const wrapped = wrap(list, cjk, room.maxWidth / cap, level, box.maxLines);
        if (fits(wrapped, cap, room)) return { wrapped, cap };
      }
    }
    return undefined;
  };
  if (!clean.length) return build([], box.minCapHeight, -1, cjk, false);
  const full = attempt(clean, [1, 2, 3]);
  if (full) return build(full.wrapped.lines, full.cap, accentIndex, cjk, false);

  // Shorten: keep as many leading words as fit, the last one ending in "…".
  for (let keep = clean.length - 1; keep >= 1; keep--) {
    const list = clean.slice(0, keep);
    list[keep - 1] = list[keep - 1] + ELLIPSIS;
    const found = attempt(list, [1, 2, 3]);
    if (found) return build(found.wrapped.lines, found.cap, accentIndex, cjk, true);
  }
  // Even the first word does not fit whole: fill the lines that fit at the
  // smallest size and cut the last one with "…".
  const cap = box.minCapHeight;
  const room = at(cap);
  const maxW = room.maxWidth / cap;
  const wrapped = wrap([clean[0]], cjk, maxW, 3, Infinity);
  let lines = wrapped.lines;
  while (lines.length > 1 && !(lines.length <= box.maxLines && verticalMetrics(lines).total * cap <= room.maxHeight)) lines = lines.slice(0, -1);
  const last = lines[lines.length - 1];
  const piece = last[last.length - 1];
  const base = piece.text.replace(/-$/, "");
  const gs = splitGraphemes(base);
  for (let n = gs.length; n >= 0; n--) {
    const text = gs.slice(0, n).join("") + ELLIPSIS;
    const shaped = shapeWord(text, cjk);
    if ((lineWidth(last.slice(0, -1)) + (last.length > 1 ? (SPACE ??= spaceWidth()) : 0) + shaped.width) * cap <= room.maxWidth) {
      last[last.length - 1] = { ...piece, text, shaped };
      break;
    }
  }
  return build(lines, cap, accentIndex, cjk, true);
}
