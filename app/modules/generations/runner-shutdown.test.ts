// Runners that share work: claims that skip each other's rows on
// PostgreSQL, and a runner that stops (SIGTERM) giving its generation back
// at once, with nothing rendered twice.
import pg from "pg";
import { afterEach, describe, expect, test, vi } from "vitest";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import type { BatchRenderer } from "~/modules/providers/provider";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { createGeneration } from "./create-generation.server";
import { claimNextGeneration, startGenerationRunner } from "./queue.server";

async function newGeneration(backgroundCount = 2) {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "shutdown test", headline: null, backgroundCount, submissionKey: null });
  return id;
}

async function drainOtherPending() {
  await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
}

/**
 * Wraps the local provider: every render is recorded, and waits for `gate`
 * (when given) before it starts, so a test decides when cells finish.
 */
function instrumentRenders(gate?: () => Promise<void>) {
  const renders: string[] = [];
  const startBatch = localProvider.startBatch.bind(localProvider);
  vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
    const batch = await startBatch(input);
    return {
      async render(cell, context) {
        renders.push(`${cell.prompt.index}-${cell.background.index}`);
        await gate?.();
        return batch.render(cell, context);
      },
    } satisfies BatchRenderer;
  });
  return renders;
}

function cellsOf(generationId: string) {
  return prisma.thumbnail.findMany({ where: { generationId }, select: { status: true } });
}

afterEach(() => vi.restoreAllMocks());

describe("a runner that stops (SIGTERM)", () => {
  test("finishes the cells in flight, starts no other, gives the generation back at once; another runner finishes it, nothing rendered twice", async () => {
    await drainOtherPending();
    let release: () => void = () => {};
    let gateOpen = false;
    const gate = () => (gateOpen ? Promise.resolve() : new Promise<void>((resolve) => (release = resolve)));
    const renders = instrumentRenders(gate);
    const generationId = await newGeneration(2);
    const first = startGenerationRunner({ pollMs: 50, concurrency: 1, leaseMs: 60_000, workerId: "first" });
    // One cell is in flight (held at the gate); the runner is told to stop.
    await vi.waitFor(() => expect(renders).toHaveLength(1), { timeout: 10_000, interval: 10 });
    const stopped = first.stop({ deadlineMs: 10_000 });
    gateOpen = true;
    release();
    await stopped;

    const given = await prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { status: true, leaseOwner: true, leaseExpiresAt: true, attempts: true },
    });
    // Released, not expiring in a minute; and the stop is not counted as a crash.
    expect(given).toMatchObject({ status: "processing", leaseOwner: null, attempts: 0 });
    expect(given.leaseExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const cells = await cellsOf(generationId);
    expect(cells.filter((c) => c.status === "success")).toHaveLength(1);
    expect(cells.filter((c) => c.status === "rendering")).toHaveLength(0);
    expect(renders).toEqual(["0-0"]);

    const second = startGenerationRunner({ pollMs: 50, concurrency: 2, leaseMs: 60_000, workerId: "second" });
    try {
      await vi.waitFor(
        async () => expect((await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } })).status).toBe("completed"),
        { timeout: 15_000, interval: 50 },
      );
    } finally {
      await second.stop();
    }
    expect([...renders].sort()).toEqual(["0-0", "0-1", "1-0", "1-1", "2-0", "2-1"]);
  });

  test("a cell still rendering at the deadline: the generation is given back anyway", async () => {
    await drainOtherPending();
    const renders = instrumentRenders(() => new Promise<void>(() => {}));
    const generationId = await newGeneration(1);
    const runner = startGenerationRunner({ pollMs: 50, concurrency: 1, leaseMs: 60_000, workerId: "stuck" });
    await vi.waitFor(() => expect(renders).toHaveLength(1), { timeout: 10_000, interval: 10 });
    const started = Date.now();
    await runner.stop({ deadlineMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    const given = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true, leaseOwner: true, leaseExpiresAt: true } });
    expect(given).toMatchObject({ status: "processing", leaseOwner: null });
    expect(given.leaseExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
    // Claimable at once by whoever comes next.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await claimNextGeneration("next", 60_000)).toEqual({ id: generationId });
  });
});

describe.skipIf(env.databaseProvider !== "postgres")("claims on PostgreSQL (FOR UPDATE SKIP LOCKED; SQLite has one writer and conditional updates)", () => {
  test("a row another runner holds locked is skipped, not waited for", async () => {
    await drainOtherPending();
    const locked = await newGeneration(1);
    const free = await newGeneration(1);
    const other = new pg.Client({ connectionString: env.DATABASE_URL });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT id FROM generations WHERE id = $1 FOR UPDATE", [locked]);
      const started = Date.now();
      const claimed = await Promise.race([
        claimNextGeneration("runner-b", 30_000),
        new Promise((resolve) => setTimeout(() => resolve("still waiting for the lock"), 3_000)),
      ]);
      expect(claimed).toEqual({ id: free });
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await other.query("ROLLBACK").catch(() => {});
      await other.end();
    }
    expect(await claimNextGeneration("runner-a", 30_000)).toEqual({ id: locked });
  });

  test("ten runners claiming at once take ten different generations, none left out", async () => {
    await drainOtherPending();
    const ids = [];
    for (let i = 0; i < 10; i++) ids.push(await newGeneration(1));
    const claims = await Promise.all(ids.map((_, i) => claimNextGeneration(`runner-${i}`, 30_000)));
    expect(claims.map((c) => c?.id).sort()).toEqual([...ids].sort());
    const owners = await prisma.generation.findMany({ where: { id: { in: ids } }, select: { leaseOwner: true, attempts: true } });
    expect(new Set(owners.map((o) => o.leaseOwner)).size).toBe(10);
    expect(owners.every((o) => o.attempts === 1)).toBe(true);
  });
});
