// What the editor can change on a recipe, as one form (client-safe: the
// editor page shows the same choices the server accepts).
import { z } from "zod";
import { PALETTES } from "~/modules/design/palettes";
import { BACKGROUND_KINDS, LAYOUTS, TEXT_POSITIONS } from "~/modules/design/plan";
import { overrideHeadline } from "~/modules/design/headlines";
import { HEADLINE_MAX_LENGTH, HEADLINE_MAX_WORDS, headlineWordProblem } from "~/modules/generations/validation";
import type { TopicProp } from "~/modules/design/props";
import { OUTLINES, PERSON_OFFSET_X, PERSON_OFFSET_Y, PERSON_SCALE, PERSON_TREATMENTS, TOPIC_PLACES, type Recipe } from "~/modules/design/recipe";

/** Where the thumbnail's topic image goes, or nowhere. */
export const TOPIC_CHOICES = [...TOPIC_PLACES, "off"] as const;

export const EditSchema = z.object({
  headline: z
    .string({ required_error: "Type a headline." })
    .trim()
    .min(1, "Type a headline.")
    .max(HEADLINE_MAX_LENGTH, `Keep the headline to ${HEADLINE_MAX_LENGTH} characters or fewer.`)
    // An empty headline has its own message above.
    .refine((h) => h.length === 0 || overrideHeadline(h) !== null, "Use at least one word or number.")
    // Counted as the thumbnail splits it (the Generate form's rule), so a saved headline is drawn whole.
    .refine((h) => h.length === 0 || overrideHeadline(h) === null || headlineWordProblem(h) === null, (h) => ({
      message: headlineWordProblem(h) ?? "",
    })),
  /** Which word is in the accent colour; out of range (the words changed) means the automatic choice. */
  accentIndex: z.coerce.number().int().min(0).max(HEADLINE_MAX_WORDS - 1).default(0),
  layout: z.enum(LAYOUTS),
  textPosition: z.enum(TEXT_POSITIONS),
  paletteIndex: z.coerce.number().int().min(0).max(PALETTES.length - 1),
  backgroundKind: z.enum(BACKGROUND_KINDS),
  treatment: z.enum(PERSON_TREATMENTS),
  outline: z.enum(OUTLINES),
  prop: z.enum(["on", "off"]).default("off"),
  scale: z.coerce.number().min(PERSON_SCALE.min).max(PERSON_SCALE.max).default(1),
  offsetX: z.coerce.number().int().min(-PERSON_OFFSET_X).max(PERSON_OFFSET_X).default(0),
  offsetY: z.coerce.number().int().min(-PERSON_OFFSET_Y).max(PERSON_OFFSET_Y).default(0),
  /** Only on a thumbnail with a topic image; absent (every form before topic images) keeps the recipe's. */
  topicPlace: z.enum(TOPIC_CHOICES).optional(),
});

export type ThumbnailEdits = z.infer<typeof EditSchema>;

const VERSION_MESSAGE = "Choose a version by its number.";

/** Going back to an earlier version: by its number, or (left out) the one before the current one, the editor's "Undo last save". */
export const RevertSchema = z.object({
  version: z.number({ invalid_type_error: VERSION_MESSAGE }).int(VERSION_MESSAGE).min(1, VERSION_MESSAGE).optional(),
});

/**
 * What the editor shows of a recipe: the form's values (never the stored
 * recipe, which names storage keys) and whether it sits on an AI plate (the
 * model's person and scene stay) or on the creator's photo as a scene.
 */
export function editableRecipe(spec: Recipe | null) {
  return {
    edits: spec ? editsFromSpec(spec) : null,
    onPlate: Boolean(spec?.plate && !spec.plate.yourPhoto),
    onScene: Boolean(spec?.plate?.yourPhoto),
  };
}

/** The form's values for a recipe. */
export function editsFromSpec(spec: Recipe): ThumbnailEdits {
  return {
    headline: spec.prompt.words.join(" "),
    accentIndex: spec.prompt.accentIndex,
    layout: spec.prompt.layout,
    textPosition: spec.prompt.textPosition,
    paletteIndex: ((spec.background.paletteIndex % PALETTES.length) + PALETTES.length) % PALETTES.length,
    backgroundKind: spec.background.kind,
    treatment: spec.person.treatment,
    outline: spec.person.outline,
    prop: spec.prompt.prop ? "on" : "off",
    scale: spec.person.scale,
    offsetX: spec.person.offsetX,
    offsetY: spec.person.offsetY,
    // Left out, not undefined, when there is none: the preview's query lists every value the form has.
    ...(spec.topic !== undefined ? { topicPlace: spec.topic?.place ?? "off" } : {}),
  };
}

/** The recipe's topic after the form: kept when the form says nothing; `key`: the image to show when the recipe has none (turned off earlier). */
function topicAfter(spec: Recipe, place: ThumbnailEdits["topicPlace"], key: string | null): Pick<Recipe, "topic"> {
  if (place === undefined) return spec.topic === undefined ? {} : { topic: spec.topic };
  if (place === "off") return { topic: null };
  const shown = spec.topic?.key ?? key;
  return { topic: shown ? { key: shown, place } : null };
}

/**
 * The recipe with the edits applied. The headline is taken as the creator
 * wrote it (upper-cased, up to five words); the accent is on the word the
 * form picked, or the strongest one when the form's pick is past the words. A plate keeps its scene: only the
 * lettering, palette accents and prop change on it.
 */
export function applyEdits(spec: Recipe, edits: ThumbnailEdits, { prop, topic = null }: { prop: TopicProp | null; topic?: string | null }): Recipe {
  const headline = overrideHeadline(edits.headline)!;
  // The word the form shows as accented is the one drawn; with fewer words than that, the strongest word.
  const accentIndex = edits.accentIndex < headline.words.length ? edits.accentIndex : headline.accentIndex;
  // The image model's own person stays where it drew them; the creator's photo on a plate moves like offline.
  const modelsPerson = Boolean(spec.plate && !spec.plate.yourPhoto);
  return {
    ...spec,
    ...topicAfter(spec, edits.topicPlace, topic),
    prompt: {
      ...spec.prompt,
      words: headline.words,
      accentIndex,
      layout: modelsPerson ? spec.prompt.layout : edits.layout,
      textPosition: edits.textPosition,
      prop: edits.prop === "on" ? (spec.prompt.prop ?? prop) : null,
    },
    background: { ...spec.background, kind: edits.backgroundKind, paletteIndex: edits.paletteIndex },
    person: modelsPerson
      ? spec.person
      : { treatment: edits.treatment, outline: edits.outline, scale: edits.scale, offsetX: edits.offsetX, offsetY: edits.offsetY },
  };
}
