// How a runner ends its hold on a generation: it brings it to a terminal
// state (refunding a batch that produced nothing), or, when it was stopped
// from outside, it lets go and says so.
import { refundGeneration } from "~/modules/credits/refund.server";
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { enqueueGenerationFinished } from "~/modules/webhooks/enqueue.server";
import { prisma } from "~/utils/db.server";
import { heldBy, isNotFound, LeaseLostError } from "./lease.server";
import { GenerationStatus, ThumbnailStatus, type GenerationSnapshot } from "./lifecycle";
import { generationSnapshotSelect } from "./snapshots";

function unfinishedCellMessage(reason: string | null) {
  return `Stopped: ${reason ? reason.replace(/[.\s]+$/, "") : "the batch ended before this thumbnail was made"}.`;
}

/**
 * Sets the terminal state from the thumbnails' outcomes, fails the cells that
 * never finished, and refunds a batch that produced nothing.
 */
export async function finishGeneration(
  generationId: string,
  workerId: string,
  generation: { userId: string; creditsUsed: number },
  reason: string | null,
) {
  const [succeeded, failed] = await Promise.all([
    prisma.thumbnail.count({ where: { generationId, status: ThumbnailStatus.success } }),
    prisma.thumbnail.count({ where: { generationId, status: { not: ThumbnailStatus.success } } }),
  ]);
  const status: GenerationStatus =
    succeeded === 0 ? GenerationStatus.failed : failed > 0 ? GenerationStatus.partial : GenerationStatus.completed;
  const errorMessage =
    status === GenerationStatus.failed
      ? `No thumbnail could be made${reason ? `: ${reason.replace(/[.\s]+$/, "")}.` : "."} Your credits were refunded.`
      : status === GenerationStatus.partial
        ? `${failed} of ${succeeded + failed} thumbnails could not be made${reason ? `: ${reason.replace(/[.\s]+$/, "")}` : ""}.`
        : null;
  const finished = await prisma
    .$transaction(async (tx) => {
      const snapshot = await tx.generation.update({
        where: heldBy(generationId, workerId),
        data: {
          status,
          progress: 100,
          currentStep: status === GenerationStatus.failed ? "Failed" : "Done",
          errorMessage,
          completedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        },
        select: generationSnapshotSelect,
      });
      // A cell left pending or rendering (a crash, a batch given up early)
      // would otherwise stay "Rendering…" forever on a batch that has ended.
      await tx.thumbnail.updateMany({
        where: { generationId, status: { in: [ThumbnailStatus.pending, ThumbnailStatus.rendering] } },
        data: { status: ThumbnailStatus.failed, stage: null, errorMessage: unfinishedCellMessage(reason) },
      });
      if (status === GenerationStatus.failed) {
        await refundGeneration(tx, { userId: generation.userId, generationId, amount: generation.creditsUsed });
      }
      // In the same transaction: the webhook is queued if and only if the batch ended.
      await enqueueGenerationFinished(tx, { userId: generation.userId, generationId });
      return snapshot as GenerationSnapshot;
    })
    .catch((error) => {
      if (isNotFound(error)) throw new LeaseLostError(`Lost the lease on generation ${generationId}`);
      throw error;
    });
  await publishGenerationEvent({ type: "progress", generation: finished });
  return status;
}

/**
 * After its last cell in flight has ended, a runner that was stopped clears
 * its name from the generation and says so on the event bus: whoever stopped
 * it (stopUserGenerations, before an account is deleted) waits for that.
 */
export async function letGo(generationId: string, workerId: string) {
  const { count } = await prisma.generation.updateMany({
    where: { id: generationId, leaseOwner: workerId, status: { not: GenerationStatus.processing } },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
  if (count === 0) return;
  const snapshot = await prisma.generation.findUnique({ where: { id: generationId }, select: generationSnapshotSelect });
  if (snapshot) await publishGenerationEvent({ type: "progress", generation: snapshot as GenerationSnapshot });
}
