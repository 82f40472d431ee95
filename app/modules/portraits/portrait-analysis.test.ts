// Person analysis kept with the portrait: at upload, when it fails, and in
// the background job. analysis (on a render thread) is the real one unless a test makes it
// throw (the one module mock here: a way to force a failure).
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { readAstronaut } from "#tests/images";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { analyzePortraitOnThread } from "~/modules/rendering/analysis-on-thread.server";
import { analyzePendingPortraits, claimNextPortraitAnalysis } from "./portrait-analysis-job.server";
import { createPortraits } from "./portraits.server";

vi.mock("~/modules/rendering/analysis-on-thread.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/modules/rendering/analysis-on-thread.server")>();
  return { ...real, analyzePortraitOnThread: vi.fn(real.analyzePortraitOnThread) };
});

const analyze = vi.mocked(analyzePortraitOnThread);

afterEach(() => {
  analyze.mockClear();
});

const analysisSelect = {
  analysisStatus: true,
  maskKey: true,
  cutoutPreviewKey: true,
  faces: true,
  faceIndex: true,
  analyzedAt: true,
  analysisAttempts: true,
  analysisLeaseExpiresAt: true,
  normalizedKey: true,
  width: true,
  height: true,
} as const;

function analysisOf(portraitId: string) {
  return prisma.portrait.findUniqueOrThrow({ where: { id: portraitId }, select: analysisSelect });
}

/** Back to how an upgrade leaves an existing portrait: pending, nothing analysed. */
async function makePending(portraitId: string) {
  const before = await analysisOf(portraitId);
  await prisma.portrait.update({
    where: { id: portraitId },
    data: { analysisStatus: "pending", maskKey: null, cutoutPreviewKey: null, faces: null, faceIndex: null, analyzedAt: null, analysisAttempts: 0, analysisLeaseExpiresAt: null },
  });
  for (const key of [before.maskKey, before.cutoutPreviewKey]) if (key) await storage.delete(key);
}

/** No other portrait in this file's database is waiting for the job. */
async function settleOthers() {
  await prisma.portrait.updateMany({ where: { analysisStatus: { not: "done" } }, data: { analysisStatus: "done", analysisLeaseExpiresAt: null } });
}

describe("analysis at upload", () => {
  test("stores the mask, a cut-out preview and the faces, and marks the portrait done", async () => {
    const user = await createTestUser();
    const { id } = await createTestPortrait(user.id);
    const portrait = await analysisOf(id);
    expect(portrait).toMatchObject({ analysisStatus: "done", faceIndex: 0, analysisLeaseExpiresAt: null });
    expect(portrait.analyzedAt).not.toBeNull();
    const faces = JSON.parse(portrait.faces!) as { box: { width: number }; score: number }[];
    expect(faces).toHaveLength(1);
    expect(faces[0].score).toBeGreaterThan(0.5);

    const mask = await sharp((await storage.read(portrait.maskKey!))!).metadata();
    expect(mask).toMatchObject({ format: "png", width: portrait.width, height: portrait.height, channels: 1 });
    const preview = await sharp((await storage.read(portrait.cutoutPreviewKey!))!).metadata();
    expect(preview).toMatchObject({ format: "webp", hasAlpha: true });
    expect(Math.max(preview.width!, preview.height!)).toBe(512);
    expect(analyze).toHaveBeenCalledTimes(1);
  });

  test("a photo without a person is done with no mask and no face", async () => {
    const user = await createTestUser();
    const plain = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#7a8b9c" } }).jpeg().toBuffer();
    const [result] = await createPortraits(user.id, [{ filename: "wall.jpg", bytes: plain }]);
    expect(result.ok).toBe(true);
    const portrait = await prisma.portrait.findFirstOrThrow({ where: { userId: user.id }, select: analysisSelect });
    expect(portrait).toMatchObject({ analysisStatus: "done", maskKey: null, cutoutPreviewKey: null, faces: "[]", faceIndex: null });
  });

  test("an analysis that throws keeps the portrait, marked failed, and the upload succeeds", async () => {
    const errors = vi.spyOn(logger, "error");
    analyze.mockRejectedValueOnce(new Error("the model file is corrupt"));
    const user = await createTestUser();
    const [result] = await createPortraits(user.id, [{ filename: "astronaut.png", bytes: readAstronaut() }]);
    expect(result.ok).toBe(true);
    const portrait = await prisma.portrait.findFirstOrThrow({ where: { userId: user.id }, select: analysisSelect });
    expect(portrait).toMatchObject({ analysisStatus: "failed", maskKey: null, faces: null, analysisAttempts: 1, analysisLeaseExpiresAt: null });
    expect(await storage.exists(portrait.normalizedKey)).toBe(true);
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ err: expect.any(Error), portraitId: expect.any(String) }), "person analysis failed");
    errors.mockRestore();
  });
});

describe("the background analysis job", () => {
  test("analyses a portrait left pending by an upgrade", async () => {
    const user = await createTestUser();
    const { id } = await createTestPortrait(user.id);
    await settleOthers();
    await makePending(id);
    analyze.mockClear();

    expect(await analyzePendingPortraits()).toBe(1);
    const portrait = await analysisOf(id);
    expect(portrait).toMatchObject({ analysisStatus: "done", faceIndex: 0, analysisAttempts: 1, analysisLeaseExpiresAt: null });
    expect(await storage.exists(portrait.maskKey!)).toBe(true);
    expect(analyze).toHaveBeenCalledTimes(1);
    expect(await analyzePendingPortraits()).toBe(0);
  });

  test("a claim is exclusive: of two processes claiming at once, one gets the portrait", async () => {
    const user = await createTestUser();
    const { id } = await createTestPortrait(user.id);
    await settleOthers();
    await makePending(id);
    const claims = await Promise.all([claimNextPortraitAnalysis(), claimNextPortraitAnalysis()]);
    expect(claims.map((c) => c?.id ?? null).sort()).toEqual([id, null].sort());
    expect((await analysisOf(id)).analysisAttempts).toBe(1);
  });

  test("two jobs racing analyse each portrait once", async () => {
    const user = await createTestUser();
    const ids = [(await createTestPortrait(user.id)).id, (await createTestPortrait(user.id)).id];
    await settleOthers();
    for (const id of ids) await makePending(id);
    analyze.mockClear();

    const [a, b] = await Promise.all([analyzePendingPortraits(), analyzePendingPortraits()]);
    expect(a + b).toBe(2);
    expect(analyze).toHaveBeenCalledTimes(2);
    for (const id of ids) expect(await analysisOf(id)).toMatchObject({ analysisStatus: "done", analysisAttempts: 1 });
  });

  test("a portrait claimed by one process is not claimed by another until its lease expires", async () => {
    const user = await createTestUser();
    const { id } = await createTestPortrait(user.id);
    await settleOthers();
    await makePending(id);

    expect((await claimNextPortraitAnalysis(60_000))?.id).toBe(id);
    expect(await claimNextPortraitAnalysis(60_000)).toBeNull();
    // The first process died: its lease runs out and the portrait is taken over.
    await prisma.portrait.update({ where: { id }, data: { analysisLeaseExpiresAt: new Date(Date.now() - 1000) } });
    expect((await claimNextPortraitAnalysis(60_000))?.id).toBe(id);
    expect((await analysisOf(id)).analysisAttempts).toBe(2);
  });

  test("an upload's failed analysis is tried once more in the background, then left failed", async () => {
    const errors = vi.spyOn(logger, "error");
    const user = await createTestUser();
    await settleOthers();
    analyze.mockRejectedValueOnce(new Error("out of memory"));
    await createPortraits(user.id, [{ filename: "astronaut.png", bytes: readAstronaut() }]);
    const { id } = await prisma.portrait.findFirstOrThrow({ where: { userId: user.id }, select: { id: true } });
    expect((await analysisOf(id)).analysisStatus).toBe("failed");

    analyze.mockRejectedValueOnce(new Error("out of memory again"));
    expect(await analyzePendingPortraits()).toBe(1);
    expect(await analysisOf(id)).toMatchObject({ analysisStatus: "failed", analysisAttempts: 2 });
    expect(await analyzePendingPortraits()).toBe(0);
    errors.mockRestore();
  });

  test("a portrait whose analysis crashed its process every time is given up, not left analysing", async () => {
    const user = await createTestUser();
    const { id } = await createTestPortrait(user.id);
    await settleOthers();
    await makePending(id);
    await prisma.portrait.update({ where: { id }, data: { analysisAttempts: 3, analysisLeaseExpiresAt: new Date(Date.now() - 1000) } });
    analyze.mockClear();
    expect(await analyzePendingPortraits()).toBe(0);
    expect(analyze).not.toHaveBeenCalled();
    expect((await analysisOf(id)).analysisStatus).toBe("failed");
  });
});
