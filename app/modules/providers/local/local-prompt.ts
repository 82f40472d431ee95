// What the thumbnail's prompt column records for the compositor: the cell's
// design in words, for a creator who copies it to take elsewhere.
import { paletteFor } from "~/modules/design/palettes";
import { composeCell, type Scene } from "~/modules/design/plan";
import { brandOf, type TopicProp } from "~/modules/design/props";
import type { CellRequest } from "../provider";

/** What the prop shows: a brand's logo, or the emoji. */
const propName = (prop: TopicProp) => (brandOf(prop) ? `${brandOf(prop)!.title} logo` : `${prop.emoji} prop`);

function describeScene(scene: Scene) {
  switch (scene.kind) {
    case "versus":
      return [`${scene.versus!.left.label} and ${scene.versus!.right.label} facing each other across a VS badge`];
    case "before-after":
      return ["the frame split into a dull BEFORE half and the person's AFTER half"];
    case "big-number":
      return ["the headline's number drawn huge"];
    case "reaction":
      return ["a video screen behind the person"];
    case "classic":
      return [];
  }
}

export function describeLocalCell(request: CellRequest) {
  const { background } = request;
  const { prompt, scene } = composeCell(request.prompt, request.background);
  const emphasized = prompt.words[prompt.accentIndex];
  const side = prompt.layout === "person-right" ? "right" : "left";
  const prop = prompt.prop
    ? scene.propPlace === "headline"
      ? `a large ${propName(prompt.prop)} for "${prompt.prop.keyword}" beside the headline`
      : scene.propPlace === "behind"
        ? `a ${propName(prompt.prop)} for "${prompt.prop.keyword}" large behind the person`
        : `a pattern of ${propName(prompt.prop)}s for "${prompt.prop.keyword}" over the background`
    : null;
  return [
    `Headline "${prompt.words.join(" ")}" with "${emphasized}" in the accent colour`,
    `person on the ${side}, headline ${prompt.textPosition === "top" ? "at the top" : "in the middle"} of the other side`,
    ...describeScene(scene),
    ...(scene.kind === "classic" ? [`${prompt.decoration === "badge" ? `a "${prompt.badgeText}" badge` : `an ${prompt.decoration}`}`] : []),
    ...(prop ? [prop] : []),
    `${background.kind} background in ${paletteFor(background.paletteIndex).name}`,
  ].join("; ");
}
