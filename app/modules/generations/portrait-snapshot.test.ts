// A generation's snapshot of its portrait's analysis: copied at submit,
// handed to the provider by the runner, and released under decision 004.
import { afterEach, describe, expect, test, vi } from "vitest";
import { setPortraitCutout } from "~/modules/portraits/portrait-analysis.server";
import { deletePortrait } from "~/modules/portraits/portraits.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import type { BatchInput } from "~/modules/providers/provider";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { createGeneration, regenerateGeneration } from "./create-generation.server";
import { deleteGeneration } from "./generations.server";
import { claimNextGeneration } from "./queue.server";
import { processGeneration } from "./process-generation.server";

afterEach(() => vi.restoreAllMocks());

async function analysedPortrait() {
  const user = await createTestUser();
  const { id } = await createTestPortrait(user.id);
  const portrait = await prisma.portrait.findUniqueOrThrow({
    where: { id },
    select: { id: true, maskKey: true, faces: true, faceIndex: true, normalizedKey: true },
  });
  expect(portrait.maskKey).not.toBeNull();
  return { user, portrait };
}

async function submit(userId: string, portraitId: string) {
  const { id } = await createGeneration({ userId, portraitId, keywords: "space walk", headline: null, backgroundCount: 1, submissionKey: null });
  return id;
}

function snapshotOf(generationId: string) {
  return prisma.generation.findUniqueOrThrow({
    where: { id: generationId },
    select: { portraitKey: true, portraitMaskKey: true, portraitFace: true },
  });
}

/** Marks the generation finished so that it can be deleted without running it. */
function finish(generationId: string) {
  return prisma.generation.update({ where: { id: generationId }, data: { status: "completed", progress: 100 }, select: { id: true } });
}

describe("the generation's snapshot of the portrait analysis", () => {
  test("copies the mask key and the chosen face at submit, and a regeneration keeps them", async () => {
    const { user, portrait } = await analysedPortrait();
    const generationId = await submit(user.id, portrait.id);
    const snapshot = await snapshotOf(generationId);
    const chosen = (JSON.parse(portrait.faces!) as unknown[])[portrait.faceIndex!];
    expect(snapshot.portraitMaskKey).toBe(portrait.maskKey);
    expect(JSON.parse(snapshot.portraitFace!)).toEqual(chosen);

    await finish(generationId);
    const again = await regenerateGeneration(user.id, generationId, null);
    expect(await snapshotOf(again.id)).toEqual(snapshot);
  });

  test("with the cut-out turned off the generation gets no mask, but keeps the face for framing", async () => {
    const { user, portrait } = await analysedPortrait();
    await setPortraitCutout(user.id, portrait.id, false);
    const snapshot = await snapshotOf(await submit(user.id, portrait.id));
    expect(snapshot.portraitMaskKey).toBeNull();
    expect(snapshot.portraitFace).not.toBeNull();
  });

  test("the mask file is freed exactly when its last reference goes: portrait first, then the generation", async () => {
    const { user, portrait } = await analysedPortrait();
    const maskKey = portrait.maskKey!;
    const generationId = await submit(user.id, portrait.id);
    await finish(generationId);

    await deletePortrait(user.id, portrait.id);
    expect(await storage.exists(maskKey)).toBe(true);
    await deleteGeneration(user.id, generationId);
    expect(await storage.exists(maskKey)).toBe(false);
    expect(await storage.exists(portrait.normalizedKey)).toBe(false);
  });

  test("the mask file is freed exactly when its last reference goes: generation first, then the portrait", async () => {
    const { user, portrait } = await analysedPortrait();
    const maskKey = portrait.maskKey!;
    const first = await submit(user.id, portrait.id);
    const second = await submit(user.id, portrait.id);
    await finish(first);
    await finish(second);

    await deleteGeneration(user.id, first);
    expect(await storage.exists(maskKey)).toBe(true);
    await deletePortrait(user.id, portrait.id);
    expect(await storage.exists(maskKey)).toBe(true);
    await deleteGeneration(user.id, second);
    expect(await storage.exists(maskKey)).toBe(false);
  });
});

describe("the runner hands the snapshot to the provider", () => {
  async function runCapturingInput(generationId: string) {
    // Other tests' generations in this file's database are not ours to run.
    await prisma.generation.updateMany({ where: { status: "pending", id: { not: generationId } }, data: { status: "failed", progress: 100 } });
    let input: BatchInput | undefined;
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (batch) => {
      input = batch;
      return { render: () => Promise.reject(new Error("not drawn in this test")) };
    });
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    const claimed = await claimNextGeneration("snapshot-test", 30_000);
    expect(claimed?.id).toBe(generationId);
    await processGeneration(generationId, { workerId: "snapshot-test", leaseMs: 30_000, concurrency: 1 });
    return input!;
  }

  test("passes the stored mask bytes and the parsed face", async () => {
    const { user, portrait } = await analysedPortrait();
    const generationId = await submit(user.id, portrait.id);
    const input = await runCapturingInput(generationId);
    expect(input.portrait.mask?.equals((await storage.read(portrait.maskKey!))!)).toBe(true);
    expect(input.portrait.face).toEqual((JSON.parse(portrait.faces!) as unknown[])[portrait.faceIndex!]);
  });

  test("a mask missing from storage falls back to no mask; the generation still runs", async () => {
    const { user, portrait } = await analysedPortrait();
    const generationId = await submit(user.id, portrait.id);
    await storage.delete(portrait.maskKey!);
    const input = await runCapturingInput(generationId);
    expect(input.portrait.mask).toBeNull();
    expect(input.portrait.face).not.toBeNull();
    expect(input.portrait.bytes.length).toBeGreaterThan(0);
  });
});
