// The creator's own headline is drawn on every thumbnail of the batch. The
// text engine shortens a headline that does not fit its column even at the
// smallest legible size ("SUPERCALIFRAGILISTIC…"); that must never happen
// to words the creator typed without them being told, so the form lays the
// headline out first, in every column a batch can give it, and refuses what
// would be cut.
import { CUTOUT_FACE_SHARE, EYE_LINE, HEIGHT, faceCentreX, textColumn } from "~/modules/design/frame";
import { overrideHeadline, splitPhrases } from "~/modules/design/headlines";
import { LAYOUTS, TEXT_POSITIONS, type PromptVariant } from "~/modules/design/plan";
import { placeHeadline } from "~/modules/providers/local/headline-layer.server";

// A cut-out at its planned size, square (wider than most detected faces, so the column is never overestimated).
const FACE_SIZE = HEIGHT * CUTOUT_FACE_SHARE;

function standardFace(layout: PromptVariant["layout"]) {
  return { left: faceCentreX(layout) - FACE_SIZE / 2, top: EYE_LINE - FACE_SIZE * 0.4, width: FACE_SIZE, height: FACE_SIZE };
}

/** What the headline would be cut to on some thumbnail of a batch, or null when every one draws it whole. */
export function headlineCutTo(headline: string): string | null {
  const words = overrideHeadline(headline);
  if (!words) return null;
  for (const layout of LAYOUTS) {
    for (const textPosition of TEXT_POSITIONS) {
      // One variant in three carries a prop under the headline, which leaves it less height.
      for (const withProp of [false, true]) {
        const prompt = { ...words, layout, textPosition } as PromptVariant;
        const placed = placeHeadline(prompt, textColumn(layout, standardFace(layout)), withProp);
        if (placed.layout.shortened) return placed.layout.lines.map((line) => line.words.map((w) => w.text).join(" ")).join(" ");
      }
    }
  }
  return null;
}

/** A field error for a headline the thumbnails could not draw whole; null when it fits. */
export function headlineFitErrors(headline: string | null | undefined) {
  if (!headline) return null;
  const cut = headlineCutTo(headline);
  if (!cut) return null;
  return {
    headline: [
      `This headline is too long to read on a thumbnail and would be cut to “${cut}”. Use shorter words or fewer of them.`,
    ],
  };
}

// The longest ending the headline writer adds to a word ("WORD?!").
const ENDING = "?!";
// Shorter words fit every column at the smallest legible size, even in the
// widest letters (33 Ws do): only longer ones are laid out.
const SURELY_FITS = 24;

function shown(word: string) {
  const letters = [...word];
  return letters.length > 24 ? `${letters.slice(0, 20).join("")}…` : word;
}

/**
 * A field error for a keyword the thumbnails could not draw whole. The
 * headline writer puts keywords on the thumbnail, one word broken over as
 * many lines as the column holds (the text engine hyphenates it); a word
 * longer than all those lines at the smallest legible size would be cut
 * to "…", so it is refused here, naming it, instead of being cut on every
 * thumbnail or dropped for a generic headline.
 */
export function keywordFitErrors(keywords: string) {
  const words = new Set(splitPhrases(keywords).flat());
  for (const word of words) {
    if ([...word].length <= SURELY_FITS) continue;
    if (headlineCutTo(word + ENDING) === null) continue;
    return {
      keywords: [
        `“${shown(word)}” (${[...word].length} letters) is too long to fit on a thumbnail, even split across lines. Shorten it, or split it into shorter words.`,
      ],
    };
  }
  return null;
}
