// The headline engine: fits words into the compositor's box and draws them as
// SVG outlines (any script, emoji as Twemoji art, never a missing-glyph box).
//
// Fitting, in order of preference (the largest cap height wins within each
// step, never below box.minCapHeight):
//   1. wrap at spaces and natural breaks (after "-", between words of a CJK
//      or Thai phrase);
//   2. also at hyphenation points (Latin, Cyrillic, Greek) and between any
//      two CJK characters (kinsoku rules kept);
//   3. also at any grapheme boundary;
//   4. shorten: drop trailing words and end with "…", or cut the last line.
// Widths come from one shaping per word/fragment in cap units (cached), so
// trying a few dozen sizes costs only arithmetic.
import type { TextStyle } from "~/modules/design/text-styles";
import { type BreakLevel, breakPoints } from "./breaks.server";
import { emojiArt, scopeIds } from "./emoji.server";
import { type FontId, getFont, glyphOutline } from "./fonts.server";
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
export type LinePosition = { left: number; baseline: number };
export type HeadlineStyle = {
  fill: string;
  accentFill: string;
  strokeColour: string;
  strokeWidth: number;
  shadowOffset: number;
  shadowOpacity: number;
  /** How the letters are drawn (see design/text-styles); plain when absent. */
  textStyle?: TextStyle;
  /** The gradient's lower end. */
  thirdFill?: string;
};

/** The headline drawn as two layers: the letters (outlines, fills, effects), and emoji art in its own colours over them. */
export type HeadlineArt = { letters: string; emoji: string };

// Effects, in cap heights: big enough to read at 168x94 (a cap of 72 px is
// 9 px there), small enough to stay in the headline's column.
const EXTRUDE_DEPTH = 0.13;
const GLOW_BLUR = 0.07;

/**
 * The pixel effects of a style at a cap height (drawn on the letters'
 * raster, see glowUnder and extrudeUnder in raster.server): an extrusion in
 * the third colour, shaded darker toward the back with a dark edge; a glow
 * in the accent.
 */
export function styleEffects(textStyle: TextStyle, cap: number) {
  return {
    extrude: textStyle === "extrude" ? { depth: Math.round(cap * EXTRUDE_DEPTH), shade: { front: 0.78, back: 0.42 }, edge: Math.max(2, Math.round(cap * 0.025)) } : null,
    glow: textStyle === "glow" ? { blur: cap * GLOW_BLUR, gain: 2.4, opacity: 0.92 } : null,
  };
}

/**
 * How far a style's ink reaches past the letters' outline, in px, for a cap
 * height: the column is narrowed by it so that effects stay where the
 * letters may go (off the face, out of the duration corner).
 */
export function styleReach(textStyle: TextStyle, cap: number) {
  const { extrude, glow } = styleEffects(textStyle, cap);
  if (extrude) return { around: extrude.edge, down: extrude.depth, side: extrude.depth };
  // Three box blurs reach three radii; the glow is faint well before that.
  if (glow) return { around: Math.ceil(2.5 * glow.blur), down: 0, side: 0 };
  return { around: 0, down: 0, side: 0 };
}

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

// ---------------------------------------------------------------------------
// Drawing

const n = (v: number) => String(Math.round(v * 10) / 10);

/** Outline path data of a shaped word with its origin (left end of the baseline) at (x0, y0), `cap` px per cap unit. */
function wordPathData(shaped: Shaped, x0: number, y0: number, cap: number): string {
  let d = "";
  for (const run of shaped.runs) {
    const font = getFont(run.font);
    const k = run.scale * cap;
    const kx = k * run.xScale;
    for (const g of run.glyphs) {
      const gx = x0 + g.x * cap;
      const gy = y0 - g.y * cap;
      for (const c of glyphOutline(font, g.gid)) {
        const v = c.values;
        switch (c.type) {
          case "M":
          case "L":
            d += `${c.type}${n(gx + v[0] * kx)} ${n(gy - v[1] * k)}`;
            break;
          case "Q":
            d += `Q${n(gx + v[0] * kx)} ${n(gy - v[1] * k)} ${n(gx + v[2] * kx)} ${n(gy - v[3] * k)}`;
            break;
          case "C":
            d += `C${n(gx + v[0] * kx)} ${n(gy - v[1] * k)} ${n(gx + v[2] * kx)} ${n(gy - v[3] * k)} ${n(gx + v[4] * kx)} ${n(gy - v[5] * k)}`;
            break;
          default:
            d += "Z";
        }
      }
    }
  }
  return d;
}

type Drawn = { d: string; fill: string; emoji: Array<{ file: string; x: number; y: number; scale: number }> };

function drawLinesOfWords(layout: HeadlineLayout, lines: LinePosition[], fill: (line: number, accent: boolean) => string): Drawn[] {
  const cap = layout.capHeight;
  const out: Drawn[] = [];
  layout.lines.forEach((line, i) => {
    const pos = lines[i];
    if (!pos) return;
    for (const word of line.words) {
      const shaped = shapeWord(word.text, layout.cjkFace);
      const x0 = pos.left + word.x;
      out.push({
        d: wordPathData(shaped, x0, pos.baseline, cap),
        fill: fill(i, word.accent),
        emoji: shaped.emoji.map((e) => ({ file: e.file, x: x0 + e.x * cap, y: pos.baseline - e.y * cap, scale: (e.size * cap) / 36 })),
      });
    }
  });
  return out;
}

/** Where each emoji of the headline is drawn: its Twemoji file, and its 36x36 art box in frame coordinates. */
export function emojiPlacements(layout: HeadlineLayout, lines: LinePosition[]) {
  return drawLinesOfWords(layout, lines, () => "").flatMap((w) =>
    w.emoji.map((e) => ({ file: e.file, box: { left: e.x, top: e.y, width: 36 * e.scale, height: 36 * e.scale } })),
  );
}

/** SVG markup (no <svg> wrapper) drawing the laid-out headline; each line's left edge and baseline are in frame coordinates. */
export function headlineSvg(layout: HeadlineLayout, lines: LinePosition[], style: HeadlineStyle): string {
  const art = headlineArt(layout, lines, style);
  return art.letters + art.emoji;
}

/**
 * The headline as two layers. Emoji art goes in its own layer so that the
 * letters' layer can be toned (drawn in fill and accent colours picked per
 * background) while the emoji keep their colours; their dark outline and
 * shadow stay in the letters' layer.
 */
export function headlineArt(layout: HeadlineLayout, lines: LinePosition[], style: HeadlineStyle): HeadlineArt {
  const textStyle = style.textStyle ?? "plain";
  const cap = layout.capHeight;
  // One headline per SVG document: fixed ids keep the markup deterministic.
  const doc = "hl-";
  const gradient = textStyle === "gradient";
  const lineFill = (line: number, accent: boolean) => (gradient ? `url(#${doc}g${line}${accent ? "a" : "f"})` : accent ? style.accentFill : style.fill);
  const drawn = drawLinesOfWords(layout, lines, lineFill);
  const sw = n(style.strokeWidth);
  const emojiOutline = style.strokeWidth * 0.55;
  let ids = 0;
  const place = (e: Drawn["emoji"][number]) => `translate(${n(e.x)},${n(e.y)}) scale(${Math.round(e.scale * 10000) / 10000})`;
  const scoped = (markup: string, hasIds: boolean) => (hasIds ? scopeIds(markup, `${doc}e${ids++}-`) : markup);
  /** An emoji's silhouette in `currentColor`, stroked `stroke` px wide (in frame px). */
  const shape = (e: Drawn["emoji"][number], stroke: number) => {
    const art = emojiArt(e.file);
    return `<g transform="${place(e)}" stroke-width="${n(stroke / e.scale)}" stroke-linejoin="round">${scoped(art.shape, art.hasIds)}</g>`;
  };
  let ink = "";
  let front = "";
  let emoji = "";
  for (const w of drawn) {
    if (w.d) {
      ink += `<path d="${w.d}"/>`;
      front += `<path d="${w.d}" fill="${w.fill}" stroke="${style.strokeColour}" stroke-width="${sw}" stroke-linejoin="round" paint-order="stroke fill"/>`;
    }
    for (const e of w.emoji) {
      ink += shape(e, emojiOutline);
      // A thin dark outline around the art (never a stroke over it); the art itself is the other layer.
      front += `<g color="#000" fill="currentColor" stroke="currentColor">${shape(e, emojiOutline)}</g>`;
      const art = emojiArt(e.file);
      emoji += `<g transform="${place(e)}">${scoped(art.body, art.hasIds)}</g>`;
    }
  }
  if (!ink) return { letters: "", emoji };
  // Every letter and emoji silhouette once; effects draw it again with <use>.
  let defs = `<g id="${doc}ink" stroke-linejoin="round">${ink}</g>`;
  const copy = (colour: string, stroke: number, dx: number, dy: number, extra = "") =>
    `<use href="#${doc}ink" transform="translate(${n(dx)},${n(dy)})" color="${colour}" fill="${colour}" stroke="${colour}" stroke-width="${n(stroke)}"${extra}/>`;
  // A glow and an extrusion are drawn on the raster's pixels (see styleEffects).
  const behind =
    textStyle === "plain" || textStyle === "gradient"
      ? style.shadowOpacity > 0
        ? copy(style.strokeColour, style.strokeWidth, style.shadowOffset, style.shadowOffset, ` fill-opacity="${style.shadowOpacity}" stroke-opacity="${style.shadowOpacity}"`)
        : ""
      : "";
  if (gradient) {
    // Top to bottom over each line's capitals: the fill (or the accent) at
    // the cap top, the third colour (or the accent) at the baseline.
    const top = style.fill;
    lines.forEach((pos, i) => {
      const y1 = n(pos.baseline - cap);
      const y2 = n(pos.baseline);
      const stops = (a: string, b: string) => `<stop offset="0" stop-color="${a}"/><stop offset="1" stop-color="${b}"/>`;
      defs += `<linearGradient id="${doc}g${i}f" gradientUnits="userSpaceOnUse" x1="0" y1="${y1}" x2="0" y2="${y2}">${stops(top, style.thirdFill ?? style.fill)}</linearGradient>`;
      defs += `<linearGradient id="${doc}g${i}a" gradientUnits="userSpaceOnUse" x1="0" y1="${y1}" x2="0" y2="${y2}">${stops(top, style.accentFill)}</linearGradient>`;
    });
  }
  return { letters: `<defs>${defs}</defs>${behind}${front}`, emoji };
}

/** Ink bounds of each line in frame coordinates (outlines and emoji art; add half the stroke width for the drawn stroke). */
export function lineBoxes(layout: HeadlineLayout, lines: LinePosition[]): Array<{ left: number; top: number; width: number; height: number }> {
  const cap = layout.capHeight;
  return layout.lines.map((line, i) => {
    const pos = lines[i] ?? { left: 0, baseline: 0 };
    let left = Infinity;
    let right = -Infinity;
    let top = Infinity;
    let bottom = -Infinity;
    for (const word of line.words) {
      const s = shapeWord(word.text, layout.cjkFace);
      left = Math.min(left, pos.left + word.x + s.inkLeft * cap);
      right = Math.max(right, pos.left + word.x + s.inkRight * cap);
      top = Math.min(top, pos.baseline - s.inkTop * cap);
      bottom = Math.max(bottom, pos.baseline - s.inkBottom * cap);
    }
    if (!Number.isFinite(left)) return { left: pos.left, top: pos.baseline - cap, width: 0, height: cap };
    return { left, top, width: right - left, height: bottom - top };
  });
}

/** A single short label in the display face (Anton, other scripts by fallback), centred on centreX, filled, no stroke. */
export function labelSvg(text: string, centreX: number, baseline: number, capHeight: number, fill: string): string {
  const shaped = shapeWord(text.trim(), cjkFontFor(text));
  const x0 = centreX - (shaped.width * capHeight) / 2;
  const d = wordPathData(shaped, x0, baseline, capHeight);
  const emoji = shaped.emoji
    .map((e) => {
      const scale = (e.size * capHeight) / 36;
      return `<g transform="translate(${n(x0 + e.x * capHeight)},${n(baseline - e.y * capHeight)}) scale(${Math.round(scale * 10000) / 10000})">${emojiArt(e.file).body}</g>`;
    })
    .join("");
  return (d ? `<path d="${d}" fill="${fill}"/>` : "") + emoji;
}

/** Path data of one glyph with its origin at (x, y) and the font scaled to `capHeight` px per cap unit (tests compare glyphs with .notdef). */
export function glyphPath(font: FontId, gid: number, x: number, y: number, capHeight: number): string {
  const f = getFont(font);
  return wordPathData(
    { text: "", width: 0, runs: [{ font, scale: 1 / f.refHeight, xScale: 1, glyphs: [{ gid, x: 0, y: 0 }] }], emoji: [], inkTop: 0, inkBottom: 0, inkLeft: 0, inkRight: 0, direction: "ltr", missing: [], choices: [], advances: new Map() },
    x,
    y,
    capHeight,
  );
}
