// The generation queue. All state lives in the database: a runner claims a
// pending generation with a lease, processes it (process-generation.server.ts),
// and claims the next. A runner that dies leaves a lease that expires, and
// the next runner resumes where it stopped.
import crypto from "node:crypto";
import { onWake, sendWake } from "~/modules/events/generation-events.server";
import { claimOldest } from "~/utils/claim.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { heldBy, LeaseLostError } from "./lease.server";
import { GenerationStatus } from "./lifecycle";
import { processGeneration } from "./process-generation.server";

function claimable(now: Date) {
  return { OR: [{ status: GenerationStatus.pending }, { status: GenerationStatus.processing, leaseExpiresAt: { lt: now } }] };
}

/**
 * Claims the oldest generation that is pending, or processing under an
 * expired lease, exclusively (claimOldest). On PostgreSQL the row is locked
 * instead, and runners skip each other's locked rows, so they never wait for
 * or retry on one another.
 */
export async function claimNextGeneration(workerId: string, leaseMs: number) {
  if (env.databaseProvider === "postgres") return claimSkippingLocked(workerId, leaseMs);
  const claimed = await claimOldest({
    find: (now) =>
      prisma.generation.findFirst({
        where: claimable(now),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, startedAt: true },
      }),
    take: async (candidate, now) => {
      const { count } = await prisma.generation.updateMany({
        where: { id: candidate.id, ...claimable(now) },
        data: claimedBy(workerId, leaseMs, now, candidate.startedAt),
      });
      return count === 1;
    },
  });
  return claimed && { id: claimed.id };
}

/** What a claim writes, whichever way the row was chosen. */
function claimedBy(workerId: string, leaseMs: number, now: Date, startedAt: Date | null) {
  return {
    status: GenerationStatus.processing,
    leaseOwner: workerId,
    leaseExpiresAt: new Date(now.getTime() + leaseMs),
    attempts: { increment: 1 },
    startedAt: startedAt ?? now,
  };
}

function claimSkippingLocked(workerId: string, leaseMs: number) {
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const [candidate] = await tx.$queryRaw<{ id: string; started_at: Date | null }[]>`
      SELECT id, started_at FROM generations
      WHERE status = ${GenerationStatus.pending}
         OR (status = ${GenerationStatus.processing} AND lease_expires_at < ${now})
      ORDER BY created_at, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`;
    if (!candidate) return null;
    await tx.generation.update({
      where: { id: candidate.id },
      data: claimedBy(workerId, leaseMs, now, candidate.started_at),
      select: { id: true },
    });
    return { id: candidate.id };
  });
}

/**
 * Gives a generation back at once, for a runner that is shutting down: its
 * lease expires now, so any runner resumes it (finished cells stay), and the
 * claim does not count as a crash towards MAX_ATTEMPTS.
 */
export async function releaseGeneration(generationId: string, workerId: string) {
  const { count } = await prisma.generation.updateMany({
    where: heldBy(generationId, workerId),
    data: { leaseOwner: null, leaseExpiresAt: new Date(), attempts: { decrement: 1 } },
  });
  if (count > 0) await sendWake({ kind: "generations" });
  return count > 0;
}

/** Tells every runner, in this process or (on PostgreSQL) any other, that work arrived, so none waits for its next poll. */
export function wakeGenerationRunner() {
  void sendWake({ kind: "generations" });
}

export type GenerationRunner = {
  wake(): void;
  /**
   * Stops claiming and starting cells, waits up to deadlineMs for the cells
   * in flight, then gives back the generations still held, so that another
   * runner resumes them at once instead of after the lease.
   */
  stop(options?: { deadlineMs?: number }): Promise<void>;
};

/**
 * Starts `slots` loops that claim and process generations until stop() is
 * called. Each loop sleeps up to pollMs between empty claims, or until woken.
 */
export function startGenerationRunner({
  slots = 1,
  pollMs = 1000,
  leaseMs = env.GENERATION_LEASE_SECONDS * 1000,
  concurrency = env.RENDER_CONCURRENCY,
  workerId = `${process.pid}-${crypto.randomBytes(4).toString("hex")}`,
  onError = (error: unknown) => logger.error({ err: error }, "generation runner failed"),
} = {}): GenerationRunner {
  let stopped = false;
  const stopping = new AbortController();
  // The generation each slot is working on, to give back if the deadline passes.
  const held = new Map<string, string>();
  const sleepers = new Set<() => void>();
  const sleep = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      sleepers.add(done);
    });

  async function loop(slot: number) {
    const id = `${workerId}/${slot}`;
    while (!stopped) {
      try {
        const claimed = await claimNextGeneration(id, leaseMs);
        if (claimed) {
          held.set(id, claimed.id);
          try {
            const outcome = await processGeneration(claimed.id, { workerId: id, leaseMs, concurrency, stopping: stopping.signal });
            // Shutting down with cells left: any runner resumes them now, not after the lease.
            if (outcome === "stopped") await releaseGeneration(claimed.id, id);
          } finally {
            held.delete(id);
          }
          continue;
        }
      } catch (error) {
        if (!(error instanceof LeaseLostError)) onError(error);
      }
      if (!stopped) await sleep();
    }
  }

  const loops = Array.from({ length: slots }, (_, slot) => loop(slot));
  const runner: GenerationRunner = {
    wake() {
      for (const done of [...sleepers]) done();
    },
    async stop({ deadlineMs = env.SHUTDOWN_TIMEOUT_SECONDS * 1000 } = {}) {
      stopped = true;
      stopping.abort();
      offWake();
      runner.wake();
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.all(loops).then(() => true),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs))),
      ]);
      clearTimeout(timer);
      if (finished) return;
      // Cells still rendering past the deadline: another runner redoes them
      // rather than waiting out the lease. Their late writes are harmless
      // (same keys, and the lease check stops this runner's progress writes).
      await Promise.all([...held].map(([slotId, generationId]) => releaseGeneration(generationId, slotId).catch(onError)));
    },
  };
  const offWake = onWake((wake) => {
    if (wake.kind !== "kie-task") runner.wake();
  });
  return runner;
}
