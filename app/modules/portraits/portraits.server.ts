import { storage } from "~/modules/storage/storage.server";
import { newStorageKey } from "~/modules/storage/keys";
import { prisma } from "~/utils/db.server";
import { normalizePortrait, PortraitImageError } from "./portrait-image.server";
import type { PortraitUpload } from "./portrait-upload.server";
import { defaultPortraitName } from "./portrait-name";

const portraitSelect = {
  id: true,
  name: true,
  width: true,
  height: true,
  hasAlpha: true,
  createdAt: true,
} as const;

export async function listPortraits(userId: string) {
  return prisma.portrait.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: portraitSelect,
  });
}

export type PortraitUploadResult =
  | { filename: string; ok: true; portrait: { id: string; name: string } }
  | { filename: string; ok: false; message: string };

/**
 * Normalizes and stores each uploaded photo. A photo that fails leaves
 * nothing behind: no file, no row.
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
      const portrait = await storePortrait(userId, upload.filename, upload.bytes);
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
    return await prisma.portrait.create({
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
      },
      select: { id: true, name: true },
    });
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

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

/**
 * Whether a portrait or a generation still uses this normalized image. Call it
 * in the transaction that removes one of them, after the removal (decision 004).
 */
export async function isPortraitImageInUse(tx: Tx, key: string) {
  const [portraits, generations] = await Promise.all([
    tx.portrait.count({ where: { normalizedKey: key } }),
    tx.generation.count({ where: { portraitKey: key } }),
  ]);
  return portraits + generations > 0;
}

/**
 * Deletes the user's portrait and its files. Generations that used it keep
 * their snapshot: the normalized image stays while a generation references
 * it (docs/decisions/004-portrait-storage.md). Null when not theirs.
 */
export async function deletePortrait(userId: string, portraitId: string) {
  const deleted = await prisma.$transaction(async (tx) => {
    const portrait = await tx.portrait.findFirst({
      where: { id: portraitId, userId },
      select: { normalizedKey: true, previewKey: true },
    });
    if (!portrait) return null;
    await tx.portrait.delete({ where: { id: portraitId }, select: { id: true } });
    return { ...portrait, keepNormalized: await isPortraitImageInUse(tx, portrait.normalizedKey) };
  });
  if (!deleted) return null;
  await storage.delete(deleted.previewKey);
  if (!deleted.keepNormalized) await storage.delete(deleted.normalizedKey);
  return { id: portraitId };
}

export type PortraitVariant = "image" | "preview";

/** The stored file behind one of the user's portraits, or null. */
export async function getPortraitFile(userId: string, portraitId: string, variant: PortraitVariant) {
  const portrait = await prisma.portrait.findFirst({
    where: { id: portraitId, userId },
    select: { normalizedKey: true, previewKey: true },
  });
  if (!portrait) return null;
  const key = variant === "preview" ? portrait.previewKey : portrait.normalizedKey;
  const object = await storage.get(key);
  return object ? { key, ...object } : null;
}
