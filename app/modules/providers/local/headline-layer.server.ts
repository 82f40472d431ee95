// Where the headline goes, in which colours, and whether it needs a scrim.
// The text engine (./text) shapes and fits the words; this module decides the
// box it gets (beside the face, never over it) and makes the fills read.
import type { CellPrompt } from "~/modules/design/plan";
import { DURATION_ZONE, grow, MAX_CAP_HEIGHT, MIN_CAP_HEIGHT, MIN_CONTRAST, union, type Box } from "~/modules/design/frame";
import type { Palette } from "~/modules/design/palettes";
import type { TextStyle } from "~/modules/design/text-styles";
import { contrastRatio, hexLuminance } from "./colour";
import { extrudeUnder, glowUnder, rasterizeSvg, TONES, type RasterLayer } from "./raster.server";
import { headlineArt, lineBoxes, styleEffects, styleReach } from "./text/drawing.server";
import { layoutHeadline, type HeadlineLayout } from "./text/fitting.server";

export type PlacedHeadline = {
  layout: HeadlineLayout;
  lines: Array<{ left: number; baseline: number }>;
  /** Ink bounds of each line. */
  boxes: Box[];
  /** The room left under the headline in its column (for a prop). */
  below: Box;
};

export const PROP_SIZE = 240;
const PROP_GAP = 22;

export function placeHeadline(prompt: CellPrompt, column: Box, withProp: boolean): PlacedHeadline {
  // The style's effects (a glow, an extrusion) stay inside the column: the
  // letters get it less the effects' reach at the size they are drawn.
  const textStyle = prompt.textStyle ?? "plain";
  const toward = extrudeToward(prompt);
  const reserveAt = (cap: number) => {
    const r = styleReach(textStyle, cap);
    return { x: 2 * r.around + r.side, y: 2 * r.around + r.down };
  };
  const propRoom = withProp ? PROP_SIZE + PROP_GAP : 0;
  const maxHeight = Math.min(prompt.textPosition === "top" ? 400 : 460, column.height - propRoom);
  const layout = layoutHeadline(prompt.words, prompt.accentIndex, {
    maxWidth: column.width,
    maxHeight,
    maxLines: 3,
    minCapHeight: MIN_CAP_HEIGHT,
    maxCapHeight: MAX_CAP_HEIGHT,
    reserve: reserveAt,
  });
  const reach = styleReach(textStyle, layout.capHeight);
  const inner = {
    left: column.left + reach.around + (toward === "left" ? reach.side : 0),
    top: column.top + reach.around,
    width: column.width - 2 * reach.around - reach.side,
    height: column.height - 2 * reach.around - reach.down,
  };
  const blockHeight = layout.inkAbove + layout.height + layout.inkBelow + propRoom;
  const top =
    prompt.textPosition === "top" || withProp
      ? inner.top + 8
      : inner.top + Math.max(8, (inner.height - blockHeight) / 2 - 20);
  // Text hugs the outer edge, away from the person.
  const alignRight = prompt.layout === "person-left";
  // Accents and marks above the capitals (Vietnamese, Thai) stay inside the column.
  const lines = layout.lines.map((line, i) => ({
    left: alignRight ? inner.left + inner.width - line.width : inner.left,
    baseline: top + layout.inkAbove + layout.capHeight + i * layout.lineHeight,
  }));
  // Whole pixels: the boxes index rasters (contrast sampling, the tests).
  const boxes = lineBoxes(layout, lines).map((b) => {
    const left = Math.floor(b.left);
    const top = Math.floor(b.top);
    return { left, top, width: Math.ceil(b.left + b.width) - left, height: Math.ceil(b.top + b.height) - top };
  });
  const textBottom = Math.max(...boxes.map((b) => b.top + b.height));
  const below = { left: inner.left, top: textBottom + PROP_GAP, width: inner.width, height: inner.top + inner.height - textBottom - PROP_GAP };
  return { layout, lines, boxes, below };
}

/** An extrusion goes down and toward the person, away from the frame's edge and the duration corner. */
function extrudeToward(prompt: CellPrompt) {
  return prompt.layout === "person-right" ? "right" : "left";
}

/** A prompt's headline, rasterised once: its letters toned (see TONES), its emoji in their own colours. */
export type HeadlineRasters = { strokeWidth: number; letters: RasterLayer; emoji: RasterLayer | null };

export async function headlineRasters(prompt: CellPrompt, headline: PlacedHeadline): Promise<HeadlineRasters> {
  const textStyle = prompt.textStyle ?? "plain";
  const { fontSize, capHeight } = headline.layout;
  // The glow's dark outline is wider: it is what separates the letters from their halo.
  const strokeWidth = Math.max(6, Math.round(fontSize * (textStyle === "glow" ? 0.1 : 0.085)));
  const shadowOffset = Math.round(fontSize * 0.06);
  const art = headlineArt(headline.layout, headline.lines, {
    fill: TONES.fill,
    accentFill: TONES.accent,
    thirdFill: TONES.third,
    strokeColour: "#000000",
    strokeWidth,
    shadowOffset,
    shadowOpacity: 0.6,
    textStyle,
  });
  const reach = styleReach(textStyle, capHeight);
  const below = Math.max(shadowOffset, reach.down);
  const ink = headline.boxes.map((b) => ({ left: b.left - reach.side, top: b.top, width: b.width + 2 * reach.side, height: b.height + below }));
  const box = grow(union(ink), strokeWidth + reach.around + 4);
  const [letters, emoji] = await Promise.all([rasterizeSvg(art.letters, box), art.emoji ? rasterizeSvg(art.emoji, box) : null]);
  const effects = styleEffects(textStyle, capHeight);
  if (effects.glow) glowUnder(letters!, effects.glow);
  if (effects.extrude) extrudeUnder(letters!, { ...effects.extrude, dx: extrudeToward(prompt) === "right" ? 1 : -1 });
  return { strokeWidth, letters: letters!, emoji };
}

/** The luminance of the scene (background under person) at a pixel, without rendering it. */
export type SceneSampler = (x: number, y: number) => number;

/** Every fourth pixel inside the boxes (grown by the stroke), as luminances. */
const STEP = 4;

function sampleLuminances(sample: SceneSampler, boxes: Box[], stroke: number) {
  const grown = boxes.map((b) => grow(b, stroke));
  const size = grown.reduce((n, b) => n + Math.ceil(b.width / STEP) * Math.ceil(b.height / STEP), 0);
  const values = new Float64Array(size);
  let n = 0;
  for (const box of grown) {
    for (let y = box.top; y < box.top + box.height; y += STEP) {
      for (let x = box.left; x < box.left + box.width; x += STEP) values[n++] = sample(x, y);
    }
  }
  return values.subarray(0, n).sort();
}

/** The 90th percentile luminance under a black scrim of the given opacity. */
function brightUnder(sorted: Float64Array, scrim: number) {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.floor(sorted.length * 0.9)];
  // Luminance is linear light: a scrim of opacity s keeps (1 - s) of it.
  return value * (1 - scrim);
}

/**
 * Fill colours that read against the scene, and the scrim opacity that makes
 * them read. `third` is the gradient's lower end (it must read too) or the
 * extrusion's colour (outside the letters' outline, so free to be dark).
 */
export function chooseColours(sample: SceneSampler, boxes: Box[], palette: Palette, stroke: number, textStyle: TextStyle = "plain") {
  const base = "#ffffff";
  const sorted = sampleLuminances(sample, boxes, stroke);
  const passes = (hex: string, bg: number) => contrastRatio(hexLuminance(hex), bg) >= MIN_CONTRAST + 0.15;
  const background = brightUnder(sorted, 0);
  const accent = [palette.accent, palette.glow, "#ffe600"].find((c) => passes(c, background)) ?? palette.accent;
  const third =
    textStyle === "gradient"
      ? ([palette.glow, palette.accent, "#ffe600"].find((c) => c !== base && passes(c, background)) ?? palette.glow)
      : textStyle === "extrude"
        ? accent
        : "#000000";
  const fills = textStyle === "gradient" ? [base, accent, third] : [base, accent];
  let scrim = 0;
  while (scrim < 0.95 && !fills.every((c) => passes(c, brightUnder(sorted, scrim)))) {
    scrim = Math.round((scrim + 0.1) * 100) / 100;
  }
  return { base, accent, third, scrim };
}

export const SCRIM_FEATHER = 14;

/** The scrim's rectangle: the headline's ink with some air, its feathered edge kept out of the duration corner. */
export function scrimBox(boxes: Box[]): Box {
  const left = Math.min(...boxes.map((b) => b.left)) - 24;
  const top = Math.min(...boxes.map((b) => b.top)) - 22;
  const right = Math.max(...boxes.map((b) => b.left + b.width)) + 24;
  let bottom = Math.max(...boxes.map((b) => b.top + b.height)) + 26;
  if (right + SCRIM_FEATHER > DURATION_ZONE.left) bottom = Math.min(bottom, DURATION_ZONE.top - 4 - SCRIM_FEATHER);
  return { left, top, width: right - left, height: bottom - top };
}
