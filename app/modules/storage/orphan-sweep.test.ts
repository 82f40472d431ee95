import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { deletePortrait } from "~/modules/portraits/portraits.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { newStorageKey } from "./keys";
import { describeSweep, startStorageSweepJob, sweepOrphanedFiles, type SweepResult } from "./orphan-sweep.server";
import { storage } from "./storage.server";

const filesRoot = path.join(env.DATA_DIR, "files");
const HOUR = 60 * 60 * 1000;

function fileOf(key: string) {
  return path.join(filesRoot, ...key.split("/"));
}

/** Every file and folder under the store, as if it was all written `ms` ago. */
function age(ms: number) {
  const when = new Date(Date.now() - ms);
  for (const entry of fs.readdirSync(filesRoot, { recursive: true, encoding: "utf8" })) fs.utimesSync(path.join(filesRoot, entry), when, when);
}

async function allKeys() {
  const keys: string[] = [];
  for await (const page of storage.list()) keys.push(...page.map((e) => e.key));
  return keys.sort();
}

async function referencedWorld() {
  const user = await createTestUser();
  // A portrait with its image, preview, mask and cut-out preview.
  const portrait = await createTestPortrait(user.id);
  const files = await prisma.portrait.findUniqueOrThrow({
    where: { id: portrait.id },
    select: { normalizedKey: true, previewKey: true, maskKey: true, cutoutPreviewKey: true },
  });
  expect(files.maskKey).not.toBeNull();
  // A finished generation: its thumbnails are referenced by their rows.
  const { id: finishedId } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "budget gaming PC", headline: null, backgroundCount: 1, submissionKey: null });
  await prisma.generation.updateMany({ where: { status: "pending", id: { not: finishedId } }, data: { status: "failed" } });
  expect((await claimNextGeneration("sweep-test", 30_000))?.id).toBe(finishedId);
  await processGeneration(finishedId, { workerId: "sweep-test", concurrency: 2 });
  // A second portrait deleted after a generation used it: only the generation's snapshot references its image and mask.
  const second = await createTestPortrait(user.id);
  const { id: snapshotId } = await createGeneration({ userId: user.id, portraitId: second.id, keywords: "snapshot", headline: null, backgroundCount: 1, submissionKey: null });
  const snapshot = await prisma.generation.findUniqueOrThrow({ where: { id: snapshotId }, select: { portraitKey: true, portraitMaskKey: true } });
  await deletePortrait(user.id, second.id);
  // A running generation whose cell file was stored before a crash, its row not yet updated.
  const resumedCell = `thumbnails/${snapshotId}/0-0.jpg`;
  await storage.put(resumedCell, Buffer.from("rendered before the crash"), { contentType: "image/jpeg" });
  const thumbnails = await prisma.thumbnail.findMany({ where: { generationId: finishedId }, select: { storagePath: true } });
  return [
    ...Object.values(files),
    ...thumbnails.map((t) => t.storagePath),
    snapshot.portraitKey,
    snapshot.portraitMaskKey,
    resumedCell,
  ].filter((key): key is string => key !== null);
}

test("a killed multi-file upload's files are swept once past the grace period; referenced and fresh files stay", async () => {
  const referenced = await referencedWorld();
  // 4 portrait files, 3 thumbnails, a 2-file snapshot, 1 resumed cell.
  expect(new Set(referenced).size).toBe(10);
  for (const key of referenced) expect(await storage.exists(key), key).toBe(true);

  // What a server killed in the middle of a 3-photo upload leaves: each
  // photo's image and preview stored, no row inserted.
  const user = await createTestUser();
  const killedUpload = Array.from({ length: 3 }, () => [
    newStorageKey(`portraits/${user.id}`, "jpg"),
    newStorageKey(`portraits/${user.id}`, "webp"),
  ]).flat();
  for (const key of killedUpload) await storage.put(key, Buffer.alloc(1000, 1), { contentType: "image/jpeg" });
  // A temp file of a write the kill interrupted.
  const tempFile = `${fileOf(killedUpload[0])}.0123456789ab.tmp`;
  fs.writeFileSync(tempFile, "half");
  age(2 * HOUR);
  // Not a key the app makes (someone else's object in a shared bucket): never touched.
  const stranger = newStorageKey("backups", "jpg");
  await storage.put(stranger, Buffer.from("not ours"), { contentType: "image/jpeg" });
  age(2 * HOUR);
  // An upload in flight right now: stored, its row not written yet.
  const inFlight = newStorageKey(`portraits/${user.id}`, "jpg");
  await storage.put(inFlight, Buffer.alloc(500, 2), { contentType: "image/jpeg" });

  // One key a page: each must be found referenced through its own column.
  const result = await sweepOrphanedFiles({ graceMs: HOUR, pageSize: 1 });

  expect(result).toEqual({ files: 6, bytes: 6000, temporaryFiles: 1 });
  for (const key of killedUpload) expect(await storage.exists(key), key).toBe(false);
  expect(fs.existsSync(tempFile)).toBe(false);
  expect(await storage.exists(inFlight)).toBe(true);
  expect(await allKeys()).toEqual([...referenced, stranger, inFlight].sort());
  // A second sweep (another process, the next hour) finds nothing more.
  expect(await sweepOrphanedFiles({ graceMs: HOUR })).toEqual({ files: 0, bytes: 0, temporaryFiles: 0 });
  // Two at once are harmless too: the upload whose row never came is now old enough to go.
  age(2 * HOUR);
  const both = await Promise.all([sweepOrphanedFiles({ graceMs: HOUR, pageSize: 3 }), sweepOrphanedFiles({ graceMs: HOUR, pageSize: 2 })]);
  expect(both.map((r) => r.files)).toContain(1);
  expect(await allKeys()).toEqual([...referenced, stranger].sort());
});

test("the job sweeps at start and logs how much it removed", async () => {
  const orphan = newStorageKey("portraits/nobody", "jpg");
  await storage.put(orphan, Buffer.alloc(3 * 1024 * 1024), { contentType: "image/jpeg" });
  age(env.STORAGE_SWEEP_GRACE_MINUTES * 60_000 + HOUR);
  let swept: (result: SweepResult) => void = () => undefined;
  const first = new Promise<SweepResult>((resolve) => (swept = resolve));
  const job = startStorageSweepJob({ intervalMs: HOUR, onSweep: (result) => swept(result) });
  const result = await first;
  await job.stop();
  expect(result.files).toBeGreaterThanOrEqual(1);
  expect(await storage.exists(orphan)).toBe(false);
  expect(describeSweep({ files: 1, bytes: 3 * 1024 * 1024, temporaryFiles: 0 })).toBe(
    "storage sweep: removed 1 orphaned file (3.0 MB) and 0 stale temporary files",
  );
});
