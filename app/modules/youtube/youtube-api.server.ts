// The YouTube Data API v3 calls Thumbsmith makes, each answer checked with
// Zod: channels.list (mine), playlistItems.list (the uploads playlist),
// videos.list (statistics, and whose a video is), and thumbnails.set (a
// media upload). Plain requests through googleFetch rather than
// @googleapis/youtube: see docs/decisions/190-youtube-connection.md.
import { z } from "zod";
import { googleFetch } from "./google-fetch.server";
import { googleUrl } from "./google-hosts.server";
import { asYoutubeError, thumbnailSetErrorFromAnswer, YoutubeError, youtubeErrorFromAnswer } from "./youtube-errors.server";

const ThumbnailsSchema = z
  .record(z.string(), z.object({ url: z.string().url() }).passthrough())
  .optional()
  .default({});

/** The best picture of a thumbnails object at about `preferred` size. */
function pickThumbnail(thumbnails: Record<string, { url: string }>, preferred: readonly string[]) {
  for (const size of preferred) if (thumbnails[size]) return thumbnails[size].url;
  return Object.values(thumbnails)[0]?.url ?? null;
}

async function getJson<T extends z.ZodTypeAny>(path: string, params: Record<string, string>, accessToken: string, schema: T): Promise<z.infer<T>> {
  return getGoogleJson(googleUrl("googleapis", path), params, accessToken, schema);
}

/** A GET of a Google JSON API with the user's access token, its answer checked; any failure is a YoutubeError. */
export async function getGoogleJson<T extends z.ZodTypeAny>(url: URL, params: Record<string, string>, accessToken: string, schema: T): Promise<z.infer<T>> {
  const path = url.pathname;
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  let response: Response;
  let body: unknown;
  try {
    response = await googleFetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json" } });
    body = await response.json().catch(() => null);
  } catch (error) {
    throw asYoutubeError(error);
  }
  if (!response.ok) throw youtubeErrorFromAnswer(response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new YoutubeError("unavailable", `unexpected answer from ${path}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

const ChannelListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        snippet: z.object({ title: z.string(), thumbnails: ThumbnailsSchema }),
        contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string().min(1) }) }),
      }),
    )
    .optional()
    .default([]),
});

export type OwnChannel = { id: string; title: string; thumbnailUrl: string | null; uploadsPlaylistId: string };

/** The channel of the signed-in Google account, or null when the account has none. */
export async function fetchOwnChannel(accessToken: string): Promise<OwnChannel | null> {
  const { items } = await getJson("/youtube/v3/channels", { part: "snippet,contentDetails", mine: "true" }, accessToken, ChannelListSchema);
  const [channel] = items;
  if (!channel) return null;
  return {
    id: channel.id,
    title: channel.snippet.title,
    thumbnailUrl: pickThumbnail(channel.snippet.thumbnails, ["medium", "default", "high"]),
    uploadsPlaylistId: channel.contentDetails.relatedPlaylists.uploads,
  };
}

const PlaylistItemsSchema = z.object({
  items: z
    .array(z.object({ contentDetails: z.object({ videoId: z.string().min(1) }) }))
    .optional()
    .default([]),
});

/** The newest video ids of a playlist (an uploads playlist lists newest first). */
export async function listPlaylistVideoIds(accessToken: string, playlistId: string, maxResults: number) {
  const { items } = await getJson(
    "/youtube/v3/playlistItems",
    { part: "contentDetails", playlistId, maxResults: String(maxResults) },
    accessToken,
    PlaylistItemsSchema,
  );
  return items.map((item) => item.contentDetails.videoId);
}

const VideoListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string().min(1),
        snippet: z.object({ title: z.string(), publishedAt: z.string(), thumbnails: ThumbnailsSchema }),
        // viewCount is missing when the owner hides it; strings, as Google sends 64-bit numbers.
        statistics: z.object({ viewCount: z.string().regex(/^\d+$/).optional() }).optional(),
      }),
    )
    .optional()
    .default([]),
});

export type Video = { id: string; title: string; publishedAt: string; thumbnailUrl: string | null; views: number | null };

/** Title, date, picture and views of these videos, in the order asked (deleted or private ones left out). */
export async function listVideos(accessToken: string, ids: string[]): Promise<Video[]> {
  if (ids.length === 0) return [];
  const { items } = await getJson("/youtube/v3/videos", { part: "snippet,statistics", id: ids.join(","), maxResults: String(ids.length) }, accessToken, VideoListSchema);
  const byId = new Map(items.map((item) => [item.id, item]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    if (!item) return [];
    const views = item.statistics?.viewCount;
    return [
      {
        id,
        title: item.snippet.title,
        publishedAt: item.snippet.publishedAt,
        thumbnailUrl: pickThumbnail(item.snippet.thumbnails, ["medium", "high", "default"]),
        views: views === undefined ? null : Number(views),
      },
    ];
  });
}

const VideoOwnerSchema = z.object({
  items: z
    .array(z.object({ id: z.string().min(1), snippet: z.object({ title: z.string(), channelId: z.string().min(1) }) }))
    .optional()
    .default([]),
});

export type VideoOwner = { id: string; title: string; channelId: string };

/** Whose a video is (snippet.channelId) and its title; null when YouTube has no such video (deleted, or private to someone else). */
export async function fetchVideoOwner(accessToken: string, videoId: string): Promise<VideoOwner | null> {
  const { items } = await getJson("/youtube/v3/videos", { part: "snippet", id: videoId }, accessToken, VideoOwnerSchema);
  const item = items.find((i) => i.id === videoId);
  return item ? { id: item.id, title: item.snippet.title, channelId: item.snippet.channelId } : null;
}

// thumbnails.set answers the new picture's addresses; only that it answered matters here.
const ThumbnailSetSchema = z.object({ items: z.array(z.object({}).passthrough()).optional() }).passthrough();

/**
 * thumbnails.set as a simple media upload (uploadType=media): the JPEG is the
 * whole body. Its errors have their own meanings (thumbnailSetErrorFromAnswer).
 */
export async function setVideoThumbnail(accessToken: string, videoId: string, jpeg: Buffer): Promise<void> {
  const url = googleUrl("googleapis", "/upload/youtube/v3/thumbnails/set");
  url.searchParams.set("videoId", videoId);
  url.searchParams.set("uploadType", "media");
  let response: Response;
  let body: unknown;
  try {
    response = await googleFetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "image/jpeg", "Content-Length": String(jpeg.length), Accept: "application/json" },
      body: new Uint8Array(jpeg),
      // A 2 MB upload on a slow uplink takes longer than a JSON call.
      timeoutMs: 60_000,
    });
    body = await response.json().catch(() => null);
  } catch (error) {
    throw asYoutubeError(error);
  }
  if (!response.ok) throw thumbnailSetErrorFromAnswer(response.status, body, response.headers.get("retry-after"));
  const parsed = ThumbnailSetSchema.safeParse(body);
  if (!parsed.success) throw new YoutubeError("unavailable", `unexpected answer from thumbnails.set: ${parsed.error.issues[0]?.message}`);
}
