// The editor's choices as one table: each radio group (its legend, its
// options' labels, where it sits, whether a plate keeps it) and each slider.
// The form draws them from here; the labels are keyed by the values the
// server accepts, so a new value cannot go without a label.
import type { ThumbnailEdits } from "~/modules/thumbnails/edits";
import { PERSON_OFFSET_X, PERSON_OFFSET_Y, PERSON_SCALE } from "~/modules/design/recipe";

type ChoiceName = "layout" | "textPosition" | "treatment" | "outline";

export type ChoiceGroupSpec<N extends ChoiceName = ChoiceName> = {
  name: N;
  legend: string;
  /** "text": with the headline's choices; "person": with the person's, which a plate has none of. */
  section: "text" | "person";
  /** Shown on a plate, or kept as it is in a hidden field (the image model placed it). */
  onPlate: "shown" | "kept";
  labels: Record<ThumbnailEdits[N], string>;
  /** An option offered only sometimes: a cut-out needs the portrait's mask (kept when already chosen). */
  offered?(option: ThumbnailEdits[N], editor: { hasCutout: boolean }, chosen: ThumbnailEdits[N]): boolean;
};

const group = <N extends ChoiceName>(spec: ChoiceGroupSpec<N>) => spec as unknown as ChoiceGroupSpec;

export const CHOICE_GROUPS: ChoiceGroupSpec[] = [
  group({ name: "layout", legend: "Text side", section: "text", onPlate: "kept", labels: { "person-right": "Text left", "person-left": "Text right" } }),
  group({ name: "textPosition", legend: "Text position", section: "text", onPlate: "shown", labels: { top: "Top", middle: "Middle" } }),
  group({
    name: "treatment",
    legend: "Person",
    section: "person",
    onPlate: "kept",
    labels: { cutout: "Cut-out", circle: "Circle", rounded: "Rounded frame" },
    offered: (option, editor, chosen) => option !== "cutout" || editor.hasCutout || chosen === "cutout",
  }),
  group({ name: "outline", legend: "Outline", section: "person", onPlate: "kept", labels: { white: "White", glow: "Glow" } }),
];

/** The options of a group as the form offers them. */
export function optionsOf(spec: ChoiceGroupSpec, editor: { hasCutout: boolean }, chosen: string) {
  return Object.entries(spec.labels)
    .filter(([value]) => !spec.offered || spec.offered(value as never, editor, chosen as never))
    .map(([value, label]) => ({ value, label: label as string }));
}

type NudgeName = "scale" | "offsetX" | "offsetY";

/** The sliders that move and size the person ("Nudge the person"); a plate has none. */
export const NUDGES: Array<{ name: NudgeName; label: string; min: number; max: number; step: number; shown(value: number): string }> = [
  { name: "scale", label: "Size", min: PERSON_SCALE.min, max: PERSON_SCALE.max, step: 0.05, shown: (v) => `${Math.round(v * 100)}%` },
  { name: "offsetX", label: "Left / right", min: -PERSON_OFFSET_X, max: PERSON_OFFSET_X, step: 10, shown: (v) => `${v} px` },
  { name: "offsetY", label: "Up / down", min: -PERSON_OFFSET_Y, max: PERSON_OFFSET_Y, step: 10, shown: (v) => `${v} px` },
];
