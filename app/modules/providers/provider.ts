import type { BackgroundSpec, GenerationPlan, PromptVariant } from "~/modules/generations/plan";
import type { DetectedFace } from "~/modules/portraits/analysis/types";

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

/** Everything a provider needs to render one generation's batch. */
export type BatchInput = {
  generationId: string;
  keywords: string;
  headline: string | null;
  plan: GenerationPlan;
  portrait: BatchPortrait;
};

export type RenderedCell = {
  /** The rendered image, any format sharp reads; the runner normalizes it. */
  image: Buffer;
  /** Exactly what was asked of the provider, stored on the thumbnail. */
  prompt: string;
};

export type CellRequest = { prompt: PromptVariant; background: BackgroundSpec };

/** What the runner tells a provider about one cell's durable state. */
export type CellContext = {
  /** A remote task already created for this cell (before a restart): resume it, never create another. */
  existingTaskId?: string | null;
  /** Unguessable token for this cell's callback URL. */
  callbackToken?: string;
  /** Persists a remote task id before the provider waits on it. */
  onTaskCreated?(taskId: string): Promise<void>;
};

/** A batch in progress: shared preparation once, then any cell in any order. */
export interface BatchRenderer {
  render(cell: CellRequest, context?: CellContext): Promise<RenderedCell>;
}

/**
 * An image source behind one interface: the offline compositor ("local")
 * and, with a key, kie.ai.
 */
export interface ThumbnailProvider {
  readonly name: string;
  /** Cells of one generation rendered at once; RENDER_CONCURRENCY when unset. */
  readonly concurrency?: number;
  startBatch(input: BatchInput): Promise<BatchRenderer>;
}

/** A cell could not be made; the message is written for the creator. */
export class RenderError extends Error {}

/** The provider cannot work at all (a refused key, no credits): stop the whole generation. */
export class ProviderUnavailableError extends RenderError {}
