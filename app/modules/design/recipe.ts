// A thumbnail's recipe: everything it is drawn from, stored with it, so that
// it can be drawn again (the editor, a revert) and always comes out the same.
// The portrait (photo, mask and face) is not in the spec: the generation's
// snapshot of it is immutable, so the generation id finds it.
//
// Stored specs outlive releases. A spec carries its version; parseStoredRecipe
// upgrades older ones, so a spec written by any earlier release still renders
// (docs/decisions/019-thumbnail-recipes.md).
import { z } from "zod";
import {
  BACKGROUND_KINDS,
  composeCell,
  DECORATIONS,
  LAYOUTS,
  PERSON_FRAMES,
  PROP_PLACES,
  SCENES,
  TEXT_POSITIONS,
  type BackgroundSpec,
  type PromptVariant,
  type Scene,
} from "./plan";
import { RECIPE_TEXT_MAX } from "./limits";
import { TEXT_STYLES } from "./text-styles";

/** 2: each cell has its own composition (`scene`; side, text position, prop and scale per cell). */
export const RECIPE_VERSION = 2;

export const PERSON_TREATMENTS = ["cutout", ...PERSON_FRAMES] as const;
export type PersonTreatment = (typeof PERSON_TREATMENTS)[number];
/** The sticker edge: white, or the background palette's glow colour. */
export const OUTLINES = ["white", "glow"] as const;

/** Nudges of the person, within what still keeps the face large and in frame. */
export const PERSON_SCALE = { min: 0.8, max: 1.25 } as const;
export const PERSON_OFFSET_X = 200;
export const PERSON_OFFSET_Y = 120;
/**
 * Where a topic image (a photo of the video's subject the creator added) is
 * drawn: the whole background, or a framed, tilted screen where the scene's
 * prop would go (docs/decisions/185-topic-images-in-the-compositor.md).
 */
export const TOPIC_PLACES = ["background", "screen"] as const;
export type TopicPlace = (typeof TOPIC_PLACES)[number];
/**
 * Why an AI plate gets the creator's own cut-out (recipe.plate.yourPhoto):
 * "scene", the model was asked for the scene alone (Scene + your photo); the
 * others, the model was asked for the person but its picture had none to build on.
 */
export const PLATE_PHOTO_REASONS = ["scene", "no-face", "small-face", "middle-face"] as const;

const boxSchema = z.object({ left: z.number(), top: z.number(), width: z.number().nonnegative(), height: z.number().nonnegative() });

// `logo` (a simple-icons slug) came later: recipes stored without it draw the emoji.
const propSchema = z.object({ emoji: z.string().min(1).max(32), keyword: z.string().max(RECIPE_TEXT_MAX), logo: z.string().min(1).max(40).optional() });

const promptSchema = z.object({
  index: z.number().int().nonnegative(),
  words: z.array(z.string().min(1).max(RECIPE_TEXT_MAX)).min(1).max(5),
  accentIndex: z.number().int().nonnegative(),
  layout: z.enum(LAYOUTS),
  textPosition: z.enum(TEXT_POSITIONS),
  decoration: z.enum(DECORATIONS),
  personFrame: z.enum(PERSON_FRAMES),
  badgeText: z.string().max(8),
  prop: propSchema.nullable(),
  // Added after version 1: recipes stored before it draw plain letters.
  textStyle: z.enum(TEXT_STYLES).default("plain"),
});

const contenderSchema = z.object({ label: z.string().min(1).max(RECIPE_TEXT_MAX), prop: propSchema.nullable() });

const sceneSchema = z.object({
  kind: z.enum(SCENES),
  /** Where prompt.prop is drawn, when there is one. */
  propPlace: z.enum(PROP_PLACES),
  versus: z.object({ left: contenderSchema, right: contenderSchema }).nullable(),
});

const specSchema = z
  .object({
    version: z.literal(RECIPE_VERSION),
    prompt: promptSchema,
    scene: sceneSchema,
    background: z.object({ index: z.number().int().nonnegative(), kind: z.enum(BACKGROUND_KINDS), paletteIndex: z.number().int().nonnegative() }),
    person: z.object({
      treatment: z.enum(PERSON_TREATMENTS),
      outline: z.enum(OUTLINES),
      scale: z.number().min(PERSON_SCALE.min).max(PERSON_SCALE.max),
      offsetX: z.number().int().min(-PERSON_OFFSET_X).max(PERSON_OFFSET_X),
      offsetY: z.number().int().min(-PERSON_OFFSET_Y).max(PERSON_OFFSET_Y),
      /** A rim light in the palette's glow colour on a cut-out with the glow outline. Absent means on (recipes stored before it get it too). */
      rim: z.boolean().optional(),
    }),
    /**
     * An AI thumbnail's clean image (the person in a scene, no text), stored
     * once: Thumbsmith letters it, and every edit reuses it. `face` is where
     * the face was found on it, so the headline keeps clear of it.
     * `yourPhoto` says why the creator's own cut-out is drawn on the plate
     * (on the layout's side, from the face as on offline thumbnails): a
     * scene drawn without a person, or a picture with no face to build on.
     * Absent: the model's person stays.
     */
    plate: z
      .object({ key: z.string().min(1), face: boxSchema, yourPhoto: z.enum(PLATE_PHOTO_REASONS).optional() })
      .nullable(),
    /**
     * A topic image, by its storage key, and where it is drawn. Optional:
     * recipes stored before topic images, and cells of batches without
     * them, have none (absent means null).
     */
    topic: z.object({ key: z.string().min(1), place: z.enum(TOPIC_PLACES) }).nullable().optional(),
  })
  .refine((spec) => spec.prompt.accentIndex < spec.prompt.words.length, { message: "the accent must be one of the words" });

export type Recipe = z.infer<typeof specSchema>;

/** What the creator is told on a tile whose plate got their own photo when the model was asked to draw them. */
export const PLATE_PHOTO_NOTES: Record<Exclude<(typeof PLATE_PHOTO_REASONS)[number], "scene">, string> = {
  "no-face": "The image model drew no face, so your photo was put in.",
  "small-face": "The image model drew the person too small to read, so your photo was put in.",
  "middle-face": "The image model put the person in the middle, where the headline goes, so your photo was put in.",
};

// Where a batch's topic images go, cell by cell: half the cells on the
// image, a third with it as a screen, the rest on the usual drawn
// backgrounds, so a batch shows the subject without every thumbnail alike.
const TOPIC_TURNS: (TopicPlace | null)[] = ["background", "screen", "background", null, "background", "screen"];
// Scenes whose pictures already fill the room under the headline (two sides,
// a split, a huge number): a screen there would crowd them, the image goes behind instead.
const NO_SCREEN: readonly Scene["kind"][] = ["versus", "before-after", "big-number"];

/**
 * The topic image a cell draws, and where. Cells are numbered down the
 * columns of a batch of up to three prompts (prompt + 3 × background), so
 * neighbours differ; the images take turns over the cells that draw one,
 * each in both places when there are cells enough.
 */
export function topicForCell(
  { prompt, background }: { prompt: PromptVariant; background: BackgroundSpec },
  scene: Scene,
  topics: readonly string[],
): NonNullable<Recipe["topic"]> | null {
  if (topics.length === 0) return null;
  const n = prompt.index + 3 * background.index;
  const place = TOPIC_TURNS[n % TOPIC_TURNS.length];
  if (!place) return null;
  // The cells before this one that drew an image: five in every six.
  const turn = Math.floor(n / TOPIC_TURNS.length) * 5 + TOPIC_TURNS.slice(0, n % TOPIC_TURNS.length).filter(Boolean).length;
  return { key: topics[turn % topics.length], place: place === "screen" && NO_SCREEN.includes(scene.kind) ? "background" : place };
}

/** The spec the batch plan gives a cell, before anyone edits it; `topics`: the batch's topic images' keys, in the order added. */
export function recipeForCell(
  { prompt, background }: { prompt: PromptVariant; background: BackgroundSpec },
  { hasMask, topics = [] }: { hasMask: boolean; topics?: readonly string[] },
): Recipe {
  const cell = composeCell(prompt, background);
  const topic = topicForCell({ prompt, background }, cell.scene, topics);
  return {
    version: RECIPE_VERSION,
    prompt: cell.prompt,
    scene: cell.scene,
    background,
    person: {
      // The mask alone decides (a transparent PNG's own alpha makes one too).
      // Framed photos stay for variety, one variant in four, and as the fallback.
      treatment: hasMask && prompt.index % 4 !== 3 ? "cutout" : prompt.personFrame,
      // The glow edge on one variant in three, for variety (per cell, it would
      // colour a new person layer for nearly every thumbnail).
      outline: prompt.index % 3 === 1 ? "glow" : "white",
      scale: 1,
      offsetX: 0,
      offsetY: 0,
    },
    plate: null,
    // A batch without topic images stores the recipes it always did; in one with them, a cell
    // drawn without stores null, so the editor can still turn its image on.
    ...(topics.length > 0 ? { topic } : {}),
  };
}

/**
 * Older stored shapes, upgraded one version at a time; each release that
 * changes the shape adds its step here and a fixture of the old shape to
 * tests/fixtures/recipes (recipe.test.ts reads them).
 */
const UPGRADES: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 had no scenes: every cell was the classic layout, its prop beside the headline.
  1: (old) => ({ ...old, version: 2, scene: { kind: "classic", propPlace: "headline", versus: null } }),
};

export class StoredRecipeError extends Error {}

/** A stored spec, upgraded to the current shape. Throws StoredRecipeError when it cannot be read. */
export function parseStoredRecipe(json: string): Recipe {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(json);
  } catch {
    throw new StoredRecipeError("the stored recipe is not valid JSON");
  }
  let version = typeof value?.version === "number" ? value.version : 0;
  while (version < RECIPE_VERSION && UPGRADES[version]) {
    value = UPGRADES[version](value);
    version = value.version as number;
  }
  const parsed = specSchema.safeParse(value);
  if (!parsed.success) throw new StoredRecipeError(`the stored recipe cannot be read (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

export function serializeRecipe(spec: Recipe) {
  return JSON.stringify(specSchema.parse(spec));
}
