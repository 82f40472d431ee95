import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { subscribeToGeneration } from "~/modules/events/generation-events.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { RenderError } from "~/modules/providers/provider";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { startWorkerProcess } from "#tests/support/processes";
import { readRenderLog } from "#tests/support/render-log";
import { expectStatesInOrder } from "#tests/support/stage-order";
import { createTestPortrait, createTestUser, ledgerExplainsBalance } from "#tests/utils";
import sharp from "sharp";
import { createGeneration } from "./create-generation.server";
import type { GenerationEvent } from "./lifecycle";
import { CELL_INTERNAL_ERROR } from "./render-cell.server";
import { claimNextGeneration, startGenerationRunner } from "./queue.server";
import { MAX_ATTEMPTS, processGeneration } from "./process-generation.server";

async function newGeneration(backgroundCount = 2) {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "iPhone 17 review, shocking battery", headline: null, backgroundCount, submissionKey: null });
  return { user, portrait, generationId: id };
}

async function runToEnd(generationId: string) {
  const claimed = await claimNextGeneration("test-worker", 30_000);
  expect(claimed?.id).toBe(generationId);
  return processGeneration(generationId, { workerId: "test-worker", leaseMs: 30_000, concurrency: 2 });
}

async function drainOtherPending() {
  // Each test file has its own database, but tests in one file share it.
  await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
}

afterEach(() => vi.restoreAllMocks());

describe("the generation runner", () => {
  test("renders every cell, stores 1280x720 JPEGs, reports progress, completes", async () => {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(2);
    const events: GenerationEvent[] = [];
    const unsubscribe = subscribeToGeneration(generationId, (e) => events.push(e));
    const status = await runToEnd(generationId);
    unsubscribe();

    expect(status).toBe("completed");
    const generation = await prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { status: true, progress: true, currentStep: true, completedAt: true, startedAt: true, leaseOwner: true, errorMessage: true },
    });
    expect(generation).toMatchObject({ status: "completed", progress: 100, currentStep: "Done", leaseOwner: null, errorMessage: null });
    expect(generation.startedAt).not.toBeNull();
    expect(generation.completedAt).not.toBeNull();

    const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, select: { status: true, storagePath: true, width: true, height: true, byteSize: true, prompt: true } });
    expect(thumbnails).toHaveLength(6);
    for (const t of thumbnails) {
      expect(t).toMatchObject({ status: "success", width: 1280, height: 720 });
      expect(t.byteSize).toBeLessThanOrEqual(2 * 1024 * 1024);
      const object = await storage.get(t.storagePath!);
      const bytes = Buffer.from(await new Response(object!.body as unknown as ReadableStream).arrayBuffer());
      expect((await sharp(bytes).metadata())).toMatchObject({ format: "jpeg", width: 1280, height: 720, space: "srgb" });
    }

    // An event as each cell starts generating, one as it is done (on
    // PostgreSQL the bus reads the row on receipt, so a stage event may
    // already show the finished cell).
    const thumbnailEvents = events.flatMap((e) => (e.type === "thumbnail" ? [e.thumbnail] : []));
    expect(thumbnailEvents).toHaveLength(12);
    expect(new Set(thumbnailEvents.filter((t) => t.status === "success").map((t) => t.id)).size).toBe(6);
    expect(events.some((e) => e.generation.progress > 0 && e.generation.progress < 100)).toBe(true);
    expect(events.map((e) => e.generation.currentStep)).toContain("Planning prompts");
    expect(events.map((e) => e.generation.currentStep)).toContain("Rendering 3 of 6");
    expect(events.at(-1)?.generation).toMatchObject({ status: "completed", progress: 100 });
    // Progress never goes backwards.
    const progress = events.map((e) => e.generation.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("each cell's stage is stored and pushed as the provider reports it, and render times are kept", async () => {
    await drainOtherPending();
    await prisma.renderTiming.deleteMany();
    const { generationId } = await newGeneration(1);
    const events: GenerationEvent[] = [];
    const unsubscribe = subscribeToGeneration(generationId, (e) => events.push(e));
    expect(await runToEnd(generationId)).toBe("completed");
    unsubscribe();

    const thumbnailEvents = events.flatMap((e) => (e.type === "thumbnail" ? [e.thumbnail] : []));
    const cells = await prisma.thumbnail.findMany({ where: { generationId }, select: { id: true, stage: true } });
    const seen = cells.map((cell) => thumbnailEvents.filter((t) => t.id === cell.id).map((t) => `${t.status}/${t.stage}`));
    // The compositor draws at once: queued, then generating, then done.
    for (const states of seen) expectStatesInOrder(states, ["rendering/generating", "success/null"]);
    expect(seen.flat()).toContain("rendering/generating");
    // A finished cell keeps no stage: it is no longer anywhere in between.
    expect(cells.map((c) => c.stage)).toEqual([null, null, null]);
    // No history yet: no estimate rather than a guess.
    expect(events.every((e) => e.generation.estimatedSeconds === null)).toBe(true);
    expect(await prisma.renderTiming.findMany({ select: { provider: true, model: true } })).toEqual(
      Array.from({ length: 3 }, () => ({ provider: "local", model: "compositor" })),
    );
  });

  test("progress never goes back even when a cell's stage was read before another cell finished and is pushed after it", async () => {
    await drainOtherPending();
    const { generationId } = await newGeneration(1);
    const events: GenerationEvent[] = [];
    const unsubscribe = subscribeToGeneration(generationId, (e) => events.push(e));
    // The first two cells start together: hold the first stage report between reading the
    // generation and pushing it, until the other cell has finished and pushed a later progress.
    const update = prisma.thumbnail.update.bind(prisma.thumbnail);
    let held = false;
    vi.spyOn(prisma.thumbnail, "update").mockImplementation((async (args: Parameters<typeof update>[0]) => {
      const row = (await update(args)) as { generation?: { progress: number } };
      const stageReport = (args.data as { stage?: unknown }).stage === "generating" && row.generation;
      if (stageReport && !held) {
        held = true;
        const read = row.generation!.progress;
        await vi.waitFor(() => expect(events.some((e) => e.generation.progress > read)).toBe(true), { timeout: 20_000, interval: 5 });
      }
      return row;
    }) as never);
    expect(await runToEnd(generationId)).toBe("completed");
    unsubscribe();
    expect(held).toBe(true);
    const progress = events.map((e) => e.generation.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  test("a batch starts with an estimate from the median of recent render times of its provider and model", async () => {
    await drainOtherPending();
    await prisma.renderTiming.deleteMany();
    await prisma.renderTiming.createMany({
      data: [
        { provider: "local", model: "compositor", seconds: 10 },
        { provider: "local", model: "compositor", seconds: 30 },
        { provider: "local", model: "compositor", seconds: 200 },
        { provider: "local", model: "some-other-model", seconds: 1000 },
        { provider: "kie", model: "compositor", seconds: 1000 },
      ],
    });
    const { generationId } = await newGeneration(1);
    const events: GenerationEvent[] = [];
    const unsubscribe = subscribeToGeneration(generationId, (e) => events.push(e));
    await runToEnd(generationId);
    unsubscribe();
    // Median 30 s, three cells two at a time: two rounds.
    const starting = events.find((e) => e.generation.currentStep === "Starting 3 images with built-in compositor");
    expect(starting?.generation.estimatedSeconds).toBe(60);
    const { estimatedSeconds } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { estimatedSeconds: true } });
    expect(estimatedSeconds).toBe(60);
  });

  test("some cells failing ends partial, with the reason, and no refund", async () => {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(2);
    const real = localProvider.startBatch.bind(localProvider);
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      const batch = await real(input);
      return {
        ...batch,
        render: (cell, context) => (cell.background.index === 1 ? Promise.reject(new Error("renderer out of ink")) : batch.render(cell, context)),
      };
    });
    expect(await runToEnd(generationId)).toBe("partial");
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(generation.errorMessage).toBe("3 of 6 thumbnails could not be made: the renderer hit an unexpected error.");
    expect(await prisma.thumbnail.count({ where: { generationId, status: "failed", errorMessage: CELL_INTERNAL_ERROR } })).toBe(3);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("nothing rendered ends failed, says why, and refunds exactly once", async () => {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(1);
    vi.spyOn(localProvider, "startBatch").mockResolvedValue({ render: () => Promise.reject(new RenderError("the GPU melted")) });
    expect(await runToEnd(generationId)).toBe("failed");
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true, status: true } });
    expect(generation.errorMessage).toBe("No thumbnail could be made: the GPU melted. Your credits were refunded.");
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
    const refunds = await prisma.creditLedger.findMany({ where: { generationId, reason: "generation_refund" }, select: { delta: true, balanceAfter: true } });
    expect(refunds).toEqual([{ delta: 1, balanceAfter: 10 }]);
  });

  test("an internal fault is described plainly to the user, on the batch and on each thumbnail, with the details in the log", async () => {
    await drainOtherPending();
    const { generationId } = await newGeneration(1);
    const errors = vi.spyOn(logger, "error");
    vi.spyOn(localProvider, "startBatch").mockResolvedValue({ render: () => Promise.reject(new TypeError("cannot read properties of undefined")) });
    expect(await runToEnd(generationId)).toBe("failed");
    const { errorMessage } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(errorMessage).toBe("No thumbnail could be made: the renderer hit an unexpected error. Your credits were refunded.");
    expect(await prisma.thumbnail.count({ where: { generationId, errorMessage: CELL_INTERNAL_ERROR } })).toBe(3);
    const logged = errors.mock.calls.filter(([fields]) => (fields as { err?: Error }).err?.message === "cannot read properties of undefined");
    expect(logged).toHaveLength(3);
  });

  test("a missing portrait file fails the generation with a message and a refund", async () => {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(1);
    const { portraitKey } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { portraitKey: true } });
    await storage.delete(portraitKey);
    expect(await runToEnd(generationId)).toBe("failed");
    const { errorMessage } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(errorMessage).toBe("No thumbnail could be made: the portrait this batch was made from is missing from storage. Your credits were refunded.");
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(10);
  });

  test("a batch whose cells outlast the lease stays with its runner: another runner cannot take it over while it waits", async () => {
    await drainOtherPending();
    const { generationId } = await newGeneration(1);
    // Long enough that a loaded machine's timers keep up; the cells wait past it.
    const leaseMs = 3000;
    const real = localProvider.startBatch.bind(localProvider);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    let waiting = 0;
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      const batch = await real(input);
      return {
        render: async (cell, options) => {
          waiting += 1;
          await gate;
          return batch.render(cell, options);
        },
      };
    });
    expect((await claimNextGeneration("slow-runner", leaseMs))?.id).toBe(generationId);
    const run = processGeneration(generationId, { workerId: "slow-runner", leaseMs, concurrency: 3 });
    await vi.waitFor(() => expect(waiting).toBe(3), { timeout: 20_000 });
    // Past the end of the lease the claim gave, with no cell finished in between.
    const claimedUntil = Date.now() + leaseMs;
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(claimedUntil + 300), { timeout: leaseMs * 3, interval: 100 });
    expect(await claimNextGeneration("other-runner", leaseMs)).toBeNull();
    const held = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { leaseOwner: true, leaseExpiresAt: true } });
    expect(held.leaseOwner).toBe("slow-runner");
    expect(held.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now());
    openGate();
    expect(await run).toBe("completed");
  });

  test("two runners racing for one generation: only one claims it", async () => {
    await drainOtherPending();
    const { generationId } = await newGeneration(1);
    const claims = await Promise.all([claimNextGeneration("a", 30_000), claimNextGeneration("b", 30_000), claimNextGeneration("c", 30_000)]);
    expect(claims.filter((c) => c?.id === generationId)).toHaveLength(1);
  });

  test("the in-process runner picks up a submitted generation by itself", async () => {
    await drainOtherPending();
    const runner = startGenerationRunner({ pollMs: 50 });
    try {
      const { generationId } = await newGeneration(1);
      await vi.waitFor(
        async () => {
          const { status } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
          expect(status).toBe("completed");
        },
        { timeout: 15_000, interval: 100 },
      );
    } finally {
      await runner.stop();
    }
  });
});

describe("a batch given up after repeated crashes", () => {
  /** The state runners killed mid-batch leave behind: some cells done, one rendering, the rest pending, an expired lease. */
  async function crashedGeneration({ succeeded }: { succeeded: number }) {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(2);
    await prisma.thumbnail.createMany({
      data: Array.from({ length: 6 }, (_, i) => ({
        generationId,
        promptIndex: Math.floor(i / 2),
        backgroundIndex: i % 2,
        prompt: `cell ${i}`,
        status: i < succeeded ? "success" : i === succeeded ? "rendering" : "pending",
      })),
    });
    await prisma.generation.update({
      where: { id: generationId },
      data: { status: "processing", attempts: MAX_ATTEMPTS, leaseOwner: "dead-worker", leaseExpiresAt: new Date(Date.now() - 1000), progress: 40 },
    });
    return { user, generationId };
  }

  test("ends partial with every unfinished cell failed, saying why, in the same step", async () => {
    const { user, generationId } = await crashedGeneration({ succeeded: 2 });
    const events: GenerationEvent[] = [];
    const unsubscribe = subscribeToGeneration(generationId, (e) => events.push(e));
    expect(await runToEnd(generationId)).toBe("partial");
    unsubscribe();

    const cells = await prisma.thumbnail.findMany({ where: { generationId }, select: { status: true, errorMessage: true } });
    expect(cells.filter((c) => c.status === "pending" || c.status === "rendering")).toEqual([]);
    expect(cells.filter((c) => c.status === "success")).toHaveLength(2);
    expect(cells.filter((c) => c.status === "failed")).toEqual(
      Array.from({ length: 4 }, () => ({
        status: "failed",
        errorMessage: "Stopped: the batch was given up after the server stopped several times while making it.",
      })),
    );
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true, errorMessage: true, progress: true } });
    expect(generation).toEqual({
      status: "partial",
      progress: 100,
      errorMessage: "4 of 6 thumbnails could not be made: the batch was given up after the server stopped several times while making it.",
    });
    // Whoever sees the terminal event and reads the cells finds none still running.
    expect(events.at(-1)?.generation.status).toBe("partial");
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("with nothing rendered, ends failed and refunded, with no cell left rendering", async () => {
    const { user, generationId } = await crashedGeneration({ succeeded: 0 });
    expect(await runToEnd(generationId)).toBe("failed");
    expect(await prisma.thumbnail.count({ where: { generationId, status: { in: ["pending", "rendering"] } } })).toBe(0);
    expect(await prisma.thumbnail.count({ where: { generationId, status: "failed", errorMessage: { startsWith: "Stopped: " } } })).toBe(6);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });
});

describe("durability", () => {
  let children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    children = [];
  });

  /** A worker process that logs every cell it starts rendering to `renderLog`. */
  const startWorker = (renderLog: string) =>
    startWorkerProcess({ GENERATION_LEASE_SECONDS: "2", RENDER_CONCURRENCY: "2", TEST_RENDER_LOG: renderLog }, children);

  test("kill -9 in the middle of a generation, start again: it finishes, finished cells are not rendered again, ledger intact", async () => {
    await drainOtherPending();
    const { user, generationId } = await newGeneration(8);
    const allCells = Array.from({ length: 3 }, (_, p) => Array.from({ length: 8 }, (_, b) => `${p}-${b}`)).flat();
    const firstLog = path.join(process.env.DATA_DIR!, `renders-${generationId}-first.log`);
    const secondLog = path.join(process.env.DATA_DIR!, `renders-${generationId}-second.log`);
    fs.mkdirSync(process.env.DATA_DIR!, { recursive: true });

    const first = startWorker(firstLog);
    await vi.waitFor(
      async () => expect(await prisma.thumbnail.count({ where: { generationId, status: "success" } })).toBeGreaterThanOrEqual(3),
      { timeout: 30_000, interval: 25 },
    );
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    const midway = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
    const finishedBefore = (await prisma.thumbnail.findMany({ where: { generationId, status: "success" }, select: { promptIndex: true, backgroundIndex: true } }))
      .map((t) => `${t.promptIndex}-${t.backgroundIndex}`)
      .sort();
    expect(midway.status).toBe("processing");
    expect(finishedBefore.length).toBeLessThan(24);
    // The first worker rendered each finished cell once (the log works).
    const renderedFirst = readRenderLog(firstLog, generationId);
    for (const cell of finishedBefore) expect(renderedFirst.filter((c) => c === cell), cell).toHaveLength(1);

    const second = startWorker(secondLog);
    await vi.waitFor(
      async () => {
        const { status } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
        expect(status, second.output()).toBe("completed");
      },
      { timeout: 60_000, interval: 100 },
    );
    // After the restart, exactly the cells not finished before the kill were
    // rendered, each once: nothing finished was made twice.
    const renderedSecond = readRenderLog(secondLog, generationId);
    expect(renderedSecond.filter((cell) => finishedBefore.includes(cell))).toEqual([]);
    expect([...renderedSecond].sort()).toEqual(allCells.filter((cell) => !finishedBefore.includes(cell)).sort());

    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { attempts: true, progress: true, leaseOwner: true } });
    expect(generation).toEqual({ attempts: 2, progress: 100, leaseOwner: null });
    const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, select: { promptIndex: true, backgroundIndex: true, status: true, storagePath: true } });
    expect(thumbnails).toHaveLength(24);
    expect(thumbnails.every((t) => t.status === "success")).toBe(true);
    for (const t of thumbnails) expect(await storage.exists(t.storagePath!)).toBe(true);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  }, 120_000);
});
