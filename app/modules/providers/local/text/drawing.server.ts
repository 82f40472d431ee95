// Drawing a fitted headline (fitting.server) as SVG outlines: any script,
// emoji as Twemoji art, never a missing-glyph box; and the pixel effects of
// its text style.
import type { TextStyle } from "~/modules/design/text-styles";
import { emojiArt, scopeIds } from "./emoji.server";
import { type FontId, getFont, glyphOutline } from "./fonts.server";
import type { HeadlineLayout } from "./fitting.server";
import { type Shaped, cjkFontFor, shapeWord } from "./shape.server";

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
