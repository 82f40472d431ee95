// A batch's topic images: checked and normalized when the Generate form
// arrives, stored under keys the server makes in the owner's folder, shared
// by a batch and its regenerations, deleted when no generation of the owner
// references them (docs/decisions/184-topic-images.md).
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
import { prisma, type Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { normalizeTopicImage, TopicImageError, type NormalizedTopicImage } from "./topic-image.server";
import { parseTopicImageKeys, topicImageFolderOf } from "./topic-image-keys";
import type { TopicImageUpload } from "./topic-image-upload.server";

/**
 * Every upload normalized, in order, or the sentences saying which ones
 * cannot be used (then none is kept: the creator fixes the set and sends it
 * again). One at a time: each decode can take a few hundred MB.
 */
export async function prepareTopicImages(uploads: TopicImageUpload[]) {
  const images: NormalizedTopicImage[] = [];
  const errors: string[] = [];
  for (const upload of uploads) {
    if ("error" in upload) {
      errors.push(`${upload.filename} ${upload.error}`);
      continue;
    }
    try {
      images.push(await normalizeTopicImage(upload.bytes));
    } catch (error) {
      if (!(error instanceof TopicImageError)) throw error;
      errors.push(`${upload.filename} ${error.message}`);
    }
  }
  return errors.length > 0 ? { ok: false as const, errors } : { ok: true as const, images };
}

/** Stores the images under new keys in the owner's folder; on a failure, none stays. */
export async function storeTopicImages(userId: string, images: NormalizedTopicImage[]) {
  const keys: string[] = [];
  try {
    for (const image of images) {
      const key = newStorageKey(topicImageFolderOf(userId), image.extension);
      await storage.put(key, image.image, { contentType: image.contentType });
      keys.push(key);
    }
    return keys;
  } catch (error) {
    await discardTopicImages(keys);
    throw error;
  }
}

/** Deletes files no row references (stored for a batch that was then not made); failures are left to the orphan sweep. */
export async function discardTopicImages(keys: string[]) {
  const results = await Promise.allSettled(keys.map((key) => storage.delete(key)));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) logger.warn(`topic images: ${failed} unused files could not be deleted; the storage sweep will remove them`);
}

/**
 * Which of these keys no generation of the owner references any more, as a
 * topic image or as the style reference (a video's thumbnail, stored in the
 * same folder). Call in the transaction that removed a reference, after the
 * change. Keys are random hex in the owner's folder, so a substring match on
 * the JSON column cannot confuse two keys.
 */
export async function releasedTopicImages(tx: Tx, userId: string, keys: string[]) {
  const released: string[] = [];
  for (const key of new Set(keys)) {
    const users = await tx.generation.count({ where: { userId, OR: [{ topicImageKeys: { contains: key } }, { styleReferenceKey: key }] } });
    if (users === 0) released.push(key);
  }
  return released;
}

export type TopicImage = { key: string; bytes: Buffer };

/**
 * A batch's topic images as its provider gets them, in order. A missing file
 * (lost from storage) is skipped with a warning: the batch is still worth
 * making from the portrait and keywords.
 */
export async function readTopicImages(generationId: string, column: string | null): Promise<TopicImage[]> {
  const images: TopicImage[] = [];
  for (const key of parseTopicImageKeys(column)) {
    const bytes = await storage.read(key);
    if (bytes) images.push({ key, bytes });
    else logger.warn({ generationId, key }, "a topic image of this batch is missing from storage; the batch is made without it");
  }
  return images;
}

/**
 * A batch's style reference as its provider gets it, or null. A lost file is
 * left out with a warning, like a topic image.
 */
export async function readStyleReference(generationId: string, key: string | null): Promise<TopicImage | null> {
  if (!key) return null;
  const bytes = await storage.read(key);
  if (!bytes) logger.warn({ generationId, key }, "the style reference of this batch is missing from storage; the batch is made without it");
  return bytes ? { key, bytes } : null;
}

/** The stored file of one of the user's generation's topic images (index from 0), or null. */
export async function getTopicImageFile(userId: string, generationId: string, index: number) {
  const generation = await prisma.generation.findFirst({ where: { id: generationId, userId }, select: { topicImageKeys: true } });
  const key = parseTopicImageKeys(generation?.topicImageKeys)[index];
  if (!key) return null;
  const file = await storage.get(key);
  return file ? { ...file, key } : null;
}
