// The Videos page's list: the channel's newest uploads with their views.
import { listPlaylistVideoIds, listVideos, type Video } from "./youtube-api.server";
import { getUploadsPlaylistId, withAccessToken } from "./youtube-connection.server";
import { YoutubeError } from "./youtube-errors.server";

export const RECENT_UPLOADS = 24;

export async function listRecentUploads(userId: string): Promise<Video[]> {
  const playlistId = await getUploadsPlaylistId(userId);
  return withAccessToken(userId, async (accessToken) => {
    let ids: string[];
    try {
      ids = await listPlaylistVideoIds(accessToken, playlistId, RECENT_UPLOADS);
    } catch (error) {
      // A channel that never uploaded has no uploads playlist yet.
      if (error instanceof YoutubeError && error.answer?.reasons.includes("playlistNotFound")) return [];
      throw error;
    }
    return listVideos(accessToken, ids);
  });
}
