// Setting one of the user's thumbnails on one of their YouTube videos
// (thumbnails.set), recording it, and putting the video's previous picture
// back. docs/decisions/192-setting-thumbnails.md
//
// Order matters: the video is checked to be on the user's channel, its
// current picture is downloaded and stored, and only then is it replaced;
// a failed upload removes the stored copy again. Every query is scoped by
// the owner.
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { GoogleUnreachableError } from "./google-fetch.server";
import { previousThumbnailFolderOf } from "./thumbnail-set-keys";
import { fetchVideoPicture } from "./video-lookup.server";
import { fetchVideoOwner, setVideoThumbnail, type VideoOwner } from "./youtube-api.server";
import { getConnectionSummary, withAccessToken } from "./youtube-connection.server";
import { asYoutubeError, YoutubeError } from "./youtube-errors.server";
import { VIDEO_ID } from "./youtube-images.server";

/** YouTube's limit for a custom thumbnail. */
export const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;

export const PREVIOUS_NOT_SAVED =
  "Thumbsmith could not save the video's current thumbnail first, so nothing was changed (it would have no way to put it back). Try again in a moment.";

/**
 * The video, when it is on the user's connected channel. Another channel's
 * video is "not-your-video", which the routes answer as 404, like any
 * record that is not the user's.
 */
export async function requireOwnVideo(userId: string, videoId: string): Promise<VideoOwner> {
  if (!VIDEO_ID.test(videoId)) throw new YoutubeError("video-not-found", "not a video id");
  const connection = await getConnectionSummary(userId);
  if (!connection) throw new YoutubeError("not-connected");
  const video = await withAccessToken(userId, (accessToken) => fetchVideoOwner(accessToken, videoId));
  if (!video) throw new YoutubeError("video-not-found", `videos.list has no ${videoId}`);
  if (video.channelId !== connection.channelId) throw new YoutubeError("not-your-video", `${videoId} is on channel ${video.channelId}`);
  return video;
}

/** The user's finished thumbnail and its current version's file, or null. */
async function findOwnThumbnail(userId: string, thumbnailId: string) {
  return prisma.thumbnail.findFirst({
    where: { id: thumbnailId, status: ThumbnailStatus.success, storagePath: { not: null }, generation: { userId } },
    select: { id: true, version: true, storagePath: true },
  });
}

/** What the picker shows of the thumbnail; null when it is not the user's finished one. */
export async function getThumbnailToSet(userId: string, thumbnailId: string) {
  const thumbnail = await prisma.thumbnail.findFirst({
    where: { id: thumbnailId, status: ThumbnailStatus.success, storagePath: { not: null }, generation: { userId } },
    select: { id: true, version: true, generationId: true, generation: { select: { keywords: true } } },
  });
  return thumbnail ? { id: thumbnail.id, version: thumbnail.version, generationId: thumbnail.generationId, keywords: thumbnail.generation.keywords } : null;
}

/** Downloads the video's current picture and stores it in the user's folder; the key, or a YoutubeError. */
async function keepPreviousPicture(userId: string, videoId: string) {
  let bytes: Buffer | null;
  try {
    bytes = await fetchVideoPicture(videoId);
  } catch (error) {
    if (!(error instanceof GoogleUnreachableError)) throw error;
    throw new YoutubeError(error.timedOut ? "timeout" : "unreachable", `previous picture: ${error.message}`, PREVIOUS_NOT_SAVED);
  }
  if (!bytes) throw new YoutubeError("unavailable", `previous picture of ${videoId}: neither maxresdefault nor hqdefault`, PREVIOUS_NOT_SAVED);
  const key = newStorageKey(previousThumbnailFolderOf(userId), "jpg");
  await storage.put(key, bytes, { contentType: "image/jpeg" });
  return key;
}

/** Uploads a stored JPEG as the video's thumbnail (a 401 is retried once with a fresh token). */
async function upload(userId: string, videoId: string, jpeg: Buffer) {
  // YouTube would refuse it with 413 after the whole upload: say so before.
  if (jpeg.length > MAX_THUMBNAIL_BYTES) throw new YoutubeError("too-large", `${jpeg.length} bytes`);
  await withAccessToken(userId, (accessToken) => setVideoThumbnail(accessToken, videoId, jpeg));
}

/**
 * Sets the thumbnail's current version on the video. Null when the
 * thumbnail is not the user's; a YoutubeError for everything YouTube or the
 * video says no to (nothing is recorded or uploaded then).
 */
export async function setThumbnailOnVideo(userId: string, thumbnailId: string, videoId: string) {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail?.storagePath) return null;
  const video = await requireOwnVideo(userId, videoId);
  // The stored JPEG of the current version, exactly: the editor's last save.
  const jpeg = await storage.read(thumbnail.storagePath);
  if (!jpeg) throw new YoutubeError("bad-image", `the file of ${thumbnail.id} v${thumbnail.version} is missing`, "This thumbnail's image file is missing, so it cannot be set.");
  if (jpeg.length > MAX_THUMBNAIL_BYTES) throw new YoutubeError("too-large", `${jpeg.length} bytes`);

  const previousImageKey = await keepPreviousPicture(userId, video.id);
  try {
    await upload(userId, video.id, jpeg);
    const row = await prisma.thumbnailSet.create({
      data: { userId, videoId: video.id, videoTitle: video.title, thumbnailId: thumbnail.id, thumbnailVersion: thumbnail.version, previousImageKey },
      select: { id: true },
    });
    logger.info({ videoId: video.id, thumbnailId: thumbnail.id, version: thumbnail.version }, "youtube: thumbnail set on a video");
    return { setId: row.id, videoId: video.id, videoTitle: video.title };
  } catch (error) {
    // Nothing refers to the copy: without this it would wait for the storage sweep.
    await storage.delete(previousImageKey).catch(() => undefined);
    throw asYoutubeError(error);
  }
}

/** The sets on one of the user's videos, newest first. */
export async function listVideoSets(userId: string, videoId: string) {
  const rows = await prisma.thumbnailSet.findMany({
    where: { userId, videoId },
    orderBy: { setAt: "desc" },
    select: {
      id: true,
      videoTitle: true,
      thumbnailId: true,
      thumbnailVersion: true,
      setAt: true,
      restoredAt: true,
      thumbnail: { select: { generationId: true } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    videoTitle: row.videoTitle,
    thumbnailId: row.thumbnailId,
    thumbnailVersion: row.thumbnailVersion,
    generationId: row.thumbnail?.generationId ?? null,
    setAt: row.setAt.toISOString(),
    restoredAt: row.restoredAt?.toISOString() ?? null,
  }));
}

/** The stored previous picture of one of the user's sets, for the page; null when not theirs. */
export async function readPreviousPicture(userId: string, thumbnailSetId: string) {
  const row = await prisma.thumbnailSet.findFirst({ where: { id: thumbnailSetId, userId }, select: { previousImageKey: true } });
  return row ? storage.read(row.previousImageKey) : null;
}

/**
 * Put the old one back: uploads the picture the video had before this set,
 * exactly as it was stored, and marks the set as restored. Null when the set
 * is not the user's.
 */
export async function putBackPrevious(userId: string, thumbnailSetId: string) {
  const row = await prisma.thumbnailSet.findFirst({
    where: { id: thumbnailSetId, userId },
    select: { id: true, videoId: true, previousImageKey: true },
  });
  if (!row) return null;
  await requireOwnVideo(userId, row.videoId);
  const jpeg = await storage.read(row.previousImageKey);
  if (!jpeg) throw new YoutubeError("bad-image", `previous picture ${row.previousImageKey} is missing`, "The saved copy of the previous thumbnail is missing, so it cannot be put back.");
  await upload(userId, row.videoId, jpeg);
  await prisma.thumbnailSet.updateMany({ where: { id: row.id, userId }, data: { restoredAt: new Date() } });
  return { videoId: row.videoId };
}
