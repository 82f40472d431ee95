// What an image model (kie.ai, OpenAI, Gemini, ComfyUI) is asked for one
// cell: the plan's design (layout, background and palette, and when the
// model draws everything: headline, decoration and prop) written as an image
// prompt. One wording for every provider that draws scenes, so a batch reads
// the same whichever service paints it. By default (ModelDraws "scene") the
// model draws the topic only, with no person and no text: Thumbsmith puts in
// the creator's own cut-out and letters it afterwards (docs/decisions/186).
// With "person" it keeps the person from the photo, still without text
// (docs/decisions/019-thumbnail-recipes.md).
import { paletteFor } from "~/modules/design/palettes";
import type { BackgroundSpec } from "~/modules/design/plan";
import { brandOf, type TopicProp } from "~/modules/design/props";
import type { CellRequest, CellWording } from "./provider";

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

function sides({ prompt }: CellRequest) {
  const side = prompt.layout === "person-right" ? "right" : "left";
  return { side, other: side === "right" ? "left" : "right" };
}

/** How the images sent after the portrait (or alone, for a scene) are named to the model. */
function topicWords(count: number, { first, style = false }: { first: boolean; style?: boolean }) {
  if (count === 0) return null;
  // With a style reference sent after them, the topic images are no longer the last ones.
  const which = first
    ? count === 1
      ? style
        ? "The first image shows"
        : "The image shows"
      : style
        ? `The first ${count} images show`
        : "The images show"
    : style
      ? count === 1
        ? "The second image shows"
        : `Images 2 to ${count + 1} show`
      : count === 1
        ? "The last image shows"
        : `The last ${count} images show`;
  return `${which} the subject of the video: keep it recognisable (its shape, colours and details), as the main object of the scene.`;
}

/** Said when the last image is a video's thumbnail: the model follows its look, not its content. */
export const STYLE_REFERENCE_WORDS =
  "The last image is a thumbnail whose style (composition, colours, lighting, energy) to follow, not its people or text: make one like it, about this topic.";

/** The topic alone: the creator's cut-out goes on `side`, the headline over the other. */
function describeTopicScene(cell: CellRequest, keywords: string, topicImages: number, style: boolean) {
  const palette = paletteFor(cell.background.paletteIndex);
  const { side, other } = sides(cell);
  return [
    `A YouTube thumbnail background scene, 16:9, about: ${keywords}.`,
    `Show the subject of the video (the thing, place or activity it is about) large, close and recognisable, in the middle and the lower ${other} part of the frame.`,
    ...(topicImages > 0 ? [topicWords(topicImages, { first: true, style })!] : style ? [] : [`Paint a new picture: any image given only sets the colours.`]),
    ...(style ? [STYLE_REFERENCE_WORDS] : []),
    `No people: no person, face, hands or character anywhere. A person will be added on the ${side} third later, so keep that third to a simple backdrop with nothing important in it.`,
    `Keep the upper ${other} side calm and uncluttered: a headline will be set there later.`,
    NO_TEXT_INSTRUCTION,
    `Colours: ${palette.name} (${palette.a}, ${palette.b}), ${BACKGROUND_WORDS[cell.background.kind]}.`,
    `Keep the bottom-right corner quiet: no important detail there, the video length is shown over it.`,
    `Cinematic light, sharp focus, high contrast, saturated, clean.`,
  ].join(" ");
}

/** The scene with the person from the photo, and no text: Thumbsmith letters it. */
function describeScene(cell: CellRequest, keywords: string, topicImages: number, style: boolean) {
  const palette = paletteFor(cell.background.paletteIndex);
  const { side, other } = sides(cell);
  return [
    `A YouTube thumbnail scene, 16:9, about: ${keywords}.`,
    `Keep the person from the ${topicImages > 0 || style ? "first image" : "photo"}, large and sharp, on the ${side} third, with an expressive face, head and shoulders in frame.`,
    ...(topicImages > 0 ? [topicWords(topicImages, { first: false, style })!] : []),
    ...(style ? [STYLE_REFERENCE_WORDS] : []),
    `Leave the ${other} half as clean, uncluttered background: a headline will be set there later.`,
    NO_TEXT_INSTRUCTION,
    `Background: ${BACKGROUND_WORDS[cell.background.kind]} in ${palette.name} (${palette.a}, ${palette.b}).`,
    `Keep the bottom-right corner quiet: no face and no important detail there, the video length is shown over it.`,
    `High contrast, saturated, clean.`,
  ].join(" ");
}

/** A logo is named as the brand's logo, so the model draws the mark, not the emoji standing in for it. */
function propWords(prop: TopicProp) {
  const brand = brandOf(prop);
  return brand ? `the ${brand.title} logo, large, as a 3D prop` : `a large ${prop.emoji} (${prop.keyword}) as a 3D prop`;
}

export function describeSceneCell(cell: CellRequest, keywords: string, { modelDraws, topicImages = 0, styleReference = false }: CellWording = { modelDraws: "scene" }) {
  if (modelDraws === "scene") return describeTopicScene(cell, keywords, topicImages, styleReference);
  if (modelDraws === "person") return describeScene(cell, keywords, topicImages, styleReference);
  const { prompt, background } = cell;
  const palette = paletteFor(background.paletteIndex);
  const headline = prompt.words.join(" ");
  const { side } = sides(cell);
  const decoration =
    prompt.decoration === "arrow"
      ? "a thick arrow pointing from the headline to the person"
      : prompt.decoration === "badge"
        ? `a round badge reading "${prompt.badgeText}"`
        : "a bold underline under the headline";
  return [
    `A YouTube thumbnail, 16:9, about: ${keywords}.`,
    `Keep the person from the ${topicImages > 0 || styleReference ? "first image" : "photo"}, large and sharp, on the ${side} third, with an expressive face.`,
    ...(topicImages > 0 ? [topicWords(topicImages, { first: false, style: styleReference })!] : []),
    ...(styleReference ? [STYLE_REFERENCE_WORDS] : []),
    `Bold upper-case headline "${headline}" on the other side, "${prompt.words[prompt.accentIndex]}" in an accent colour, thick black outline and drop shadow, readable at small sizes.`,
    `Background: ${BACKGROUND_WORDS[background.kind]} in ${palette.name} (${palette.a}, ${palette.b}).`,
    `Add ${decoration}.`,
    ...(prompt.prop ? [`Beside the headline, ${propWords(prompt.prop)}.`] : []),
    `Leave the bottom-right corner free of text and faces. High contrast, saturated, clean.`,
  ].join(" ");
}
