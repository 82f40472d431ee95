// Files no database row references: a process killed between storing an
// upload's files and inserting its row, a file delete that failed after its
// row was gone (an account deletion, a portrait delete). Nothing else ever
// removes them, so a sweep does, at start and then periodically.
//
// Only files older than a grace period are candidates: an upload or a render
// in flight stores its files a moment before its row. A file that old with no
// reference cannot gain one later (new references are made from rows, never
// from bare keys), so deleting it races with nothing. Every process may run
// the sweep: deletes are idempotent and a listing skips what vanished.
import pLimit from "p-limit";
import { RUNNING_STATUSES } from "~/modules/generations/lifecycle";
import { parseTopicImageKeys, TOPIC_IMAGE_PREFIX } from "~/modules/topic-images/topic-image-keys";
import { PREVIOUS_THUMBNAIL_PREFIX } from "~/modules/youtube/thumbnail-set-keys";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { startPeriodicJob, type Job } from "~/utils/periodic-job.server";
import { storage } from "./storage.server";

// Every key the app makes starts with one of these (portraits.server.ts,
// portrait-analysis.server.ts, thumbnails/thumbnail-keys.ts,
// topic-images/topic-image-keys.ts, youtube/thumbnail-set-keys.ts); anything else in a shared bucket is
// someone else's and never listed.
const SWEPT_PREFIXES = ["portraits/", "thumbnails/", TOPIC_IMAGE_PREFIX, PREVIOUS_THUMBNAIL_PREFIX];

// A thumbnail's key names its generation: thumbnails/<generation id>/<cell>.jpg.
const THUMBNAIL_KEY = /^thumbnails\/([a-z0-9]+)\//;
// A topic image's key names its owner (ids are lower-case cuids): topic-images/<user id>/<random>.jpg.
const TOPIC_IMAGE_KEY = /^topic-images\/([a-z0-9]+)\//;

/**
 * Which of these keys a row still references: the portrait's files, a
 * generation's snapshot of them (decision 004), its topic images (decision
 * 184) and stored thumbnails. The
 * files of a generation still running count too: a cell resumed after a long
 * outage overwrites its old file before its row points at it.
 */
export async function findReferencedKeys(keys: string[]) {
  const generationIds = [...new Set(keys.flatMap((key) => THUMBNAIL_KEY.exec(key)?.[1] ?? []))];
  const topicImageOwners = [...new Set(keys.flatMap((key) => TOPIC_IMAGE_KEY.exec(key)?.[1] ?? []))];
  const [portraits, generations, thumbnails, versions, running, topicImages, previousPictures] = await Promise.all([
    prisma.portrait.findMany({
      where: {
        OR: [{ normalizedKey: { in: keys } }, { previewKey: { in: keys } }, { maskKey: { in: keys } }, { cutoutPreviewKey: { in: keys } }],
      },
      select: { normalizedKey: true, previewKey: true, maskKey: true, cutoutPreviewKey: true },
    }),
    prisma.generation.findMany({
      where: { OR: [{ portraitKey: { in: keys } }, { portraitMaskKey: { in: keys } }] },
      select: { portraitKey: true, portraitMaskKey: true },
    }),
    prisma.thumbnail.findMany({
      where: { OR: [{ storagePath: { in: keys } }, { plateKey: { in: keys } }] },
      select: { storagePath: true, plateKey: true },
    }),
    prisma.thumbnailVersion.findMany({ where: { storagePath: { in: keys } }, select: { storagePath: true } }),
    generationIds.length > 0
      ? prisma.generation.findMany({ where: { id: { in: generationIds }, status: { in: RUNNING_STATUSES } }, select: { id: true } })
      : [],
    // The keys sit in a JSON column: read the owners' lists rather than search the text for each key.
    topicImageOwners.length > 0
      ? prisma.generation.findMany({
          where: { userId: { in: topicImageOwners }, OR: [{ topicImageKeys: { not: null } }, { styleReferenceKey: { not: null } }] },
          select: { topicImageKeys: true, styleReferenceKey: true },
        })
      : [],
    // A video's picture before a thumbnail was set on it (Put the old one back).
    prisma.thumbnailSet.findMany({ where: { previousImageKey: { in: keys } }, select: { previousImageKey: true } }),
  ]);
  const runningIds = new Set(running.map((g) => g.id));
  const referenced = new Set<string>([
    ...portraits.flatMap((p) => [p.normalizedKey, p.previewKey, p.maskKey, p.cutoutPreviewKey]),
    ...generations.flatMap((g) => [g.portraitKey, g.portraitMaskKey]),
    ...thumbnails.flatMap((t) => [t.storagePath, t.plateKey]),
    ...versions.map((v) => v.storagePath),
    ...topicImages.flatMap((g) => [...parseTopicImageKeys(g.topicImageKeys), g.styleReferenceKey]),
    ...previousPictures.map((s) => s.previousImageKey),
  ].filter((key): key is string => key !== null));
  for (const key of keys) {
    const generationId = THUMBNAIL_KEY.exec(key)?.[1];
    if (generationId && runningIds.has(generationId)) referenced.add(key);
  }
  return referenced;
}

export type SweepResult = { files: number; bytes: number; temporaryFiles: number };

/** One sweep over the whole store, a page at a time. */
export async function sweepOrphanedFiles({
  graceMs = env.STORAGE_SWEEP_GRACE_MINUTES * 60_000,
  pageSize = 500,
  now = new Date(),
} = {}): Promise<SweepResult> {
  const cutoff = new Date(now.getTime() - graceMs);
  const limit = pLimit(8);
  const result: SweepResult = { files: 0, bytes: 0, temporaryFiles: 0 };
  for (const prefix of SWEPT_PREFIXES) {
    for await (const page of storage.list({ prefix, pageSize })) {
      const old = page.filter((entry) => entry.lastModified < cutoff);
      if (old.length === 0) continue;
      const referenced = await findReferencedKeys(old.map((entry) => entry.key));
      const orphans = old.filter((entry) => !referenced.has(entry.key));
      await Promise.all(orphans.map((entry) => limit(() => storage.delete(entry.key))));
      result.files += orphans.length;
      result.bytes += orphans.reduce((sum, entry) => sum + entry.size, 0);
    }
  }
  result.temporaryFiles = await storage.removeStaleTemporaryFiles(cutoff);
  return result;
}

export function describeSweep({ files, bytes, temporaryFiles }: SweepResult) {
  const megabytes = (bytes / (1024 * 1024)).toFixed(1);
  return `storage sweep: removed ${files} orphaned file${files === 1 ? "" : "s"} (${megabytes} MB) and ${temporaryFiles} stale temporary file${temporaryFiles === 1 ? "" : "s"}`;
}

/** Sweeps now, then every intervalMs until stop(). An interval of 0 turns the sweep off. */
export function startStorageSweepJob({
  intervalMs = env.STORAGE_SWEEP_INTERVAL_MINUTES * 60_000,
  onSweep = (result: SweepResult) => logger.info(result, describeSweep(result)),
  onError = (error: unknown) => logger.error({ err: error }, "storage sweep failed"),
} = {}): Job {
  if (intervalMs <= 0) return { stop: async () => undefined };
  return startPeriodicJob({ intervalMs, onError, run: async () => onSweep(await sweepOrphanedFiles()) });
}
