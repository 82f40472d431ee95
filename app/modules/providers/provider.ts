import type { BackgroundSpec, GenerationPlan, PromptVariant } from "~/modules/design/plan";
import type { ThumbnailStage } from "~/modules/generations/lifecycle";
import type { DetectedFace } from "~/modules/portraits/analysis/types";
import type { Recipe } from "~/modules/design/recipe";

/**
 * What an image model draws for an AI batch, chosen per batch on the
 * Generate page:
 * - "scene": the topic only, with no person and no text; Thumbsmith puts in
 *   the creator's real cut-out and sets the headline (the default: the face
 *   is exactly theirs, the text exactly right, docs/decisions/186);
 * - "person": the scene with the person from the photo; Thumbsmith sets the headline;
 * - "everything": the whole thumbnail, headline included.
 */
export const MODEL_DRAWS = ["scene", "person", "everything"] as const;
export type ModelDraws = (typeof MODEL_DRAWS)[number];

export type PlateKind = Exclude<ModelDraws, "everything">;

/** What kind of plate an image model returns for a batch, or undefined when it draws the text too. */
export function plateKind(modelDraws: ModelDraws): PlateKind | undefined {
  return modelDraws === "everything" ? undefined : modelDraws;
}

/** A stored value as a ModelDraws (a value this release does not know reads as the default). */
export function modelDrawsOf(value: string): ModelDraws {
  return (MODEL_DRAWS as readonly string[]).includes(value) ? (value as ModelDraws) : "scene";
}

/** The portrait a batch is drawn from, with what analysis found in it. */
export type BatchPortrait = {
  bytes: Buffer;
  /** The photo came with its own transparent background (a ready cut-out). */
  hasAlpha: boolean;
  /**
   * The person mask from analysis: a one-channel PNG at the image's size.
   * Null when analysis found no person or the creator turned the cut-out off.
   */
  mask: Buffer | null;
  /** The face the composition is built around, in the image's pixels. */
  face: DetectedFace | null;
};

/** What a cell's prompt depends on besides the cell and the keywords. */
export type CellWording = {
  modelDraws: ModelDraws;
  /** How many topic images the creator added (0 to 3): a model is shown them as the subject. */
  topicImages?: number;
  /** A video's thumbnail is shown last, as the style to follow (not its people or text). */
  styleReference?: boolean;
};

/** Everything a provider needs to render one generation's batch. */
export type BatchInput = {
  generationId: string;
  keywords: string;
  headline: string | null;
  /** For providers that draw scenes (drawsScenes); others ignore it. */
  modelDraws: ModelDraws;
  plan: GenerationPlan;
  portrait: BatchPortrait;
  /**
   * The subject of the video besides the creator (a product photo, a
   * screenshot, a frame of their video): 0 to 3, in the order the creator
   * added them, normalized (JPEG, or PNG when some pixel is transparent;
   * longer side at most 1920; no metadata). A file lost from storage is left
   * out rather than failing the batch.
   */
  topicImages: { key: string; bytes: Buffer }[];
  /**
   * The thumbnail of the YouTube video the batch was started from, normalized
   * like a topic image: an image model is shown it as the style to follow; the
   * offline compositor has already taken its palette and side into the plan.
   * Null when none (or lost from storage).
   */
  styleReference: { key: string; bytes: Buffer } | null;
};

export type RenderedCell = {
  /** The rendered image, any format sharp reads; the runner normalizes it. */
  image: Buffer;
  /** The recipe the image was drawn from, when the provider drew it from one (the local compositor). */
  spec?: Recipe;
  /**
   * The image is a text-free plate: the runner letters it with the cell's
   * recipe and keeps it for edits. "scene": no person was asked for, so the
   * creator's cut-out is put in; "person": the model drew the person.
   */
  plate?: PlateKind;
};

export type CellRequest = { prompt: PromptVariant; background: BackgroundSpec };

/** What the runner tells a provider about one cell's durable state. */
export type CellContext = {
  /**
   * The cell's prompt as stored on its thumbnail (the entry's describeCell,
   * written once). A provider that sends text sends exactly this, so the
   * stored prompt is always what was asked, even for a batch resumed after
   * an upgrade changed the wording.
   */
  prompt: string;
  /** A remote task already created for this cell (before a restart): resume it, never create another. */
  existingTaskId?: string | null;
  /** Unguessable token for this cell's callback URL. */
  callbackToken?: string;
  /** Persists a remote task id before the provider waits on it. */
  onTaskCreated?(taskId: string): Promise<void>;
  /**
   * Where the cell is now, for the page watching it (sent, generating,
   * downloading). Never throws; reporting the same stage twice is harmless.
   */
  onStage?(stage: ThumbnailStage): Promise<void>;
};

/** A batch in progress: shared preparation once, then any cell in any order. */
export interface BatchRenderer {
  render(cell: CellRequest, context: CellContext): Promise<RenderedCell>;
}

/** An image source behind one interface; its entry (below) names and describes it. */
export interface ThumbnailProvider {
  /** Cells of one generation rendered at once; RENDER_CONCURRENCY when unset. */
  readonly concurrency?: number;
  /** What renders the images (kie.ai's model name), so render-time estimates compare like with like. */
  readonly model?: string;
  startBatch(input: BatchInput): Promise<BatchRenderer>;
}

/**
 * What the app knows about a provider, one per folder under providers/ and
 * one line in the registry (registry.server.ts). Nothing outside providers/
 * knows a provider by its name.
 */
export type ProviderEntry = {
  /** Stored on each generation: the provider that renders its cells, even after a restart. */
  readonly name: string;
  /** How the gallery names it. */
  readonly label: string;
  /** Whether this process can use it now (a key is set, ...). */
  isConfigured(): boolean;
  /** The provider for the current configuration; throws RenderError when it cannot work. */
  create(): ThumbnailProvider;
  /** The prompt stored on a cell's thumbnail: what this provider is asked for it, in words. */
  describeCell(cell: CellRequest, keywords: string, options: CellWording): string;
  /** An image model that draws whole scenes: the creator chooses what it draws (ModelDraws). */
  readonly drawsScenes?: boolean;
  /**
   * A problem with this provider's setup that slows or stops its batches, in
   * words for the page of a running batch (null when there is none).
   */
  notice?(): string | null;
  /** What the provider is set to use, for the admin page (kie.ai: its model), or null. */
  setting?(): string | null;
};

/** A cell could not be made; the message is written for the creator. */
export class RenderError extends Error {}

/** The provider cannot work at all (a refused key, no credits): stop the whole generation. */
export class ProviderUnavailableError extends RenderError {}
