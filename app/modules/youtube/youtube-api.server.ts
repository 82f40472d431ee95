// The YouTube Data API v3 calls Thumbsmith makes, each answer checked with
// Zod: channels.list (mine), playlistItems.list (the uploads playlist),
// videos.list (statistics). Plain requests through googleFetch rather than
// @googleapis/youtube: see docs/decisions/190-youtube-connection.md.
import { z } from "zod";
import { googleFetch } from "./google-fetch.server";
import { googleUrl } from "./google-hosts.server";
import { asYoutubeError, YoutubeError, youtubeErrorFromAnswer } from "./youtube-errors.server";

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
  const url = googleUrl("googleapis", path);
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
