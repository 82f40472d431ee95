// The render threads as a batch meets them: a thread killed mid-render costs
// a retry on a fresh thread, never the batch or the process; a task past its
// time limit is stopped and fails on its own; a task's own error comes back
// as that error, not as a dead thread.
import fs from "node:fs";
import sharp from "sharp";
import { afterAll, afterEach, describe, expect, test, vi } from "vitest";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createFinishedGeneration, createTestUser } from "#tests/utils";
import { analyzePortraitOnThread } from "./analysis-on-thread.server";
import { closeRenderPool, renderPool, runRenderTask, RenderTimeoutError } from "./render-pool.server";

const astronaut = fs.readFileSync("tests/fixtures/astronaut.png");

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await closeRenderPool();
});

describe("render threads", () => {
  test("threads killed while a batch renders: every cell is retried on a fresh thread and the batch completes", async () => {
    const pool = renderPool();
    expect(pool).not.toBeNull();
    const run = pool!.run.bind(pool);
    let tasks = 0;
    let killed = 0;
    // The third task dispatched: once it is on its way, every thread is terminated under it.
    vi.spyOn(pool!, "run").mockImplementation((task, options) => {
      const running = run(task, options);
      if (++tasks === 3) {
        setImmediate(() => {
          for (const thread of pool!.threads) void thread.terminate();
          killed = pool!.threads.length;
        });
      }
      return running;
    });
    const retried = vi.spyOn(logger, "warn");

    const user = await createTestUser();
    const { generationId, status } = await createFinishedGeneration(user.id, { backgroundCount: 4 });

    expect(killed).toBeGreaterThan(0);
    expect(status).toBe("completed");
    const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, select: { status: true, storagePath: true } });
    expect(thumbnails).toHaveLength(12);
    for (const thumbnail of thumbnails) {
      expect(thumbnail.status).toBe("success");
      const jpeg = await storage.read(thumbnail.storagePath!);
      expect(await sharp(jpeg!).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    }
    // At least the task under the kill was lost and sent again.
    expect(retried.mock.calls.filter(([, message]) => message === "a render thread died mid-task; trying once more on a fresh one").length).toBeGreaterThan(0);
    // Two thread starts (from TypeScript, under tsx) and a 12-cell batch on a loaded machine.
  }, 90_000);

  test("a task past RENDER_TASK_TIMEOUT_SECONDS is stopped and fails alone; the next task gets a fresh thread", async () => {
    const limit = env.RENDER_TASK_TIMEOUT_SECONDS;
    env.RENDER_TASK_TIMEOUT_SECONDS = 0.001;
    try {
      await expect(analyzePortraitOnThread(astronaut)).rejects.toBeInstanceOf(RenderTimeoutError);
    } finally {
      env.RENDER_TASK_TIMEOUT_SECONDS = limit;
    }
    const analysis = await analyzePortraitOnThread(astronaut);
    expect(analysis.faces.length).toBe(1);
    expect(Buffer.isBuffer(analysis.mask)).toBe(true);
  });

  test("a task's own error comes back as itself, with no retry", async () => {
    const retried = vi.spyOn(logger, "warn");
    await expect(analyzePortraitOnThread(astronaut, { faceIndex: 3 })).rejects.toMatchObject({ name: "RangeError", message: "No face 3: 1 found" });
    expect(retried).not.toHaveBeenCalled();
  });

  test("render threads run at the priority RENDER_THREAD_NICE sets, so pages come first", async () => {
    await closeRenderPool();
    // Threads read their settings from the environment they start with.
    process.env.RENDER_THREAD_NICE = "19";
    try {
      expect(await runRenderTask<"ping">({ kind: "ping" })).toEqual({ nice: 19 });
    } finally {
      process.env.RENDER_THREAD_NICE = "0";
      await closeRenderPool();
    }
    expect(await runRenderTask<"ping">({ kind: "ping" })).toEqual({ nice: 0 });
  });
});
