// The editor's choices as one table: each radio group (its legend, its
// options' labels, where it sits, whether a plate keeps it) and each slider.
// The form draws them from here; the labels are keyed by the values the
// server accepts, so a new value cannot go without a label.
import type { ThumbnailEdits } from "~/modules/thumbnails/edits";
import { PERSON_OFFSET_X, PERSON_OFFSET_Y, PERSON_SCALE } from "~/modules/design/recipe";

type ChoiceName = "layout" | "textPosition" | "treatment" | "outline";

export type ChoiceGroupSpec = {
  name: ChoiceName;
  legend: string;
  /** "text": with the headline's choices; "person": with the person's, which a plate has none of. */
  section: "text" | "person";
  /** Shown on a plate, or kept as it is in a hidden field (the image model placed it). */
  onPlate: "shown" | "kept";
  options: Array<{ value: string; label: string }>;
  /** Options that need the portrait's mask (a cut-out): offered with one, or when already chosen. */
  needsMask?: string[];
};

/** Every value of a field with its label, in the order given. */
const labelled = <V extends string>(labels: Record<V, string>) => Object.entries<string>(labels).map(([value, label]) => ({ value, label }));

export const CHOICE_GROUPS: ChoiceGroupSpec[] = [
  {
    name: "layout",
    legend: "Text side",
    section: "text",
    onPlate: "kept",
    options: labelled<ThumbnailEdits["layout"]>({ "person-right": "Text left", "person-left": "Text right" }),
  },
  { name: "textPosition", legend: "Text position", section: "text", onPlate: "shown", options: labelled<ThumbnailEdits["textPosition"]>({ top: "Top", middle: "Middle" }) },
  {
    name: "treatment",
    legend: "Person",
    section: "person",
    onPlate: "kept",
    options: labelled<ThumbnailEdits["treatment"]>({ cutout: "Cut-out", circle: "Circle", rounded: "Rounded frame" }),
    needsMask: ["cutout"],
  },
  { name: "outline", legend: "Outline", section: "person", onPlate: "kept", options: labelled<ThumbnailEdits["outline"]>({ white: "White", glow: "Glow" }) },
];

/** The options of a group as the form offers them to this thumbnail. */
export function optionsOf(spec: ChoiceGroupSpec, editor: { hasCutout: boolean }, chosen: string) {
  return spec.options.filter((option) => !spec.needsMask?.includes(option.value) || editor.hasCutout || option.value === chosen);
}

type NudgeName = "scale" | "offsetX" | "offsetY";

/** The sliders that move and size the person ("Nudge the person"); a plate has none. */
export const NUDGES: Array<{ name: NudgeName; label: string; min: number; max: number; step: number; shown(value: number): string }> = [
  { name: "scale", label: "Size", min: PERSON_SCALE.min, max: PERSON_SCALE.max, step: 0.05, shown: (v) => `${Math.round(v * 100)}%` },
  { name: "offsetX", label: "Left / right", min: -PERSON_OFFSET_X, max: PERSON_OFFSET_X, step: 10, shown: (v) => `${v} px` },
  { name: "offsetY", label: "Up / down", min: -PERSON_OFFSET_Y, max: PERSON_OFFSET_Y, step: 10, shown: (v) => `${v} px` },
];
