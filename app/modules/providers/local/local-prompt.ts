// What the thumbnail's prompt column records for the compositor: the cell's
// design in words, for a creator who copies it to take elsewhere.
import { paletteFor } from "~/modules/design/palettes";
import { brandOf, type TopicProp } from "~/modules/design/props";
import type { CellRequest } from "../provider";

/** What the prop shows: a brand's logo, or the emoji. */
const propName = (prop: TopicProp) => (brandOf(prop) ? `${brandOf(prop)!.title} logo` : `${prop.emoji} prop`);

export function describeLocalCell({ prompt, background }: CellRequest) {
  const emphasized = prompt.words[prompt.accentIndex];
  const side = prompt.layout === "person-right" ? "right" : "left";
  return [
    `Headline "${prompt.words.join(" ")}" with "${emphasized}" in the accent colour`,
    `person on the ${side}, headline ${prompt.textPosition === "top" ? "at the top" : "in the middle"} of the other side`,
    `${prompt.decoration === "badge" ? `a "${prompt.badgeText}" badge` : `an ${prompt.decoration}`}`,
    ...(prompt.prop ? [`a large ${propName(prompt.prop)} for "${prompt.prop.keyword}" beside the headline`] : []),
    `${background.kind} background in ${paletteFor(background.paletteIndex).name}`,
  ].join("; ");
}
