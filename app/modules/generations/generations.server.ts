import { Prisma } from "~/generated/prisma-sqlite/client";
import { isPortraitImageInUse, isPortraitMaskInUse } from "~/modules/portraits/portrait-file-references.server";
import { modelDrawsOf } from "~/modules/providers/provider";
import { providerLabel, providerNotice } from "~/modules/providers/registry.server";
import { storage } from "~/modules/storage/storage.server";
import { thumbnailFiles, thumbnailFilesSelect } from "~/modules/thumbnails/thumbnail-keys";
import { parseTopicImageKeys } from "~/modules/topic-images/topic-image-keys";
import { releasedTopicImages } from "~/modules/topic-images/topic-images.server";
import { prisma } from "~/utils/db.server";
import { NEWEST_FIRST, olderThan, type Keyset } from "~/utils/keyset";
import { thumbnailFileName } from "./file-names";
import {
  isRunning,
  RUNNING_STATUSES,
  ThumbnailStatus,
  type ThumbnailStage,
  type GenerationStatus,
  type GenerationStreamSnapshot,
} from "./lifecycle";
import { cellOrder, cellOrderColumns, generationSnapshotSelect, thumbnailSnapshotSelect } from "./snapshots";

export const HISTORY_PAGE_SIZE = 20;

/** A page of the user's generations, newest first, each with a strip of up to four previews. */
export async function listGenerations(userId: string, { page = 1 } = {}) {
  const [generations, total] = await Promise.all([
    prisma.generation.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * HISTORY_PAGE_SIZE,
      take: HISTORY_PAGE_SIZE,
      select: { id: true, keywords: true, status: true, progress: true, thumbnailCount: true, createdAt: true },
    }),
    prisma.generation.count({ where: { userId } }),
  ]);
  const previews = await listPreviewStrips(generations.map((g) => g.id));
  return {
    // Statuses are strings to Prisma; CHECK constraints hold them to the lifecycle's values.
    generations: generations.map((g) => ({ ...g, status: g.status as GenerationStatus, thumbnails: previews.get(g.id) ?? [] })),
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
  };
}

/**
 * `limit` of the user's generations after a keyset, newest first, each with
 * how many of its thumbnails are finished (the API's pages: a cursor, not a
 * page number, so a batch started meanwhile does not push one onto two pages).
 */
export async function listGenerationsAfter(userId: string, { limit, after }: { limit: number; after?: Keyset | null }) {
  const generations = await prisma.generation.findMany({
    where: { userId, ...olderThan(after) },
    orderBy: NEWEST_FIRST,
    take: limit,
    select: {
      id: true,
      keywords: true,
      headline: true,
      status: true,
      progress: true,
      thumbnailCount: true,
      backgroundCount: true,
      provider: true,
      modelDraws: true,
      creditsUsed: true,
      createdAt: true,
      completedAt: true,
    },
  });
  const finished = generations.length
    ? await prisma.thumbnail.groupBy({
        by: ["generationId"],
        where: { generationId: { in: generations.map((g) => g.id) }, status: { in: [ThumbnailStatus.success, ThumbnailStatus.failed] } },
        _count: { _all: true },
      })
    : [];
  const finishedOf = new Map(finished.map((row) => [row.generationId, row._count._all]));
  return generations.map((g) => ({
    ...g,
    // Statuses are strings to Prisma; CHECK constraints hold them to the lifecycle's values.
    status: g.status as GenerationStatus,
    modelDraws: modelDrawsOf(g.modelDraws),
    finishedCount: finishedOf.get(g.id) ?? 0,
  }));
}

/**
 * The first four finished thumbnails of each generation, in one query. A
 * window function keeps it to 4 rows per generation however large the
 * batches; Prisma's nested `take` costs several times more on this page,
 * which is the app's busiest (bench/gallery-load.ts).
 */
async function listPreviewStrips(generationIds: string[]) {
  const strips = new Map<string, { id: string; version: number }[]>();
  if (generationIds.length === 0) return strips;
  const rows = await prisma.$queryRaw<{ id: string; generation_id: string; version: number | bigint }[]>`
    SELECT id, generation_id, version FROM (
      SELECT id, generation_id, prompt_index, background_index, version,
             ROW_NUMBER() OVER (PARTITION BY generation_id ORDER BY ${Prisma.raw(cellOrderColumns)}) AS position
      FROM thumbnails
      WHERE status = ${ThumbnailStatus.success} AND generation_id IN (${Prisma.join(generationIds)})
    ) ranked
    WHERE position <= 4
    ORDER BY generation_id, ${Prisma.raw(cellOrderColumns)}`;
  for (const row of rows) {
    const strip = strips.get(row.generation_id) ?? [];
    // Number(): the drivers may give a raw query's integers as bigint.
    strip.push({ id: row.id, version: Number(row.version) });
    strips.set(row.generation_id, strip);
  }
  return strips;
}

/** The id of the generation the Current tab shows: a running one first, else the newest. */
export async function findCurrentGenerationId(userId: string) {
  const running = await prisma.generation.findFirst({
    where: { userId, status: { in: RUNNING_STATUSES } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (running) return running.id;
  const newest = await prisma.generation.findFirst({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return newest?.id ?? null;
}

/** One of the user's generations with its thumbnails, or null (someone else's answers the same as none). */
export async function getGeneration(userId: string, generationId: string) {
  const generation = await prisma.generation.findFirst({
    where: { id: generationId, userId },
    select: {
      id: true,
      keywords: true,
      headline: true,
      status: true,
      progress: true,
      currentStep: true,
      thumbnailCount: true,
      backgroundCount: true,
      promptCount: true,
      errorMessage: true,
      estimatedSeconds: true,
      provider: true,
      modelDraws: true,
      creditsUsed: true,
      createdAt: true,
      completedAt: true,
      topicImageKeys: true,
      sourceVideoId: true,
      sourceVideoTitle: true,
      thumbnails: { orderBy: cellOrder, select: { ...thumbnailSnapshotSelect, errorMessage: true } },
    },
  });
  if (!generation) return null;
  const { provider, modelDraws, topicImageKeys, sourceVideoId, sourceVideoTitle, ...rest } = generation;
  return {
    ...rest,
    provider,
    modelDraws: modelDrawsOf(modelDraws),
    // The video the batch started from: the feed preview shows its current thumbnail beside the candidates.
    sourceVideo: sourceVideoId ? { id: sourceVideoId, title: sourceVideoTitle ?? "" } : null,
    // The page links each by its place (resources.generations.$generationId.topic-images.$index); keys stay on the server.
    topicImageCount: parseTopicImageKeys(topicImageKeys).length,
    // Statuses are strings to Prisma; CHECK constraints hold them to the lifecycle's values.
    status: rest.status as GenerationStatus,
    thumbnails: rest.thumbnails.map((t) => ({ ...t, status: t.status as ThumbnailStatus, stage: t.stage as ThumbnailStage | null })),
    // The page shows the provider's label; the API names it as a batch is asked for (`provider`).
    providerLabel: providerLabel(provider),
    providerNotice: isRunning(rest.status as GenerationStatus) ? providerNotice(provider) : null,
  };
}

/** What a generation's event stream sends first: the live state of one of the user's generations, or null. */
export async function getGenerationSnapshot(userId: string, generationId: string) {
  const generation = await prisma.generation.findFirst({
    where: { id: generationId, userId },
    select: { ...generationSnapshotSelect, thumbnails: { orderBy: cellOrder, select: thumbnailSnapshotSelect } },
  });
  // Statuses are strings to Prisma; CHECK constraints hold them to the lifecycle's values.
  return generation as GenerationStreamSnapshot | null;
}

/** The stored JPEG of one of the user's thumbnails and the name to download it as, or null. */
export async function getThumbnailFile(userId: string, thumbnailId: string) {
  const thumbnail = await prisma.thumbnail.findFirst({
    where: { id: thumbnailId, status: ThumbnailStatus.success, generation: { userId } },
    select: { storagePath: true, promptIndex: true, backgroundIndex: true, generation: { select: { keywords: true } } },
  });
  if (!thumbnail?.storagePath) return null;
  return {
    key: thumbnail.storagePath,
    fileName: thumbnailFileName(thumbnail.generation.keywords, thumbnail.promptIndex, thumbnail.backgroundIndex),
  };
}

export class GenerationBusyError extends Error {
  constructor() {
    super("This batch is still being made. Wait until it finishes, then try again.");
  }
}

/**
 * Deletes one of the user's finished generations with its files, and the
 * portrait snapshot (image and mask) and topic images when nothing else
 * uses them (decisions 004 and 184). Null when not theirs.
 */
export async function deleteGeneration(userId: string, generationId: string) {
  const generation = await prisma.generation.findFirst({
    where: { id: generationId, userId },
    select: {
      status: true,
      portraitKey: true,
      portraitMaskKey: true,
      topicImageKeys: true,
      styleReferenceKey: true,
      thumbnails: { select: thumbnailFilesSelect },
    },
  });
  if (!generation) return null;
  if (isRunning(generation.status)) throw new GenerationBusyError();
  const released = await prisma.$transaction(async (tx) => {
    // Counted, not delete(): another request that removed it first makes this one not found (404), not P2025 (500).
    const { count } = await tx.generation.deleteMany({ where: { id: generationId, userId } });
    if (count === 0) return null;
    const { portraitKey, portraitMaskKey } = generation;
    return [
      ...((await isPortraitImageInUse(tx, portraitKey)) ? [] : [portraitKey]),
      ...(portraitMaskKey && !(await isPortraitMaskInUse(tx, portraitMaskKey)) ? [portraitMaskKey] : []),
      // A regenerated batch shares its source's topic images.
      ...(await releasedTopicImages(tx, userId, [
        ...parseTopicImageKeys(generation.topicImageKeys),
        ...(generation.styleReferenceKey ? [generation.styleReferenceKey] : []),
      ])),
    ];
  });
  if (!released) return null;
  const keys = generation.thumbnails.flatMap(thumbnailFiles);
  keys.push(...released);
  await Promise.all(keys.map((key) => storage.delete(key)));
  return { id: generationId };
}

/** Deletes one thumbnail of one of the user's finished generations. Null when not theirs. */
export async function deleteThumbnail(userId: string, generationId: string, thumbnailId: string) {
  const thumbnail = await prisma.thumbnail.findFirst({
    where: { id: thumbnailId, generationId, generation: { userId } },
    select: { ...thumbnailFilesSelect, generation: { select: { status: true } } },
  });
  if (!thumbnail) return null;
  if (isRunning(thumbnail.generation.status)) throw new GenerationBusyError();
  // Counted: a request that removed it first makes this one not found (404), not P2025 (500).
  const { count } = await prisma.thumbnail.deleteMany({ where: { id: thumbnailId, generationId, generation: { userId } } });
  if (count === 0) return null;
  await Promise.all(thumbnailFiles(thumbnail).map((key) => storage.delete(key)));
  return { id: thumbnailId };
}
