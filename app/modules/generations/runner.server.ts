// The durable generation runner. All state lives in the database: a runner
// claims a pending generation with a lease, renders the cells that are not
// done yet, and finishes it. A runner that dies leaves a lease that expires,
// and the next runner resumes where it stopped.
import crypto from "node:crypto";
import pLimit from "p-limit";
import { refundGeneration } from "~/modules/credits/refund.server";
import { onWake, publishGenerationEvent, sendWake } from "~/modules/events/generation-events.server";
import { ProviderUnavailableError, RenderError, TEXT_BY, type TextBy } from "~/modules/providers/provider";
import { findProvider } from "~/modules/providers/registry.server";
import { thumbnailRenderSeconds } from "~/modules/ops/metrics.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { generationSnapshotSelect, thumbnailSnapshotSelect } from "./snapshots";
import {
  GenerationStatus,
  isThumbnailFinished,
  ThumbnailStatus,
  type GenerationSnapshot,
  type ThumbnailSnapshot,
  type ThumbnailStage,
} from "./lifecycle";
import { estimateBatchSeconds, pruneRenderTimings, recordRenderTime } from "./render-timings.server";
import { planGeneration } from "~/modules/design/plan";
import { discardFiles, storeRenderedCell } from "~/modules/thumbnails/store-cell.server";
import { readPortraitAnalysis } from "./portrait-snapshot.server";
import { startPortraitAnalysisJob } from "~/modules/portraits/portrait-analysis-job.server";
import { startStorageSweepJob } from "~/modules/storage/orphan-sweep.server";
import { combineJobs } from "~/utils/periodic-job.server";

/**
 * What a creator reads on a cell that failed inside Thumbsmith. The error
 * itself (a validation dump, a stack, a path) goes to the log only.
 */
export const CELL_INTERNAL_ERROR = "This thumbnail could not be made because of an error on the server.";

/** A generation whose runner crashed this many times is given up (and refunded). */
export const MAX_ATTEMPTS = 3;

export class LeaseLostError extends Error {}

function claimable(now: Date) {
  return { OR: [{ status: GenerationStatus.pending }, { status: GenerationStatus.processing, leaseExpiresAt: { lt: now } }] };
}

/**
 * Claims the oldest generation that is pending, or processing under an
 * expired lease. The conditional update makes the claim exclusive: of two
 * runners racing for one generation, one updates it and the other moves on.
 * On PostgreSQL the row is locked instead, and runners skip each other's
 * locked rows, so they never wait for or retry on one another.
 */
export async function claimNextGeneration(workerId: string, leaseMs: number) {
  if (env.databaseProvider === "postgres") return claimSkippingLocked(workerId, leaseMs);
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date();
    const candidate = await prisma.generation.findFirst({
      where: claimable(now),
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, startedAt: true },
    });
    if (!candidate) return null;
    const { count } = await prisma.generation.updateMany({
      where: { id: candidate.id, ...claimable(now) },
      data: claimedBy(workerId, leaseMs, now, candidate.startedAt),
    });
    if (count === 1) return { id: candidate.id };
  }
  return null;
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
    where: { id: generationId, leaseOwner: workerId, status: GenerationStatus.processing },
    data: { leaseOwner: null, leaseExpiresAt: new Date(), attempts: { decrement: 1 } },
  });
  if (count > 0) await sendWake({ kind: "generations" });
  return count > 0;
}

type Progress = { progress: number; currentStep: string; estimatedSeconds?: number | null };

/** The column holds one of TEXT_BY (a CHECK constraint); anything else reads as the default. */
function textByOf(value: string): TextBy {
  return (TEXT_BY as readonly string[]).includes(value) ? (value as TextBy) : "thumbsmith";
}

/** Prisma's "record to update not found": the lease condition did not match. */
function isNotFound(error: unknown) {
  return (error as { code?: string }).code === "P2025";
}

/**
 * Writes progress while we still hold the lease, and returns the snapshot
 * the event bus carries, in one query.
 */
async function updateGeneration(generationId: string, workerId: string, data: Progress & { leaseMs?: number }) {
  const { leaseMs, ...fields } = data;
  try {
    return (await prisma.generation.update({
      where: { id: generationId, leaseOwner: workerId, status: GenerationStatus.processing },
      data: { ...fields, ...(leaseMs ? { leaseExpiresAt: new Date(Date.now() + leaseMs) } : {}) },
      select: generationSnapshotSelect,
    })) as GenerationSnapshot;
  } catch (error) {
    // Another runner took over (our lease expired): stop touching this generation.
    if (isNotFound(error)) throw new LeaseLostError(`Lost the lease on generation ${generationId}`);
    throw error;
  }
}

type ProcessOptions = {
  workerId: string;
  leaseMs?: number;
  concurrency?: number;
  /** Aborted when this runner shuts down: cells not started yet are left to another runner. */
  stopping?: AbortSignal;
};

/** Renders every unfinished cell of a claimed generation and brings it to a terminal state. */
export async function processGeneration(generationId: string, options: ProcessOptions): Promise<GenerationStatus | "released"> {
  const leaseMs = options.leaseMs ?? env.GENERATION_LEASE_SECONDS * 1000;
  // The lease is kept while the batch is in hand, not only when a cell ends:
  // an image model's cells take minutes (and ride out outages longer still),
  // and a lease left to lapse meanwhile lets another runner take the batch
  // over and fetch the same results. A runner that dies or hangs stops
  // renewing, and its lease lapses as before.
  const heartbeat = setInterval(() => {
    keepLease(generationId, options.workerId, leaseMs).catch((error) => logger.warn({ err: error, generationId }, "could not renew a generation's lease"));
  }, leaseMs / 3);
  heartbeat.unref();
  try {
    return await processClaimed(generationId, { ...options, leaseMs });
  } catch (error) {
    // Stopped or taken over, at whatever step: every cell this runner had in flight has ended by now.
    if (error instanceof LeaseLostError) await letGo(generationId, options.workerId);
    throw error;
  } finally {
    clearInterval(heartbeat);
  }
}

/** Moves the lease's end on while this runner still holds the generation; a lost one is noticed at the next write. */
async function keepLease(generationId: string, workerId: string, leaseMs: number) {
  await prisma.generation.updateMany({
    where: { id: generationId, leaseOwner: workerId, status: GenerationStatus.processing },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
}

async function processClaimed(
  generationId: string,
  { workerId, leaseMs = env.GENERATION_LEASE_SECONDS * 1000, concurrency = env.RENDER_CONCURRENCY, stopping }: ProcessOptions,
): Promise<GenerationStatus | "released"> {
  const generation = await prisma.generation.findUnique({
    where: { id: generationId },
    select: {
      userId: true,
      keywords: true,
      headline: true,
      promptCount: true,
      backgroundCount: true,
      portraitKey: true,
      portraitMaskKey: true,
      portraitFace: true,
      provider: true,
      textBy: true,
      attempts: true,
      creditsUsed: true,
    },
  });
  // Deleted since the claim (its account was deleted): nothing left to do.
  if (!generation) throw new LeaseLostError(`Generation ${generationId} is gone`);
  if (generation.attempts > MAX_ATTEMPTS) {
    return finishGeneration(generationId, workerId, generation, "the batch was given up after the server stopped several times while making it");
  }
  const providerEntry = findProvider(generation.provider);
  if (!providerEntry) {
    return finishGeneration(generationId, workerId, generation, `this batch was made with "${generation.provider}", a provider this server does not have`);
  }

  const planning = await updateGeneration(generationId, workerId, { progress: 2, currentStep: "Planning prompts", leaseMs });
  await publishGenerationEvent({ type: "progress", generation: planning });

  const plan = planGeneration({
    keywords: generation.keywords,
    headline: generation.headline,
    promptCount: generation.promptCount,
    backgroundCount: generation.backgroundCount,
  });
  const existing = await prisma.thumbnail.findMany({
    where: { generationId },
    select: { promptIndex: true, backgroundIndex: true, status: true },
  });
  const known = new Set(existing.map((t) => `${t.promptIndex}:${t.backgroundIndex}`));
  const cells = plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));
  const missing = cells.filter((c) => !known.has(`${c.prompt.index}:${c.background.index}`));
  if (missing.length > 0) {
    await prisma.thumbnail.createMany({
      data: missing.map(({ prompt, background }) => ({
        generationId,
        promptIndex: prompt.index,
        backgroundIndex: background.index,
        // Written once: the provider is asked exactly this, also when the cell is resumed.
        prompt: providerEntry.describeCell({ prompt, background }, generation.keywords, { textBy: textByOf(generation.textBy) }),
        // The token a provider's callback URL carries for this cell.
        callbackToken: crypto.randomBytes(24).toString("base64url"),
      })),
    });
  }
  const done = new Set(existing.filter((t) => isThumbnailFinished(t.status)).map((t) => `${t.promptIndex}:${t.backgroundIndex}`));
  const todo = cells.filter((c) => !done.has(`${c.prompt.index}:${c.background.index}`));
  let finished = done.size;
  // Cells finish and report stages concurrently: a snapshot read before
  // another cell's progress write may be published after it. Each event
  // carries the furthest snapshot seen, so the page's progress never goes back.
  let furthest: GenerationSnapshot | null = null;
  const freshest = (snapshot: GenerationSnapshot) => (furthest && furthest.progress > snapshot.progress ? furthest : (furthest = snapshot));

  const portraitBytes = await storage.read(generation.portraitKey);
  if (!portraitBytes) {
    return finishGeneration(generationId, workerId, generation, "the portrait this batch was made from is missing from storage");
  }

  let provider;
  try {
    provider = providerEntry.create();
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    return finishGeneration(generationId, workerId, generation, error.message);
  }
  const portrait = { bytes: portraitBytes, hasAlpha: generation.portraitKey.endsWith(".png"), ...(await readPortraitAnalysis(generationId, generation)) };
  const renderer = await provider.startBatch({
    generationId,
    keywords: generation.keywords,
    headline: generation.headline,
    textBy: textByOf(generation.textBy),
    plan,
    portrait,
  });
  const recipeSource = { generationId, ...generation };

  const total = cells.length;
  const model = provider.model ?? generation.provider;
  const cellConcurrency = provider.concurrency ?? concurrency;
  // Said before the first cell starts, so a long wait is expected, not a surprise.
  const starting = await updateGeneration(generationId, workerId, {
    progress: 5,
    currentStep: `Starting ${todo.length} ${todo.length === 1 ? "image" : "images"} with ${providerEntry.label}`,
    estimatedSeconds: await estimateBatchSeconds(generation.provider, model, todo.length, cellConcurrency),
  });
  await publishGenerationEvent({ type: "progress", generation: starting });
  const limit = pLimit(cellConcurrency);
  let firstError: string | null = null;
  // Set when the provider cannot work at all: the remaining cells are not tried.
  let unavailable: string | null = null;
  // Set when this runner may no longer touch the generation: its lease went
  // to another runner, it was stopped (its account is being deleted), or its
  // rows are gone. The cells not started yet are skipped; those in flight
  // stop at their next write, and discard the files they stored.
  let abandoned: LeaseLostError | null = null;
  // Every write to a cell is conditional on this runner still holding the
  // generation: a stopped or taken-over batch is never written to.
  const held = { generation: { is: { status: GenerationStatus.processing, leaseOwner: workerId } } };
  const untilAbandoned = (work: () => Promise<void>) => async () => {
    if (abandoned || stopping?.aborted) return;
    try {
      await work();
    } catch (error) {
      if (error instanceof LeaseLostError) abandoned ??= error;
      else if (isNotFound(error)) abandoned ??= new LeaseLostError(`Generation ${generationId} is gone`);
      else throw error;
    }
  };

  await Promise.all(
    todo.map((cell) =>
      limit(untilAbandoned(async () => {
        const where = {
          generationId_promptIndex_backgroundIndex: {
            generationId,
            promptIndex: cell.prompt.index,
            backgroundIndex: cell.background.index,
          },
        };
        const whereHeld = { ...where, ...held };
        let status: ThumbnailStatus;
        let thumbnailId: string;
        let prompt: string;
        try {
          if (unavailable) throw new ProviderUnavailableError(unavailable);
          const row = await prisma.thumbnail.update({
            where: whereHeld,
            // A stage left from before a restart is no longer true.
            data: { status: ThumbnailStatus.rendering, stage: null, attempts: { increment: 1 } },
            select: { prompt: true, providerTaskId: true, callbackToken: true },
          });
          const endTimer = thumbnailRenderSeconds.startTimer({ provider: generation.provider });
          const renderStartedAt = Date.now();
          let reported: ThumbnailStage | null = null;
          const rendered = await renderer.render(cell, {
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
              await reportStage(where, stage, freshest);
            },
          });
          const renderSeconds = (Date.now() - renderStartedAt) / 1000;
          // Stopped while it rendered (the account is being deleted, the lease
          // was lost): the image is dropped before anything is stored.
          await stillHeld(generationId, workerId);
          const stored = await storeRenderedCell({ source: recipeSource, cell, rendered, hasMask: Boolean(portrait.mask) });
          try {
            ({ id: thumbnailId, prompt } = await prisma.thumbnail.update({
              where: whereHeld,
              data: { status: ThumbnailStatus.success, stage: null, errorMessage: null, ...stored.fields },
              select: { id: true, prompt: true },
            }));
          } catch (error) {
            // Stopped between the check and the row: its files go with it.
            await discardFiles(stored.files);
            throw error;
          }
          endTimer();
          await recordRenderTime(generation.provider, model, renderSeconds);
          status = ThumbnailStatus.success;
        } catch (error) {
          if (error instanceof LeaseLostError || isNotFound(error)) throw error;
          // Providers word a RenderError for the creator; anything else is ours.
          const message = error instanceof RenderError ? error.message : CELL_INTERNAL_ERROR;
          // Providers say what a user should read with RenderError; anything
          // else is an internal fault, described plainly (details in the log).
          firstError ??= error instanceof RenderError ? error.message : "the renderer hit an unexpected error";
          if (error instanceof ProviderUnavailableError) {
            unavailable ??= error.message;
            firstError = unavailable;
          }
          logger.error({ err: error, generationId, cell: `${cell.prompt.index}x${cell.background.index}` }, "a thumbnail failed to render");
          ({ id: thumbnailId, prompt } = await prisma.thumbnail.update({
            where: whereHeld,
            data: { status: ThumbnailStatus.failed, stage: null, errorMessage: message.slice(0, 500) },
            select: { id: true, prompt: true },
          }));
          status = ThumbnailStatus.failed;
        }
        finished += 1;
        const progress = await updateGeneration(generationId, workerId, {
          // 5..95 while rendering; planning and finishing own the ends.
          progress: Math.min(95, 5 + Math.floor((finished / total) * 90)),
          currentStep: `Rendering ${Math.min(finished + 1, total)} of ${total}`,
        });
        await publishGenerationEvent({
          type: "thumbnail",
          generation: freshest(progress),
          // A cell just drawn is its first version: only finished thumbnails can be edited.
          thumbnail: { id: thumbnailId, promptIndex: cell.prompt.index, backgroundIndex: cell.background.index, status, stage: null, prompt, version: 1 },
        });
      })),
    ),
  );
  await pruneRenderTimings(generation.provider, model);
  if (abandoned) throw abandoned;
  if (finished < total && stopping?.aborted) {
    await releaseGeneration(generationId, workerId);
    return "released";
  }

  await updateGeneration(generationId, workerId, { progress: 98, currentStep: "Finishing" });
  return finishGeneration(generationId, workerId, generation, firstError);
}

/** Throws LeaseLostError unless this runner still holds the generation, processing. */
async function stillHeld(generationId: string, workerId: string) {
  const count = await prisma.generation.count({ where: { id: generationId, status: GenerationStatus.processing, leaseOwner: workerId } });
  if (count === 0) throw new LeaseLostError(`Generation ${generationId} is no longer held by ${workerId}`);
}

/**
 * After its last cell in flight has ended, a runner that was stopped clears
 * its name from the generation and says so on the event bus: whoever stopped
 * it (stopUserGenerations, before an account is deleted) waits for that.
 */
async function letGo(generationId: string, workerId: string) {
  const { count } = await prisma.generation.updateMany({
    where: { id: generationId, leaseOwner: workerId, status: { not: GenerationStatus.processing } },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
  if (count === 0) return;
  const snapshot = await prisma.generation.findUnique({ where: { id: generationId }, select: generationSnapshotSelect });
  if (snapshot) await publishGenerationEvent({ type: "progress", generation: snapshot as GenerationSnapshot });
}

type CellWhere = { generationId_promptIndex_backgroundIndex: { generationId: string; promptIndex: number; backgroundIndex: number } };

/**
 * Stores where a cell is and pushes it to the pages watching. A page that
 * misses one only shows an older stage, so a failure here never fails the
 * cell; a row that is gone is found out by the cell's next write.
 */
async function reportStage(where: CellWhere, stage: ThumbnailStage, freshest: (snapshot: GenerationSnapshot) => GenerationSnapshot) {
  try {
    const { generation, ...thumbnail } = await prisma.thumbnail.update({
      where: { ...where, status: ThumbnailStatus.rendering },
      data: { stage },
      select: { ...thumbnailSnapshotSelect, generation: { select: generationSnapshotSelect } },
    });
    await publishGenerationEvent({
      type: "thumbnail",
      generation: freshest(generation as GenerationSnapshot),
      thumbnail: thumbnail as ThumbnailSnapshot,
    });
  } catch (error) {
    if (!isNotFound(error)) logger.warn({ err: error, ...where.generationId_promptIndex_backgroundIndex }, "could not report a cell's stage");
  }
}

function unfinishedCellMessage(reason: string | null) {
  return `Stopped: ${reason ? reason.replace(/[.\s]+$/, "") : "the batch ended before this thumbnail was made"}.`;
}

/**
 * Sets the terminal state from the thumbnails' outcomes, fails the cells that
 * never finished, and refunds a batch that produced nothing.
 */
async function finishGeneration(
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
        where: { id: generationId, leaseOwner: workerId, status: GenerationStatus.processing },
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
      return snapshot as GenerationSnapshot;
    })
    .catch((error) => {
      if (isNotFound(error)) throw new LeaseLostError(`Lost the lease on generation ${generationId}`);
      throw error;
    });
  await publishGenerationEvent({ type: "progress", generation: finished });
  return status;
}

type Runner = {
  wake(): void;
  /**
   * Stops claiming and starting cells, waits up to deadlineMs for the cells
   * in flight, then gives back the generations still held, so that another
   * runner resumes them at once instead of after the lease.
   */
  stop(options?: { deadlineMs?: number }): Promise<void>;
};

/** Tells every runner, in this process or (on PostgreSQL) any other, that work arrived, so none waits for its next poll. */
export function wakeGenerationRunner() {
  void sendWake({ kind: "generations" });
}

/** What the web server starts: the runner, portrait analysis and the storage sweep, unless RUNNER=off leaves them to `npm run worker`. */
export function startBackgroundJobs() {
  if (env.RUNNER !== "inline") return null;
  return combineJobs(startGenerationRunner(), startPortraitAnalysisJob(), startStorageSweepJob());
}

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
} = {}): Runner {
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
            await processGeneration(claimed.id, { workerId: id, leaseMs, concurrency, stopping: stopping.signal });
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
  const runner: Runner = {
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
