// The headline's letters as the pixel tests find them in a rendered frame:
// pixels the headline layer drew (`drawn`) in one of its fill colours. Shared
// by the compositor's and the layouts' tests, so a letter style is read the
// same way by both.
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import type { CellSpec } from "~/modules/providers/local/compositor.server";

export function hexRgb(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255] as const;
}

/** The colours a cell's letters are filled with (a gradient's lower end too). */
export function fillColours(spec: CellSpec) {
  const { base, accent, third } = spec.colours;
  return (spec.prompt.textStyle === "gradient" ? [base, accent, third] : [base, accent]).map(hexRgb);
}

/**
 * Glyph interiors: drawn by the headline layer and in a fill colour. A
 * gradient's rows run between its two ends, and both ends are fill colours,
 * so its letters span their full height here too.
 */
export function glyphPixels(spec: CellSpec, whole: Buffer, drawn: Uint8Array) {
  const fills = fillColours(spec);
  const glyph = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < glyph.length; i++) {
    if (drawn[i] && fills.some(([r, g, b]) => Math.abs(whole[i * 3] - r) + Math.abs(whole[i * 3 + 1] - g) + Math.abs(whole[i * 3 + 2] - b) < 30)) glyph[i] = 1;
  }
  return glyph;
}

/** How many rows the letters of one headline line span, measured on the glyph pixels around its box. */
export function lineInkHeight(glyph: Uint8Array, box: Box) {
  let first = -1;
  let last = -1;
  for (let y = Math.max(0, box.top - 10); y < Math.min(HEIGHT, box.top + box.height + 10); y++) {
    let row = 0;
    for (let x = Math.max(0, box.left); x < Math.min(WIDTH, box.left + box.width); x++) row += glyph[y * WIDTH + x];
    if (row > 2) {
      if (first < 0) first = y;
      last = y;
    }
  }
  return last - first + 1;
}
