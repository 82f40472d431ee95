// What kie.ai is asked for one cell: the plan's design (headline, layout,
// decoration, prop, background and palette) written as an image prompt.
import { paletteFor } from "~/modules/generations/palettes";
import type { BackgroundSpec } from "~/modules/generations/plan";
import type { CellRequest } from "../provider";

const BACKGROUND_WORDS: Record<BackgroundSpec["kind"], string> = {
  burst: "a bold radial sunburst of light rays",
  gradient: "a smooth diagonal colour gradient with a soft glow behind the person",
  split: "a hard diagonal split into two contrasting colour halves",
  blur: "a blurred, colour-tinted studio backdrop",
  pattern: "a graphic pattern of diagonal stripes and halftone dots",
  spotlight: "a dark stage with a spotlight behind the person",
};

export function describeKieCell({ prompt, background }: CellRequest, keywords: string) {
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
    ...(prompt.prop ? [`Beside the headline, a large ${prompt.prop.emoji} (${prompt.prop.keyword}) as a 3D prop.`] : []),
    `Leave the bottom-right corner free of text and faces. High contrast, saturated, clean.`,
  ].join(" ");
}
