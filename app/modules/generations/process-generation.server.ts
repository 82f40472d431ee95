// Processing a claimed generation: plan its cells, render each one that is
// not done yet (renderCell), then finish it. All state lives in the
// database, so a runner that dies leaves cells a later runner resumes.
import crypto from "node:crypto";
import pLimit from "p-limit";
import { planGeneration } from "~/modules/design/plan";
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { modelDrawsOf, RenderError, type CellRequest } from "~/modules/providers/provider";
import { findProvider } from "~/modules/providers/registry.server";
import { storage } from "~/modules/storage/storage.server";
import { readStyleReference, readTopicImages } from "~/modules/topic-images/topic-images.server";
import { styleOfReference } from "~/modules/topic-images/reference-style.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { finishGeneration, letGo } from "./finish-generation.server";
import { isNotFound, keepLease, LeaseLostError, updateGeneration } from "./lease.server";
import { isThumbnailFinished, type GenerationStatus } from "./lifecycle";
import { readPortraitAnalysis } from "./portrait-snapshot.server";
import { openCompositorSession } from "~/modules/rendering/compositor-sessions.server";
import { renderCell, type Batch } from "./render-cell.server";
import { estimateBatchSeconds, pruneRenderTimings } from "./render-timings.server";

/** A generation whose runner crashed this many times is given up (and refunded). */
export const MAX_ATTEMPTS = 3;

type ProcessOptions = {
  workerId: string;
  leaseMs?: number;
  concurrency?: number;
  /** Aborted when this runner shuts down: cells not started yet are left to another runner. */
  stopping?: AbortSignal;
};

/**
 * Renders every unfinished cell of a claimed generation and brings it to a
 * terminal state. "stopped": `stopping` was aborted before every cell was
 * done; the generation is still held, for the caller to give back.
 */
export async function processGeneration(generationId: string, options: ProcessOptions): Promise<GenerationStatus | "stopped"> {
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

async function processClaimed(
  generationId: string,
  { workerId, leaseMs = env.GENERATION_LEASE_SECONDS * 1000, concurrency = env.RENDER_CONCURRENCY, stopping }: ProcessOptions,
): Promise<GenerationStatus | "stopped"> {
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
      topicImageKeys: true,
      styleReferenceKey: true,
      provider: true,
      modelDraws: true,
      attempts: true,
      creditsUsed: true,
    },
  });
  // Deleted since the claim (its account was deleted): nothing left to do.
  if (!generation) throw new LeaseLostError(`Generation ${generationId} is gone`);
  const giveUp = (reason: string) => finishGeneration(generationId, workerId, generation, reason);
  if (generation.attempts > MAX_ATTEMPTS) return giveUp("the batch was given up after the server stopped several times while making it");
  const providerEntry = findProvider(generation.provider);
  if (!providerEntry) return giveUp(`this batch was made with "${generation.provider}", a provider this server does not have`);

  const planning = await updateGeneration(generationId, workerId, { progress: 2, currentStep: "Planning prompts", leaseMs });
  await publishGenerationEvent({ type: "progress", generation: planning });
  const { keywords, headline, promptCount, backgroundCount } = generation;
  // Read before planning: the reference's colours and text side steer most cells (the same bytes plan the same batch on a resume).
  const styleReference = await readStyleReference(generationId, generation.styleReferenceKey);
  const style = styleReference ? await styleOfReference(styleReference.bytes) : null;
  const plan = planGeneration({ keywords, headline, promptCount, backgroundCount, style });
  const modelDraws = modelDrawsOf(generation.modelDraws);
  const cells = plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));
  // Read before the cells' prompts are written: a prompt names as many topic images as the model is shown.
  const topicImages = await readTopicImages(generationId, generation.topicImageKeys);
  const done = await writeCellRows(generationId, cells, (cell) =>
    providerEntry.describeCell(cell, keywords, { modelDraws, topicImages: topicImages.length, styleReference: styleReference !== null }),
  );
  const todo = cells.filter((cell) => !done.has(cellKey(cell)));

  const portraitBytes = await storage.read(generation.portraitKey);
  if (!portraitBytes) return giveUp("the portrait this batch was made from is missing from storage");
  let provider;
  try {
    provider = providerEntry.create();
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    return giveUp(error.message);
  }
  const portrait = { bytes: portraitBytes, hasAlpha: generation.portraitKey.endsWith(".png"), ...(await readPortraitAnalysis(generationId, generation)) };
  // The generation's compositor session, from what was just read: the local
  // compositor draws in it, and an AI plate is lettered in it (store-cell).
  openCompositorSession(generationId, portrait);
  const renderer = await provider.startBatch({ generationId, keywords, headline, modelDraws, plan, portrait, topicImages, styleReference });

  const model = provider.model ?? generation.provider;
  const cellConcurrency = provider.concurrency ?? concurrency;
  // Said before the first cell starts, so a long wait is expected, not a surprise.
  const starting = await updateGeneration(generationId, workerId, {
    progress: 5,
    currentStep: `Starting ${todo.length} ${todo.length === 1 ? "image" : "images"} with ${providerEntry.label}`,
    estimatedSeconds: await estimateBatchSeconds(generation.provider, model, todo.length, cellConcurrency),
  });
  await publishGenerationEvent({ type: "progress", generation: starting });

  const batch: Batch = {
    generationId,
    workerId,
    renderer,
    provider: generation.provider,
    model,
    recipeSource: { generationId, ...generation },
    hasMask: Boolean(portrait.mask),
    total: cells.length,
    finished: done.size,
    firstError: null,
    unavailable: null,
    furthest: null,
  };
  // Set when this runner may no longer touch the generation: its lease went
  // to another runner, it was stopped (its account is being deleted), or its
  // rows are gone. The cells not started yet are skipped; those in flight
  // stop at their next write, and discard the files they stored.
  let abandoned: LeaseLostError | null = null;
  const limit = pLimit(cellConcurrency);
  await Promise.all(
    todo.map((cell) =>
      limit(async () => {
        if (abandoned || stopping?.aborted) return;
        try {
          await renderCell(batch, cell);
        } catch (error) {
          if (error instanceof LeaseLostError) abandoned ??= error;
          else if (isNotFound(error)) abandoned ??= new LeaseLostError(`Generation ${generationId} is gone`);
          else throw error;
        }
      }),
    ),
  );
  await pruneRenderTimings(generation.provider, model);
  if (abandoned) throw abandoned;
  if (batch.finished < batch.total && stopping?.aborted) return "stopped";

  await updateGeneration(generationId, workerId, { progress: 98, currentStep: "Finishing" });
  return finishGeneration(generationId, workerId, generation, batch.firstError);
}

function cellKey(cell: CellRequest) {
  return `${cell.prompt.index}:${cell.background.index}`;
}

/**
 * Writes the rows of the cells no earlier run wrote, each with the prompt its
 * provider is asked (written once: a resumed cell asks exactly the same),
 * and returns the keys of the cells already finished.
 */
async function writeCellRows(generationId: string, cells: CellRequest[], describe: (cell: CellRequest) => string) {
  const existing = await prisma.thumbnail.findMany({ where: { generationId }, select: { promptIndex: true, backgroundIndex: true, status: true } });
  const keyOf = (row: { promptIndex: number; backgroundIndex: number }) => `${row.promptIndex}:${row.backgroundIndex}`;
  const known = new Set(existing.map(keyOf));
  const missing = cells.filter((cell) => !known.has(cellKey(cell)));
  if (missing.length > 0) {
    await prisma.thumbnail.createMany({
      data: missing.map((cell) => ({
        generationId,
        promptIndex: cell.prompt.index,
        backgroundIndex: cell.background.index,
        prompt: describe(cell),
        // The token a provider's callback URL carries for this cell.
        callbackToken: crypto.randomBytes(24).toString("base64url"),
      })),
    });
  }
  return new Set(existing.filter((row) => isThumbnailFinished(row.status)).map(keyOf));
}
