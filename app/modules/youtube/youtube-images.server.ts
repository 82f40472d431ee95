// Pictures from YouTube (video thumbnails, the channel picture) reach the
// browser through the server: the page never loads anything from Google
// itself (the CSP allows only this origin), and the fetch is the guarded one.
import { googleFetch } from "./google-fetch.server";
import { googleUrl, isGoogleUrl } from "./google-hosts.server";

const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
const PICTURE_TYPES = new Set(["image/jpeg", "image/png", "image/webp"]);

export const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

async function fetchPicture(url: URL) {
  try {
    const response = await googleFetch(url, { maxBytes: MAX_PICTURE_BYTES, timeoutMs: 10_000 });
    const type = response.headers.get("content-type")?.split(";")[0].trim() ?? "";
    if (!response.ok || !PICTURE_TYPES.has(type)) return null;
    return { bytes: Buffer.from(await response.arrayBuffer()), contentType: type };
  } catch {
    // A picture that does not come is drawn as a placeholder by the route.
    return null;
  }
}

/** A video's medium thumbnail (320x180) from i.ytimg.com, or null. */
export function fetchVideoThumbnail(videoId: string) {
  if (!VIDEO_ID.test(videoId)) return Promise.resolve(null);
  return fetchPicture(googleUrl("thumbnails", `/vi/${videoId}/mqdefault.jpg`));
}

/** A channel picture whose address Google gave (only on Google's picture hosts), or null. */
export function fetchChannelImage(address: string) {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return Promise.resolve(null);
  }
  return isGoogleUrl(url) ? fetchPicture(url) : Promise.resolve(null);
}
