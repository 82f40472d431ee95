// Disabling and enabling an account from the admin page. A disabled account
// cannot log in (auth.server.ts), its sessions end at once, and its batches
// that no runner has started are cancelled and refunded; one already
// rendering is left to finish (docs/decisions/017-admin-page.md).
import { refundGeneration } from "~/modules/credits/refund.server";
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { generationSnapshotSelect } from "~/modules/generations/snapshots";
import { GenerationStatus, ThumbnailStatus, type GenerationSnapshot } from "~/modules/generations/lifecycle";
import { enqueueGenerationFinished } from "~/modules/webhooks/enqueue.server";
import { prisma } from "~/utils/db.server";

export const CANCELLED_ON_DISABLE_MESSAGE =
  "Cancelled: the account was disabled before this batch started. Its credits were refunded.";

export class CannotDisableSelfError extends Error {
  constructor() {
    super("You cannot disable your own account: you would lock yourself out of this page.");
  }
}

/**
 * Disables the account, ends its sessions and cancels its pending batches.
 * Returns null when there is no such account. Disabling twice is harmless.
 */
export async function disableAccount({ adminId, userId }: { adminId: string; userId: string }, now = new Date()) {
  if (adminId === userId) throw new CannotDisableSelfError();
  const result = await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    if (!user) return null;
    // Counted: an account deleted meanwhile is no such account, not P2025 (a 500).
    if (!user.disabledAt && (await tx.user.updateMany({ where: { id: userId }, data: { disabledAt: now } })).count === 0) return null;
    const { count: endedSessions } = await tx.session.deleteMany({ where: { userId } });
    const pending = await tx.generation.findMany({
      where: { userId, status: GenerationStatus.pending },
      select: { id: true, creditsUsed: true },
    });
    const cancelled: GenerationSnapshot[] = [];
    for (const generation of pending) {
      // Conditional on still being pending: a runner that claimed it meanwhile keeps it.
      const { count } = await tx.generation.updateMany({
        where: { id: generation.id, status: GenerationStatus.pending },
        data: {
          status: GenerationStatus.failed,
          progress: 100,
          currentStep: "Failed",
          errorMessage: CANCELLED_ON_DISABLE_MESSAGE,
          completedAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (count === 0) continue;
      await tx.thumbnail.updateMany({
        where: { generationId: generation.id, status: { in: [ThumbnailStatus.pending, ThumbnailStatus.rendering] } },
        data: { status: ThumbnailStatus.failed, errorMessage: CANCELLED_ON_DISABLE_MESSAGE },
      });
      await refundGeneration(tx, { userId, generationId: generation.id, amount: generation.creditsUsed });
      await enqueueGenerationFinished(tx, { userId, generationId: generation.id, now });
      cancelled.push(
        (await tx.generation.findUniqueOrThrow({ where: { id: generation.id }, select: generationSnapshotSelect })) as GenerationSnapshot,
      );
    }
    return { endedSessions, cancelled };
  });
  if (!result) return null;
  for (const generation of result.cancelled) publishGenerationEvent({ type: "progress", generation });
  return { endedSessions: result.endedSessions, cancelledGenerations: result.cancelled.length };
}

/** Lets the account log in again. Returns false when there is no such account. */
export async function enableAccount(userId: string) {
  const { count } = await prisma.user.updateMany({ where: { id: userId }, data: { disabledAt: null } });
  return count > 0;
}
