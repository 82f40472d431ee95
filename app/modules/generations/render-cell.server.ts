// One cell of a batch: rendered by the batch's provider, stored, and
// published with the batch's progress. Every write is conditional on the
// runner still holding the generation (lease.server.ts): a stopped or
// taken-over batch is never written to.
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { thumbnailRenderSeconds } from "~/modules/ops/metrics.server";
import { ProviderUnavailableError, RenderError, type BatchRenderer, type CellRequest } from "~/modules/providers/provider";
import type { RecipeSource } from "~/modules/thumbnails/render-thumbnail.server";
import { discardFiles, storeRenderedCell } from "~/modules/thumbnails/store-cell.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { isNotFound, LeaseLostError, stillHeld, updateGeneration } from "./lease.server";
import { GenerationStatus, ThumbnailStatus, type GenerationSnapshot, type ThumbnailSnapshot, type ThumbnailStage } from "./lifecycle";
import { recordRenderTime } from "./render-timings.server";
import { generationSnapshotSelect, thumbnailSnapshotSelect } from "./snapshots";

/**
 * What a creator reads on a cell that failed inside Thumbsmith. The error
 * itself (a validation dump, a stack, a path) goes to the log only.
 */
export const CELL_INTERNAL_ERROR = "This thumbnail could not be made because of an error on the server.";

/** What the cells of one batch share while they render. */
export type Batch = {
  generationId: string;
  workerId: string;
  renderer: BatchRenderer;
  provider: string;
  model: string;
  recipeSource: RecipeSource;
  hasMask: boolean;
  total: number;
  finished: number;
  /** Why cells failed, worded for the creator: the batch's message when it ends. */
  firstError: string | null;
  /** Set when the provider cannot work at all: the remaining cells are not tried. */
  unavailable: string | null;
  /**
   * Cells finish and report stages concurrently: a snapshot read before
   * another cell's progress write may be published after it. Each event
   * carries the furthest snapshot seen, so the page's progress never goes back.
   */
  furthest: GenerationSnapshot | null;
};

function freshest(batch: Batch, snapshot: GenerationSnapshot) {
  return batch.furthest && batch.furthest.progress > snapshot.progress ? batch.furthest : (batch.furthest = snapshot);
}

type CellWhere = { generationId_promptIndex_backgroundIndex: { generationId: string; promptIndex: number; backgroundIndex: number } };

/**
 * Renders one cell and stores it, or records why it failed, then publishes
 * it with the batch's progress. Throws LeaseLostError (or Prisma's
 * not-found) when the runner may no longer touch the generation.
 */
export async function renderCell(batch: Batch, cell: CellRequest) {
  const { generationId, workerId } = batch;
  const where: CellWhere = {
    generationId_promptIndex_backgroundIndex: { generationId, promptIndex: cell.prompt.index, backgroundIndex: cell.background.index },
  };
  const whereHeld = { ...where, generation: { is: { status: GenerationStatus.processing, leaseOwner: workerId } } };
  let thumbnail: ThumbnailSnapshot;
  try {
    if (batch.unavailable) throw new ProviderUnavailableError(batch.unavailable);
    const row = await prisma.thumbnail.update({
      where: whereHeld,
      // A stage left from before a restart is no longer true.
      data: { status: ThumbnailStatus.rendering, stage: null, attempts: { increment: 1 } },
      select: { prompt: true, providerTaskId: true, callbackToken: true },
    });
    const endTimer = thumbnailRenderSeconds.startTimer({ provider: batch.provider });
    const renderStartedAt = Date.now();
    let reported: ThumbnailStage | null = null;
    const rendered = await batch.renderer.render(cell, {
      prompt: row.prompt,
      existingTaskId: row.providerTaskId,
      callbackToken: row.callbackToken ?? undefined,
      // Persisted before waiting: after a restart the task is resumed, never created twice.
      onTaskCreated: async (taskId) => {
        await prisma.thumbnail.update({ where, data: { providerTaskId: taskId }, select: { id: true } });
      },
      onStage: async (stage) => {
        if (stage === reported) return;
        reported = stage;
        await reportStage(batch, where, stage);
      },
    });
    const renderSeconds = (Date.now() - renderStartedAt) / 1000;
    // Stopped while it rendered (the account is being deleted, the lease
    // was lost): the image is dropped before anything is stored.
    await stillHeld(generationId, workerId);
    const stored = await storeRenderedCell({ source: batch.recipeSource, cell, rendered, hasMask: batch.hasMask });
    try {
      thumbnail = (await prisma.thumbnail.update({
        where: whereHeld,
        data: { status: ThumbnailStatus.success, stage: null, errorMessage: null, ...stored.fields },
        select: thumbnailSnapshotSelect,
      })) as ThumbnailSnapshot;
    } catch (error) {
      // Stopped between the check and the row: its files go with it.
      await discardFiles(stored.files);
      throw error;
    }
    endTimer();
    await recordRenderTime(batch.provider, batch.model, renderSeconds);
  } catch (error) {
    if (error instanceof LeaseLostError || isNotFound(error)) throw error;
    // Providers word a RenderError for the creator; anything else is an
    // internal fault, described plainly (details in the log).
    const message = error instanceof RenderError ? error.message : CELL_INTERNAL_ERROR;
    batch.firstError ??= error instanceof RenderError ? error.message : "the renderer hit an unexpected error";
    if (error instanceof ProviderUnavailableError) {
      batch.unavailable ??= error.message;
      batch.firstError = batch.unavailable;
    }
    logger.error({ err: error, generationId, cell: `${cell.prompt.index}x${cell.background.index}` }, "a thumbnail failed to render");
    thumbnail = (await prisma.thumbnail.update({
      where: whereHeld,
      data: { status: ThumbnailStatus.failed, stage: null, errorMessage: message.slice(0, 500) },
      select: thumbnailSnapshotSelect,
    })) as ThumbnailSnapshot;
  }
  batch.finished += 1;
  const progress = await updateGeneration(generationId, workerId, {
    // 5..95 while rendering; planning and finishing own the ends.
    progress: Math.min(95, 5 + Math.floor((batch.finished / batch.total) * 90)),
    currentStep: `Rendering ${Math.min(batch.finished + 1, batch.total)} of ${batch.total}`,
  });
  await publishGenerationEvent({ type: "thumbnail", generation: freshest(batch, progress), thumbnail });
}

/**
 * Stores where a cell is and pushes it to the pages watching. A page that
 * misses one only shows an older stage, so a failure here never fails the
 * cell; a row that is gone is found out by the cell's next write.
 */
async function reportStage(batch: Batch, where: CellWhere, stage: ThumbnailStage) {
  try {
    const { generation, ...thumbnail } = await prisma.thumbnail.update({
      where: { ...where, status: ThumbnailStatus.rendering },
      data: { stage },
      select: { ...thumbnailSnapshotSelect, generation: { select: generationSnapshotSelect } },
    });
    await publishGenerationEvent({
      type: "thumbnail",
      generation: freshest(batch, generation as GenerationSnapshot),
      thumbnail: thumbnail as ThumbnailSnapshot,
    });
  } catch (error) {
    if (!isNotFound(error)) logger.warn({ err: error, ...where.generationId_promptIndex_backgroundIndex }, "could not report a cell's stage");
  }
}
