// What went wrong with Google, in the words the pages show. Every Google
// call ends in a YoutubeError of one of these kinds, so a page says one clear
// thing whatever Google answered.
import { GoogleUnreachableError } from "./google-fetch.server";

export type YoutubeErrorKind = "reconnect" | "quota" | "unavailable" | "timeout" | "unreachable" | "refused" | "not-connected";

const MESSAGES: Record<YoutubeErrorKind, string> = {
  reconnect: "YouTube no longer accepts Thumbsmith's access to your channel (it was revoked or has expired). Reconnect your channel on the Account page.",
  quota: "This Thumbsmith has used up its daily YouTube API quota. Google resets it at midnight Pacific time; try again after that.",
  unavailable: "YouTube is having trouble right now. Try again in a few minutes.",
  timeout: "YouTube did not answer in time. Try again in a moment.",
  unreachable: "YouTube could not be reached from this server. Check its internet connection and try again.",
  refused: "YouTube refused the request.",
  "not-connected": "No YouTube channel is connected. Connect one on the Account page.",
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

/** Any failure of a call to Google, as a YoutubeError. */
export function asYoutubeError(error: unknown): YoutubeError {
  if (error instanceof YoutubeError) return error;
  if (error instanceof GoogleUnreachableError) return new YoutubeError(error.timedOut ? "timeout" : "unreachable", error.message);
  // gaxios wraps googleFetch's error in its own.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (cause instanceof GoogleUnreachableError) return asYoutubeError(cause);
  return new YoutubeError("unreachable", error instanceof Error ? error.message : String(error));
}
