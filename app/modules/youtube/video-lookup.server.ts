// Starting a batch from a YouTube video, with no account connected: the
// video's title from YouTube's public oEmbed endpoint, and its thumbnail from
// i.ytimg.com as a style reference. Both through googleFetch (Google's hosts
// only, time limit, size cap), which needs no OAuth client.
// docs/decisions/191-start-from-a-video.md
import sharp from "sharp";
import { z } from "zod";
import { normalizeTopicImage, type NormalizedTopicImage } from "~/modules/topic-images/topic-image.server";
import { logger } from "~/utils/logger.server";
import { GoogleUnreachableError, googleFetch } from "./google-fetch.server";
import { googleUrl } from "./google-hosts.server";
import { KEYWORDS_MAX } from "~/modules/design/limits";
import { keywordsFromTitle, parseVideoUrl, watchUrl } from "./video-url";

export const OEMBED_TIMEOUT_MS = 10_000;
// An oEmbed answer is a few hundred bytes; a video's largest picture well under 1 MB.
const OEMBED_MAX_BYTES = 64 * 1024;
const PICTURE_MAX_BYTES = 2 * 1024 * 1024;

export const LOOKUP_MESSAGES = {
  private: "This video is private, or its owner does not allow it to be embedded, so Thumbsmith cannot read it. Use a public video, or type your keywords.",
  notFound: "YouTube has no video at this link: it may have been deleted, or the link is mistyped.",
  refused: "YouTube did not accept this link as a video. Check it and paste it again.",
  timedOut: `YouTube did not answer within ${OEMBED_TIMEOUT_MS / 1000} seconds. Try again, or type your keywords.`,
  unreachable: "YouTube could not be reached from this server. Try again later, or type your keywords.",
  unexpected: "YouTube gave an answer Thumbsmith could not read. Try again later, or type your keywords.",
} as const;

const OembedAnswer = z.object({
  title: z.string().trim().min(1).max(500),
  author_name: z.string().max(200).optional(),
});

export type VideoInfo = { videoId: string; title: string; authorName: string | null };
export type VideoLookup = ({ ok: true } & VideoInfo) | { ok: false; error: string };

export type VideoStart = { ok: true; video: VideoInfo | null; keywords: string } | { ok: false; error: string };

/**
 * A new batch's video and keywords, from what a person or a script sent:
 * the link is looked up here whatever the client showed (nothing posted
 * about the video is trusted), and its title fills keywords left empty.
 * Without a link, the keywords as sent.
 */
export async function startFromVideo({ videoUrl, keywords }: { videoUrl: string; keywords: string }): Promise<VideoStart> {
  if (!videoUrl.trim()) return { ok: true, video: null, keywords };
  const looked = await lookupVideo(videoUrl.trim());
  if (!looked.ok) return looked;
  const { ok: _ok, ...video } = looked;
  return { ok: true, video, keywords: keywords.trim() ? keywords : keywordsFromTitle(looked.title, KEYWORDS_MAX) };
}

/** The video's title and author through oEmbed, or a sentence for the field saying why not. */
export async function lookupVideo(pasted: string, { timeoutMs = OEMBED_TIMEOUT_MS } = {}): Promise<VideoLookup> {
  const parsed = parseVideoUrl(pasted);
  if (!parsed.ok) return parsed;
  const { videoId } = parsed;
  const url = googleUrl("youtube", "/oembed");
  url.searchParams.set("url", watchUrl(videoId));
  url.searchParams.set("format", "json");
  let response: Response;
  try {
    response = await googleFetch(url, { timeoutMs, maxBytes: OEMBED_MAX_BYTES });
  } catch (error) {
    if (!(error instanceof GoogleUnreachableError)) throw error;
    logger.warn({ videoId, err: error.message }, "video lookup: oEmbed unreachable");
    return { ok: false, error: error.timedOut ? LOOKUP_MESSAGES.timedOut : LOOKUP_MESSAGES.unreachable };
  }
  // YouTube answers 401 for private and embedding-disabled videos, 403 in some regions for the same.
  if (response.status === 401 || response.status === 403) return { ok: false, error: LOOKUP_MESSAGES.private };
  if (response.status === 404) return { ok: false, error: LOOKUP_MESSAGES.notFound };
  if (response.status === 400) return { ok: false, error: LOOKUP_MESSAGES.refused };
  if (!response.ok) {
    logger.warn({ videoId, status: response.status }, "video lookup: oEmbed answered an error");
    return { ok: false, error: LOOKUP_MESSAGES.unexpected };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return { ok: false, error: LOOKUP_MESSAGES.unexpected };
  }
  const answer = OembedAnswer.safeParse(body);
  if (!answer.success) return { ok: false, error: LOOKUP_MESSAGES.unexpected };
  return { ok: true, videoId, title: answer.data.title, authorName: answer.data.author_name ?? null };
}

async function fetchJpeg(videoId: string, name: "maxresdefault" | "hqdefault") {
  // Built from the id on i.ytimg.com, never from oEmbed's thumbnail_url: its host is YouTube's to change.
  const response = await googleFetch(googleUrl("thumbnails", `/vi/${videoId}/${name}.jpg`), { maxBytes: PICTURE_MAX_BYTES, timeoutMs: OEMBED_TIMEOUT_MS });
  return response.ok ? Buffer.from(await response.arrayBuffer()) : null;
}

/**
 * hqdefault is 480x360: a 16:9 picture with black bands above and below. The
 * bands would count as the picture's darkest colour, so only the middle is kept.
 */
async function cropLetterbox(bytes: Buffer) {
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const inner = Math.round((width * 9) / 16);
  if (!width || height <= inner) return bytes;
  return sharp(bytes).extract({ left: 0, top: Math.floor((height - inner) / 2), width, height: inner }).jpeg({ quality: 92 }).toBuffer();
}

/**
 * The video's current thumbnail as YouTube serves it: the 1280x720 one, or
 * the 480x360 one with its letterbox cut off when the video has no large one
 * (many do not). Null when neither comes; a GoogleUnreachableError when
 * YouTube cannot be asked. Also what is kept before a new thumbnail replaces it.
 */
export async function fetchVideoPicture(videoId: string): Promise<Buffer | null> {
  const large = await fetchJpeg(videoId, "maxresdefault");
  return large ?? (await fetchJpeg(videoId, "hqdefault").then((hq) => (hq ? cropLetterbox(hq) : null)));
}

/**
 * The video's own thumbnail, normalized like a topic image (JPEG, no
 * metadata), to follow as a style reference: the 1280x720 one, or the
 * 480x360 one when the video has no large one (many do not). Null when
 * neither comes; the batch is still worth making from the title.
 */
export async function fetchStyleReference(videoId: string): Promise<NormalizedTopicImage | null> {
  try {
    const bytes = await fetchVideoPicture(videoId);
    return bytes ? await normalizeTopicImage(bytes) : null;
  } catch (error) {
    logger.warn({ videoId, err: (error as Error).message }, "video lookup: the video's thumbnail could not be read; no style reference");
    return null;
  }
}
