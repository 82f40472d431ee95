// Stopping a user's batches, so that nothing of theirs is written after
// their account is deleted (deleteAccount calls this first).
import { publishGenerationEvent, subscribeToGeneration } from "~/modules/events/generation-events.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { generationSnapshotSelect } from "./snapshots";
import { GenerationStatus, RUNNING_STATUSES, type GenerationSnapshot } from "./lifecycle";

export const STOPPED_FOR_DELETION = "Stopped: the account is being deleted.";

/**
 * How long the cells in flight are given to end. The local compositor ends
 * in about a second; a remote model's cell can take minutes, and a deletion
 * does not wait for it: its runner finds the batch stopped and discards
 * what it makes (render-cell.server.ts: every write is conditional on holding
 * the batch, and files stored just before the check are deleted again).
 */
export const STOP_WAIT_MS = 10_000;

// A runner that died holding a batch sends nothing: its lease is looked at again this often.
const RECHECK_MS = 250;

/** Stops every batch of the user that is waiting or rendering; returns their ids. Stopping twice is harmless. */
async function stopRunning(userId: string, now: Date) {
  const running = await prisma.generation.findMany({ where: { userId, status: { in: RUNNING_STATUSES } }, select: { id: true } });
  if (running.length === 0) return [];
  const ids = running.map((g) => g.id);
  // The lease owner is kept: a runner holding the batch clears it once its
  // last cell in flight has ended (letGo), which is what the wait below waits for.
  await prisma.generation.updateMany({
    where: { id: { in: ids }, status: { in: RUNNING_STATUSES } },
    data: { status: GenerationStatus.failed, progress: 100, currentStep: "Stopped", errorMessage: STOPPED_FOR_DELETION, completedAt: now },
  });
  const snapshots = await prisma.generation.findMany({ where: { id: { in: ids } }, select: generationSnapshotSelect });
  await Promise.all(snapshots.map((g) => publishGenerationEvent({ type: "progress", generation: g as GenerationSnapshot })));
  return ids;
}

/** The user's batches a live runner still holds (its lease not yet run out). */
function stillHeld(userId: string) {
  return prisma.generation.findMany({
    where: { userId, leaseOwner: { not: null }, leaseExpiresAt: { gt: new Date() } },
    select: { id: true },
  });
}

/**
 * Stops the user's batches and waits, up to waitMs, until no runner holds
 * one any more: the cells in flight have ended, and wrote nothing after the
 * stop. A batch claimed meanwhile is stopped on the next look.
 */
export async function stopUserGenerations(userId: string, { waitMs = STOP_WAIT_MS } = {}) {
  const deadline = Date.now() + waitMs;
  const watched = new Map<string, () => void>();
  let poke: () => void = () => undefined;
  try {
    for (;;) {
      for (const id of await stopRunning(userId, new Date())) {
        if (!watched.has(id)) watched.set(id, subscribeToGeneration(id, () => poke()));
      }
      const held = await stillHeld(userId);
      if (held.length === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) {
        logger.warn({ userId, generations: held.map((g) => g.id) }, "account deletion: cells still in flight past the wait; their runners discard what they make");
        return;
      }
      // The next look: a runner letting go (its event), or the recheck.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(RECHECK_MS, left));
        function done() {
          clearTimeout(timer);
          poke = () => undefined;
          resolve();
        }
        poke = done;
      });
    }
  } finally {
    for (const unsubscribe of watched.values()) unsubscribe();
  }
}
