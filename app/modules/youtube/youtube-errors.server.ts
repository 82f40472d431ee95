// What went wrong with Google, in the words the pages show. Every Google
// call ends in a YoutubeError of one of these kinds, so a page says one clear
// thing whatever Google answered.
import { GoogleUnreachableError } from "./google-fetch.server";
import { YOUTUBE_VERIFY_URL } from "./youtube-links";

export type YoutubeErrorKind =
  | "reconnect"
  | "quota"
  | "unavailable"
  | "timeout"
  | "unreachable"
  | "refused"
  | "not-connected"
  // Setting a thumbnail (thumbnails.set), and the video it is for.
  | "not-verified"
  | "upload-rate-limit"
  | "video-not-found"
  | "not-your-video"
  | "bad-image"
  | "too-large";


const MESSAGES: Record<YoutubeErrorKind, string> = {
  reconnect: "YouTube no longer accepts Thumbsmith's access to your channel (it was revoked or has expired). Reconnect your channel on the Account page.",
  quota: "This Thumbsmith has used up its daily YouTube API quota. Google resets it at midnight Pacific time; try again after that.",
  unavailable: "YouTube is having trouble right now. Try again in a few minutes.",
  timeout: "YouTube did not answer in time. Try again in a moment.",
  unreachable: "YouTube could not be reached from this server. Check its internet connection and try again.",
  refused: "YouTube refused the request.",
  "not-connected": "No YouTube channel is connected. Connect one on the Account page.",
  "not-verified": `YouTube does not let this channel set custom thumbnails yet: the channel must be verified first (a phone number, at ${YOUTUBE_VERIFY_URL}). Verify it, then try again.`,
  "upload-rate-limit": "YouTube's limit on thumbnail uploads for this channel has been reached. Try again later (usually within a few hours).",
  "video-not-found": "YouTube has no such video any more: it was deleted, or it is no longer on your channel.",
  "not-your-video": "That video is not one of your channel's videos.",
  "bad-image": "YouTube did not accept the image (it must be a JPEG or PNG of at most 2 MB, 1280x720 recommended).",
  "too-large": "The image is larger than YouTube's 2 MB limit for thumbnails.",
};

export class YoutubeError extends Error {
  constructor(
    readonly kind: YoutubeErrorKind,
    /** For the log: what Google said, never a token. */
    readonly detail: string = kind,
    readonly userMessage: string = MESSAGES[kind],
    /** Google's answer, when there was one: its HTTP status and error reasons ("quotaExceeded", ...). */
    readonly answer: { status: number; reasons: string[] } | null = null,
  ) {
    super(`YouTube ${kind}: ${detail}`);
    this.name = "YoutubeError";
  }
}

/** Google's error body: {"error":{"code":403,"message":"...","errors":[{"domain":"youtube.quota","reason":"quotaExceeded"}]}}. */
type GoogleErrorBody = { error?: { code?: number; message?: string; errors?: { reason?: string; domain?: string }[]; status?: string } };

const QUOTA_REASONS = new Set(["quotaExceeded", "dailyLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded"]);

/** The YoutubeError for a Data API answer that is not 2xx. */
export function youtubeErrorFromAnswer(status: number, body: unknown): YoutubeError {
  const error = (body as GoogleErrorBody | null)?.error;
  const reasons = (Array.isArray(error?.errors) ? error.errors : []).map((e) => e?.reason).filter((r): r is string => typeof r === "string");
  const detail = `HTTP ${status}${reasons.length ? ` ${reasons.join(",")}` : ""}${typeof error?.message === "string" ? `: ${error.message}` : ""}`;
  const answer = { status, reasons };
  if (status === 401) return new YoutubeError("reconnect", detail, undefined, answer);
  if (reasons.some((r) => QUOTA_REASONS.has(r))) return new YoutubeError("quota", detail, undefined, answer);
  if (status >= 500) return new YoutubeError("unavailable", detail, undefined, answer);
  const said = typeof error?.message === "string" ? ` YouTube said: ${error.message.slice(0, 300)}` : "";
  return new YoutubeError("refused", detail, `YouTube refused the request (HTTP ${status}).${said}`, answer);
}

/** When a Retry-After header asks to come back: seconds, or an HTTP date. Null when absent or unreadable. */
export function retryAfterDate(header: string | null, now = new Date()): Date | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return new Date(now.getTime() + Number(value) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const retryFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * The YoutubeError for an answer of thumbnails.set (a media upload), whose
 * errors mean more than the Data API's usual ones: 403 `forbidden` is a
 * channel not verified for custom thumbnails, 429 the channel's upload limit,
 * 404 `videoNotFound` a deleted video. The rest as youtubeErrorFromAnswer.
 */
export function thumbnailSetErrorFromAnswer(status: number, body: unknown, retryAfter: string | null = null, now = new Date()): YoutubeError {
  const base = youtubeErrorFromAnswer(status, body);
  const reasons = base.answer?.reasons ?? [];
  const make = (kind: YoutubeErrorKind, message?: string) => new YoutubeError(kind, base.detail, message, base.answer);
  if (base.kind === "reconnect" || base.kind === "quota") return base;
  if (status === 429 || reasons.includes("uploadRateLimitExceeded")) {
    const when = retryAfterDate(retryAfter, now);
    return make(
      "upload-rate-limit",
      when
        ? `YouTube's limit on thumbnail uploads for this channel has been reached. Try again after ${retryFormat.format(when)} UTC.`
        : undefined,
    );
  }
  if (status === 404 || reasons.includes("videoNotFound")) return make("video-not-found");
  if (status === 403 && reasons.includes("forbidden")) return make("not-verified");
  if (status === 413 || reasons.includes("mediaBodyTooLarge")) return make("too-large");
  if (status === 400 && (reasons.includes("mediaBodyRequired") || reasons.includes("invalidImage"))) return make("bad-image");
  return base;
}

/** Any failure of a call to Google, as a YoutubeError. */
export function asYoutubeError(error: unknown): YoutubeError {
  if (error instanceof YoutubeError) return error;
  if (error instanceof GoogleUnreachableError) return new YoutubeError(error.timedOut ? "timeout" : "unreachable", error.message);
  // gaxios wraps googleFetch's error in its own.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof GoogleUnreachableError) return asYoutubeError(cause);
  return new YoutubeError("unreachable", error instanceof Error ? error.message : String(error));
}
