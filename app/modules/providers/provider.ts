import type { BackgroundSpec, GenerationPlan, PromptVariant } from "~/modules/generations/plan";

/** Everything a provider needs to render one generation's batch. */
export type BatchInput = {
  generationId: string;
  keywords: string;
  headline: string | null;
  plan: GenerationPlan;
  portrait: { bytes: Buffer; hasAlpha: boolean };
};

export type RenderedCell = {
  /** The rendered image, any format sharp reads; the runner normalizes it. */
  image: Buffer;
  /** Exactly what was asked of the provider, stored on the thumbnail. */
  prompt: string;
};

export type CellRequest = { prompt: PromptVariant; background: BackgroundSpec };

/** A batch in progress: shared preparation once, then any cell in any order. */
export interface BatchRenderer {
  render(cell: CellRequest): Promise<RenderedCell>;
}

/**
 * An image source behind one interface: the offline compositor ("local")
 * and, with a key, kie.ai.
 */
export interface ThumbnailProvider {
  readonly name: string;
  startBatch(input: BatchInput): Promise<BatchRenderer>;
}

export class RenderError extends Error {}
