// What an image model (kie.ai, OpenAI, Gemini) is asked for one cell: the plan's
// design (layout, background and palette, and with text by the model:
// headline, decoration and prop) written as an image prompt. One wording for
// every provider that draws scenes, so a batch reads the same whichever
// service paints it. With text by Thumbsmith (the default) the model
// draws the scene only, with the headline's side left free and no text at
// all; Thumbsmith letters it afterwards (docs/decisions/019-thumbnail-recipes.md).
import { paletteFor } from "~/modules/design/palettes";
import type { BackgroundSpec } from "~/modules/design/plan";
import { brandOf, type TopicProp } from "~/modules/design/props";
import type { CellRequest, TextBy } from "./provider";

const BACKGROUND_WORDS: Record<BackgroundSpec["kind"], string> = {
  burst: "a bold radial sunburst of light rays",
  gradient: "a smooth diagonal colour gradient with a soft glow behind the person",
  split: "a hard diagonal split into two contrasting colour halves",
  blur: "a blurred, colour-tinted studio backdrop",
  pattern: "a graphic pattern of diagonal stripes and halftone dots",
  spotlight: "a dark stage with a spotlight behind the person",
};

/** Said to the model in every text-free prompt; tests check it is there. */
export const NO_TEXT_INSTRUCTION =
  "Do not draw any text: no letters, words, numbers, captions, logos, watermarks or signs anywhere in the image.";

function describeScene({ prompt, background }: CellRequest, keywords: string) {
  const palette = paletteFor(background.paletteIndex);
  const side = prompt.layout === "person-right" ? "right" : "left";
  const other = side === "right" ? "left" : "right";
  return [
    `A YouTube thumbnail scene, 16:9, about: ${keywords}.`,
    `Keep the person from the photo, large and sharp, on the ${side} third, with an expressive face, head and shoulders in frame.`,
    `Leave the ${other} half as clean, uncluttered background: a headline will be set there later.`,
    NO_TEXT_INSTRUCTION,
    `Background: ${BACKGROUND_WORDS[background.kind]} in ${palette.name} (${palette.a}, ${palette.b}).`,
    `Keep the bottom-right corner quiet: no face and no important detail there, the video length is shown over it.`,
    `High contrast, saturated, clean.`,
  ].join(" ");
}

/** A logo is named as the brand's logo, so the model draws the mark, not the emoji standing in for it. */
function propWords(prop: TopicProp) {
  const brand = brandOf(prop);
  return brand ? `the ${brand.title} logo, large, as a 3D prop` : `a large ${prop.emoji} (${prop.keyword}) as a 3D prop`;
}

export function describeSceneCell(cell: CellRequest, keywords: string, { textBy }: { textBy: TextBy } = { textBy: "thumbsmith" }) {
  if (textBy === "thumbsmith") return describeScene(cell, keywords);
  const { prompt, background } = cell;
  const palette = paletteFor(background.paletteIndex);
  const headline = prompt.words.join(" ");
  const side = prompt.layout === "person-right" ? "right" : "left";
  const decoration =
    prompt.decoration === "arrow"
      ? "a thick arrow pointing from the headline to the person"
      : prompt.decoration === "badge"
        ? `a round badge reading "${prompt.badgeText}"`
        : "a bold underline under the headline";
  return [
    `A YouTube thumbnail, 16:9, about: ${keywords}.`,
    `Keep the person from the photo, large and sharp, on the ${side} third, with an expressive face.`,
    `Bold upper-case headline "${headline}" on the other side, "${prompt.words[prompt.accentIndex]}" in an accent colour, thick black outline and drop shadow, readable at small sizes.`,
    `Background: ${BACKGROUND_WORDS[background.kind]} in ${palette.name} (${palette.a}, ${palette.b}).`,
    `Add ${decoration}.`,
    ...(prompt.prop ? [`Beside the headline, ${propWords(prompt.prop)}.`] : []),
    `Leave the bottom-right corner free of text and faces. High contrast, saturated, clean.`,
  ].join(" ");
}
