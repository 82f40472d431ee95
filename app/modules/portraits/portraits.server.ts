import { storage } from "~/modules/storage/storage.server";
import { newStorageKey } from "~/modules/storage/keys";
import type { Prisma } from "~/generated/prisma-sqlite/client";
import { prisma } from "~/utils/db.server";
import { NEWEST_FIRST, olderThan, type Keyset } from "~/utils/keyset";
import { normalizePortrait, PortraitImageError } from "./portrait-image.server";
import type { PortraitUpload } from "./portrait-upload.server";
import { defaultPortraitName } from "./portrait-name";
import { analyzeClaimedPortrait, claimedByUpload, parseFaces, type AnalysisStatus } from "./portrait-analysis.server";
import { isPortraitImageInUse, isPortraitMaskInUse } from "./portrait-file-references.server";

const portraitSelect = {
  id: true,
  name: true,
  width: true,
  height: true,
  hasAlpha: true,
  createdAt: true,
  analysisStatus: true,
  faces: true,
  faceIndex: true,
  cutoutEnabled: true,
  cutoutPreviewKey: true,
} as const;

/** A short token that changes with the cut-out preview's key, for its URL (the file is cached as immutable). */
function versionOf(key: string) {
  return key.slice(key.lastIndexOf("/") + 1, key.lastIndexOf(".")).slice(0, 12);
}

type PortraitRow = Prisma.PortraitGetPayload<{ select: typeof portraitSelect }>;

function toPortraitView({ analysisStatus, faces, faceIndex, cutoutEnabled, cutoutPreviewKey, ...portrait }: PortraitRow) {
  return {
    ...portrait,
    analysis: {
      status: analysisStatus as AnalysisStatus,
      faces: parseFaces(faces),
      faceIndex,
      cutoutEnabled,
      // Null when no person was found (or not analysed yet).
      cutoutVersion: cutoutPreviewKey ? versionOf(cutoutPreviewKey) : null,
    },
  };
}

/** The user's portraits, newest first: all of them, or `limit` after a keyset (the API's pages). */
export async function listPortraits(userId: string, { limit, after }: { limit?: number; after?: Keyset | null } = {}) {
  const portraits = await prisma.portrait.findMany({
    where: { userId, ...olderThan(after) },
    orderBy: NEWEST_FIRST,
    take: limit,
    select: portraitSelect,
  });
  return portraits.map(toPortraitView);
}

/** One of the user's portraits with its analysis, or null (someone else's answers the same as none). */
export async function getPortrait(userId: string, portraitId: string) {
  const portrait = await prisma.portrait.findFirst({ where: { id: portraitId, userId }, select: portraitSelect });
  return portrait ? toPortraitView(portrait) : null;
}

export type PortraitUploadResult =
  | { filename: string; ok: true; portrait: { id: string; name: string } }
  | { filename: string; ok: false; message: string };

/**
 * Normalizes and stores each uploaded photo, then analyses it (person mask,
 * faces). A photo that fails leaves nothing behind: no file, no row. An
 * analysis that fails keeps the portrait, marked "failed".
 */
export async function createPortraits(userId: string, uploads: PortraitUpload[]) {
  const results: PortraitUploadResult[] = [];
  // One at a time: each decode can take a few hundred MB for a large photo.
  for (const upload of uploads) {
    if ("error" in upload) {
      results.push({ filename: upload.filename, ok: false, message: `${upload.filename} ${upload.error}` });
      continue;
    }
    try {
      const { image, ...portrait } = await storePortrait(userId, upload.filename, upload.bytes);
      // After the row exists, in the request: under a second per photo, and
      // the portrait page shows the cut-out at once.
      await analyzeClaimedPortrait({ id: portrait.id, userId, image });
      results.push({ filename: upload.filename, ok: true, portrait });
    } catch (error) {
      if (!(error instanceof PortraitImageError)) throw error;
      results.push({ filename: upload.filename, ok: false, message: `${upload.filename} ${error.message}` });
    }
  }
  return results;
}

async function storePortrait(userId: string, filename: string, bytes: Buffer) {
  const normalized = await normalizePortrait(bytes);
  const normalizedKey = newStorageKey(`portraits/${userId.toLowerCase()}`, normalized.extension);
  const previewKey = newStorageKey(`portraits/${userId.toLowerCase()}`, "webp");
  const stored: string[] = [];
  try {
    await storage.put(normalizedKey, normalized.image, { contentType: normalized.contentType });
    stored.push(normalizedKey);
    await storage.put(previewKey, normalized.preview, { contentType: "image/webp" });
    stored.push(previewKey);
    const portrait = await prisma.portrait.create({
      data: {
        userId,
        name: defaultPortraitName(filename),
        normalizedKey,
        previewKey,
        contentType: normalized.contentType,
        width: normalized.width,
        height: normalized.height,
        hasAlpha: normalized.hasAlpha,
        byteSize: normalized.image.length,
        // This request analyses it next; the background job leaves it alone meanwhile.
        ...claimedByUpload(),
      },
      select: { id: true, name: true },
    });
    return { ...portrait, image: normalized.image };
  } catch (error) {
    await Promise.allSettled(stored.map((key) => storage.delete(key)));
    throw error;
  }
}

/** Renames the user's portrait; null when it is not theirs (or gone). */
export async function renamePortrait(userId: string, portraitId: string, name: string) {
  const { count } = await prisma.portrait.updateMany({ where: { id: portraitId, userId }, data: { name } });
  return count === 1 ? { id: portraitId, name } : null;
}

/**
 * Deletes the user's portrait and its files. Generations that used it keep
 * their snapshot: the normalized image and the mask stay while a generation
 * references them (docs/decisions/004-portrait-storage.md). Null when not theirs.
 */
export async function deletePortrait(userId: string, portraitId: string) {
  const deleted = await prisma.$transaction(async (tx) => {
    const portrait = await tx.portrait.findFirst({
      where: { id: portraitId, userId },
      select: { normalizedKey: true, previewKey: true, maskKey: true, cutoutPreviewKey: true },
    });
    if (!portrait) return null;
    // Counted, not delete(): a request that removed it since the check above
    // makes this one not found (404), where delete() would throw P2025 (a 500).
    const { count } = await tx.portrait.deleteMany({ where: { id: portraitId, userId } });
    if (count === 0) return null;
    const keys = [portrait.previewKey];
    if (portrait.cutoutPreviewKey) keys.push(portrait.cutoutPreviewKey);
    if (!(await isPortraitImageInUse(tx, portrait.normalizedKey))) keys.push(portrait.normalizedKey);
    if (portrait.maskKey && !(await isPortraitMaskInUse(tx, portrait.maskKey))) keys.push(portrait.maskKey);
    return keys;
  });
  if (!deleted) return null;
  await Promise.all(deleted.map((key) => storage.delete(key)));
  return { id: portraitId };
}

export const PORTRAIT_VARIANTS = ["image", "preview", "cutout"] as const;
export type PortraitVariant = (typeof PORTRAIT_VARIANTS)[number];

/** The stored file behind one of the user's portraits, or null (also for a cut-out that does not exist). */
export async function getPortraitFile(userId: string, portraitId: string, variant: PortraitVariant) {
  const portrait = await prisma.portrait.findFirst({
    where: { id: portraitId, userId },
    select: { normalizedKey: true, previewKey: true, cutoutPreviewKey: true },
  });
  if (!portrait) return null;
  const key =
    variant === "preview" ? portrait.previewKey : variant === "cutout" ? portrait.cutoutPreviewKey : portrait.normalizedKey;
  if (!key) return null;
  const object = await storage.get(key);
  return object ? { key, ...object } : null;
}
