// Waiting on a batch in one request: the bus ends the wait, and so do the
// deadline, the caller leaving, and the periodic re-read when an event is lost.
import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { createGeneration } from "./create-generation.server";
import { getGenerationSnapshot } from "./generations.server";
import { waitForGeneration } from "./wait-for-generation.server";

/** A pending batch no runner will take (none runs in this file). */
async function pendingGeneration() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "budget travel tips", headline: null, backgroundCount: 1, submissionKey: null });
  return { userId: user.id, generationId: id };
}

async function finish(generationId: string) {
  await prisma.generation.update({ where: { id: generationId }, data: { status: "completed", progress: 100 } });
}

describe("waitForGeneration", () => {
  test("ends with the event that says the batch is done, passing each change on", async () => {
    const { userId, generationId } = await pendingGeneration();
    const seen: number[] = [];
    const waiting = waitForGeneration(userId, generationId, { maxMs: 10_000, recheckMs: 60_000, onChange: (generation) => seen.push(generation.progress) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // As the runner does: the row first, then the event (on PostgreSQL listeners read the row).
    const publish = async () => publishGenerationEvent({ type: "progress", generation: (await getGenerationSnapshot(userId, generationId))! });
    await prisma.generation.update({ where: { id: generationId }, data: { status: "processing", progress: 40 } });
    await publish();
    await finish(generationId);
    await publish();
    expect(await waiting).toBe("finished");
    expect(seen).toEqual([40, 100]);
  });

  test("a lost notification costs one re-read, not the whole wait", async () => {
    const { userId, generationId } = await pendingGeneration();
    const waiting = waitForGeneration(userId, generationId, { maxMs: 10_000, recheckMs: 50 });
    await finish(generationId);
    expect(await waiting).toBe("finished");
  });

  test("gives up at the deadline, or when the caller leaves; the batch is left as it was", async () => {
    const { userId, generationId } = await pendingGeneration();
    expect(await waitForGeneration(userId, generationId, { maxMs: 100 })).toBe("timed-out");
    const leaving = new AbortController();
    const waiting = waitForGeneration(userId, generationId, { maxMs: 10_000, signal: leaving.signal });
    setTimeout(() => leaving.abort(), 50);
    expect(await waiting).toBe("aborted");
    expect((await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } })).status).toBe("pending");
  });

  test("another user's batch is null, at once", async () => {
    const { generationId } = await pendingGeneration();
    const stranger = await createTestUser();
    expect(await waitForGeneration(stranger.id, generationId, { maxMs: 10_000 })).toBeNull();
  });
});
