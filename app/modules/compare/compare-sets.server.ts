// Test & Compare sets: 2 or 3 of the user's finished thumbnails, lettered
// A, B, C, each with an optional title (docs/decisions/050-test-and-compare-sets.md).
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { cellOrder } from "~/modules/generations/snapshots";
import { prisma } from "~/utils/db.server";
import { MAX_VARIANTS, MIN_VARIANTS, TITLE_MAX_LENGTH, VARIANT_LETTERS } from "./validation";

export const SETS_PAGE_SIZE = 20;
export const PICKER_PAGE_SIZE = 24;

/** A mistake in what was picked, said so the user can fix it. */
export class CompareSetInputError extends Error {}

type NewVariant = { thumbnailId: string; title: string | null };

/** Which of the user's thumbnails can go into a set: finished ones with a stored image. */
const pickable = (userId: string) => ({ status: ThumbnailStatus.success, storagePath: { not: null }, generation: { userId } });

const thumbnailSummarySelect = {
  id: true,
  version: true,
  promptIndex: true,
  backgroundIndex: true,
  generation: { select: { id: true, keywords: true } },
} as const;

type ThumbnailSummary = {
  id: string;
  version: number;
  promptIndex: number;
  backgroundIndex: number;
  generation: { id: string; keywords: string };
};

function summarize(t: ThumbnailSummary) {
  return {
    id: t.id,
    // Image URLs carry it: the image route is cached as immutable, and an edit changes the image.
    version: t.version,
    generationId: t.generation.id,
    keywords: t.generation.keywords,
    label: `Headline ${t.promptIndex + 1}, background ${t.backgroundIndex + 1}`,
  };
}

/**
 * Makes a set of the user's thumbnails, in the order given (A, B, C). The
 * same submission key answers with the set it already made, so a double
 * submit makes one set.
 */
export async function createCompareSet(input: { userId: string; name: string | null; variants: NewVariant[]; submissionKey: string | null }) {
  const { userId, variants, submissionKey } = input;
  if (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS) {
    throw new CompareSetInputError(`A Test & Compare set has ${MIN_VARIANTS} or ${MAX_VARIANTS} thumbnails; you picked ${variants.length}.`);
  }
  const ids = variants.map((v) => v.thumbnailId);
  if (new Set(ids).size !== ids.length) throw new CompareSetInputError("Pick different thumbnails: the same one twice compares nothing.");
  const tooLong = variants.findIndex((v) => (v.title?.length ?? 0) > TITLE_MAX_LENGTH);
  if (tooLong >= 0) {
    throw new CompareSetInputError(`Keep title ${VARIANT_LETTERS[tooLong]} to ${TITLE_MAX_LENGTH} characters or fewer: YouTube cuts longer titles.`);
  }

  if (submissionKey) {
    const existing = await prisma.compareSet.findFirst({ where: { userId, submissionKey }, select: { id: true } });
    if (existing) return { id: existing.id, duplicate: true };
  }
  // Another user's thumbnail, a failed or deleted one: the same answer, which names none of them.
  const owned = await prisma.thumbnail.findMany({ where: { id: { in: ids }, ...pickable(userId) }, select: { id: true, generation: { select: { keywords: true } } } });
  if (owned.length !== ids.length) {
    throw new CompareSetInputError("One of those thumbnails is gone or cannot be used. Pick finished thumbnails of yours and try again.");
  }
  const name = input.name?.trim() || owned.find((t) => t.id === ids[0])!.generation.keywords;
  try {
    const set = await prisma.compareSet.create({
      data: {
        userId,
        name,
        submissionKey,
        variants: { create: variants.map((v, i) => ({ letter: VARIANT_LETTERS[i], thumbnailId: v.thumbnailId, title: v.title })) },
      },
      select: { id: true },
    });
    return { id: set.id, duplicate: false };
  } catch (error) {
    // Two copies of the same form racing: the unique (user, key) lets one in.
    if (submissionKey && (error as { code?: string }).code === "P2002") {
      const existing = await prisma.compareSet.findFirst({ where: { userId, submissionKey }, select: { id: true } });
      if (existing) return { id: existing.id, duplicate: true };
    }
    throw error;
  }
}

/** A page of the user's sets, newest first, with their variants' thumbnail ids for a preview strip. */
export async function listCompareSets(userId: string, { page = 1 } = {}) {
  const [sets, total] = await Promise.all([
    prisma.compareSet.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * SETS_PAGE_SIZE,
      take: SETS_PAGE_SIZE,
      select: { id: true, name: true, createdAt: true, variants: { orderBy: { letter: "asc" }, select: { letter: true, thumbnailId: true, thumbnail: { select: { version: true } } } } },
    }),
    prisma.compareSet.count({ where: { userId } }),
  ]);
  return { sets, total, page, pageCount: Math.max(1, Math.ceil(total / SETS_PAGE_SIZE)) };
}

/**
 * One of the user's sets with its variants in letter order, or null. A
 * variant whose thumbnail was deleted keeps its letter and title, with
 * `thumbnail: null`.
 */
export async function getCompareSet(userId: string, setId: string) {
  const set = await prisma.compareSet.findFirst({
    where: { id: setId, userId },
    select: {
      id: true,
      name: true,
      createdAt: true,
      variants: {
        orderBy: { letter: "asc" },
        select: { letter: true, title: true, thumbnail: { select: { ...thumbnailSummarySelect, status: true } } },
      },
    },
  });
  if (!set) return null;
  return {
    ...set,
    variants: set.variants.map((v) => ({
      letter: v.letter,
      title: v.title,
      // Only a finished thumbnail has an image to show (a regenerated cell may be rendering again).
      thumbnail: v.thumbnail && v.thumbnail.status === ThumbnailStatus.success ? summarize(v.thumbnail) : null,
    })),
  };
}

/** Deletes one of the user's sets (never its thumbnails). Null when not theirs. */
export async function deleteCompareSet(userId: string, setId: string) {
  const { count } = await prisma.compareSet.deleteMany({ where: { id: setId, userId } });
  return count === 0 ? null : { id: setId };
}

/** A page of the thumbnails the user can pick from, newest batch first. */
export async function listPickableThumbnails(userId: string, { page = 1 } = {}) {
  const where = pickable(userId);
  const [thumbnails, total] = await Promise.all([
    prisma.thumbnail.findMany({
      where,
      orderBy: [{ generation: { createdAt: "desc" } }, { generationId: "desc" }, ...cellOrder],
      skip: (page - 1) * PICKER_PAGE_SIZE,
      take: PICKER_PAGE_SIZE,
      select: thumbnailSummarySelect,
    }),
    prisma.thumbnail.count({ where }),
  ]);
  return { thumbnails: thumbnails.map(summarize), total, page, pageCount: Math.max(1, Math.ceil(total / PICKER_PAGE_SIZE)) };
}

/** The picked thumbnails that are the user's and usable, in the order picked (at most 3); others are dropped. */
export async function resolvePicks(userId: string, ids: string[]) {
  const wanted = [...new Set(ids)].slice(0, MAX_VARIANTS);
  if (wanted.length === 0) return [];
  const found = await prisma.thumbnail.findMany({ where: { id: { in: wanted }, ...pickable(userId) }, select: thumbnailSummarySelect });
  const byId = new Map(found.map((t) => [t.id, summarize(t)]));
  return wanted.flatMap((id) => byId.get(id) ?? []);
}
