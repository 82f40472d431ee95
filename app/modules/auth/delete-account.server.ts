// Deleting an account: every row of the user and every file of theirs.
import pLimit from "p-limit";
import { stopUserGenerations } from "~/modules/generations/stop-generations.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { thumbnailFiles, thumbnailFilesSelect } from "~/modules/thumbnails/thumbnail-keys";
import { parseTopicImageKeys, topicImageFolderOf } from "~/modules/topic-images/topic-image-keys";
import { disconnectYoutube } from "~/modules/youtube/youtube-connection.server";
import { previousThumbnailFolderOf } from "~/modules/youtube/thumbnail-set-keys";
import { checkPasswordThrottled, WRONG_CREDENTIALS_MESSAGE } from "./login-throttle.server";

export const WRONG_PASSWORD_MESSAGE = "That is not your password. Nothing was deleted.";

/**
 * The confirmation before deleting: the user's own password, through the
 * same per-account throttle as log in, so a borrowed session cannot guess it.
 */
export async function checkAccountPassword(userId: string, password: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return { ok: false as const, message: WRONG_PASSWORD_MESSAGE };
  const check = await checkPasswordThrottled(user.email, password);
  if (check.ok) return { ok: true as const };
  return { ok: false as const, message: check.message === WRONG_CREDENTIALS_MESSAGE ? WRONG_PASSWORD_MESSAGE : check.message };
}

/** The storage folders only this user's files live in (see the keys in portraits.server.ts, thumbnails/thumbnail-keys.ts, topic-images/topic-image-keys.ts and youtube/thumbnail-set-keys.ts). */
function foldersOf(userId: string, generationIds: string[]) {
  return [
    `portraits/${userId.toLowerCase()}/`,
    `${topicImageFolderOf(userId)}/`,
    `${previousThumbnailFolderOf(userId)}/`,
    ...generationIds.map((id) => `thumbnails/${id.toLowerCase()}/`),
  ];
}

/**
 * Deletes the user. Their batches are stopped first, and the cells in
 * flight given a moment to end, so that no runner writes a file after the
 * files are deleted (stopUserGenerations; a cell that outlasts the wait
 * discards what it makes). The database then cascades to their password,
 * sessions, portraits, generations, thumbnails, credit ledger and
 * thumbnail sets in one
 * statement, so the account is either whole or gone. Files go after that
 * commits: first every key a row referenced, then whatever else sits in
 * their folders (an upload killed before its row was written).
 *
 * A file that cannot be deleted (storage down) does not undo or fail the
 * deletion: nothing references it any more, so the orphan sweep
 * (storage/orphan-sweep.server.ts) removes it later.
 */
export async function deleteAccount(userId: string, { waitMs }: { waitMs?: number } = {}) {
  await stopUserGenerations(userId, { waitMs });
  // Google is told first: once the row is gone, nothing could revoke the grant.
  // A revoke that fails is logged, and the tokens are deleted all the same.
  await disconnectYoutube(userId);
  // Read before the rows go: afterwards nothing says which files were theirs.
  const [portraits, generations, thumbnailSets] = await Promise.all([
    prisma.portrait.findMany({
      where: { userId },
      select: { normalizedKey: true, previewKey: true, maskKey: true, cutoutPreviewKey: true },
    }),
    prisma.generation.findMany({
      where: { userId },
      select: {
        id: true,
        portraitKey: true,
        portraitMaskKey: true,
        topicImageKeys: true,
        styleReferenceKey: true,
        thumbnails: { select: thumbnailFilesSelect },
      },
    }),
    // The videos' previous pictures, kept for Put the old one back.
    prisma.thumbnailSet.findMany({ where: { userId }, select: { previousImageKey: true } }),
  ]);
  const { count } = await prisma.user.deleteMany({ where: { id: userId } });
  if (count === 0) return null;

  const keys = new Set(
    [
      ...portraits.flatMap((p) => [p.normalizedKey, p.previewKey, p.maskKey, p.cutoutPreviewKey]),
      ...generations.flatMap((g) => [
        g.portraitKey,
        g.portraitMaskKey,
        ...parseTopicImageKeys(g.topicImageKeys),
        g.styleReferenceKey,
        ...g.thumbnails.flatMap(thumbnailFiles),
      ]),
      ...thumbnailSets.map((s) => s.previousImageKey),
    ].filter((key): key is string => key !== null),
  );
  try {
    for (const folder of foldersOf(userId, generations.map((g) => g.id))) {
      for await (const page of storage.list({ prefix: folder })) for (const entry of page) keys.add(entry.key);
    }
  } catch (error) {
    logger.error({ err: error }, "account deletion: could not list the files of a deleted account; the storage sweep will remove them");
  }
  const limit = pLimit(8);
  const results = await Promise.allSettled([...keys].map((key) => limit(() => storage.delete(key))));
  const failed = results.filter((r) => r.status === "rejected").length;
  if (failed > 0) logger.error(`account deletion: ${failed} of ${keys.size} files could not be deleted; the storage sweep will remove them`);
  return { files: keys.size - failed };
}
