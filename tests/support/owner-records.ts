// A user with one of every record the app's URLs name (a portrait, a finished
// batch with a topic image and its thumbnails, started from one of their videos, a Test & Compare set of two of
// them, a connected YouTube channel with a thumbnail set on one of its
// videos and that video's previous picture), for tests that attack those URLs as
// someone else: route-security, route-fuzz.
import { createCompareSet } from "~/modules/compare/compare-sets.server";
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
import { previousThumbnailFolderOf } from "~/modules/youtube/thumbnail-set-keys";
import { createWebhookEndpoint } from "~/modules/webhooks/endpoints.server";
import { enqueueWebhookEvent } from "~/modules/webhooks/enqueue.server";
import { saveConnection } from "~/modules/youtube/youtube-connection.server";
import { prisma } from "~/utils/db.server";
import { solidJpeg } from "#tests/images";
import { createFinishedGeneration, createTestPortrait, createTestUser } from "#tests/utils";

export type OwnerRecords = {
  userId: string;
  portraitId: string;
  generationId: string;
  thumbnailId: string;
  otherThumbnailId: string;
  compareSetId: string;
  youtubeChannelId: string;
  /** A thumbnail set on OWNER_VIDEO_ID, with its previous picture stored. */
  thumbnailSetId: string;
  /** A webhook endpoint with one queued delivery in its log. */
  webhookEndpointId: string;
};

export const OWNER_VIDEO_ID = "dQw4w9WgXcQ";

export const OWNER_YOUTUBE_CHANNEL = {
  id: "UCownerchannel000000000",
  title: "The owner's channel",
  thumbnailUrl: "https://yt3.ggpht.com/owner-picture=s240",
  uploadsPlaylistId: "UUownerchannel000000000",
};

export async function createOwnerWithRecords(): Promise<OwnerRecords> {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { generationId } = await createFinishedGeneration(user.id, { portraitId: portrait.id, topicImages: [await solidJpeg(320, 180)] });
  // Started from the owner's video, so its page's loader has a source video to keep from others.
  await prisma.generation.update({ where: { id: generationId }, data: { sourceVideoId: OWNER_VIDEO_ID, sourceVideoTitle: "The owner's video" } });
  const [thumbnail, other] = await prisma.thumbnail.findMany({
    where: { generationId, status: "success" },
    orderBy: { promptIndex: "asc" },
    take: 2,
    select: { id: true },
  });
  const compareSet = await createCompareSet({
    userId: user.id,
    name: null,
    variants: [thumbnail, other].map((t) => ({ thumbnailId: t.id, title: null })),
    submissionKey: null,
  });
  // Tokens that live a day: a page that reads the channel calls Google with them, not the token endpoint.
  await saveConnection(user.id, OWNER_YOUTUBE_CHANNEL, {
    refresh_token: "1//owner-refresh-token-000000000000",
    access_token: "ya29.owner-access-token-0000000000",
    expiry_date: Date.now() + 24 * 3600 * 1000,
    scope: "https://www.googleapis.com/auth/youtube.readonly",
  });
  const previousImageKey = newStorageKey(previousThumbnailFolderOf(user.id), "jpg");
  await storage.put(previousImageKey, await solidJpeg(480, 270), { contentType: "image/jpeg" });
  const thumbnailSet = await prisma.thumbnailSet.create({
    data: { userId: user.id, videoId: OWNER_VIDEO_ID, videoTitle: "The owner's video", thumbnailId: thumbnail.id, thumbnailVersion: 1, previousImageKey },
    select: { id: true },
  });
  const { endpoint } = await createWebhookEndpoint(user.id, { url: "https://hooks.example.com/owner", events: ["generation.completed"] });
  await enqueueWebhookEvent(prisma, { userId: user.id, type: "generation.completed", data: { generationId } });
  return { webhookEndpointId: endpoint.id, thumbnailSetId: thumbnailSet.id, youtubeChannelId: OWNER_YOUTUBE_CHANNEL.id, userId: user.id, portraitId: portrait.id, generationId, thumbnailId: thumbnail.id, otherThumbnailId: other.id, compareSetId: compareSet.id };
}
