// What every YouTube route checks first: the feature is set up (else the
// route does not exist, 404), then the signed-in user.
import { json } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { logger } from "~/utils/logger.server";
import { isYoutubeEnabled } from "./oauth-client.server";
import { YoutubeError, type YoutubeErrorKind } from "./youtube-errors.server";

export async function requireYoutubeUser(request: Request) {
  const userId = await requireUserId(request);
  if (!isYoutubeEnabled()) throw json({ message: "Not found" }, { status: 404 });
  return userId;
}

// A grey 16:9 frame for a picture YouTube did not give.
const PLACEHOLDER_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><rect width="320" height="180" fill="#27272a"/><path d="M140 70l45 20-45 20z" fill="#52525b"/></svg>`;

/** A picture fetched from YouTube for the browser, or the placeholder when there is none. */
export function pictureResponse(picture: { bytes: Buffer; contentType: string } | null) {
  if (!picture) {
    return new Response(PLACEHOLDER_SVG, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "private, max-age=60" } });
  }
  return new Response(new Uint8Array(picture.bytes), {
    headers: { "Content-Type": picture.contentType, "Content-Length": String(picture.bytes.length), "Cache-Control": "private, max-age=3600" },
  });
}

export type YoutubeProblem = { kind: YoutubeErrorKind; message: string };

/**
 * An action's answer when YouTube (or the video) said no: the page shows the
 * message. Another channel's video is 404, like any record that is not the
 * user's; the rest are the user's to fix or wait out, never a 5xx.
 */
export function youtubeProblemResponse(error: unknown, what: string) {
  if (!(error instanceof YoutubeError)) throw error;
  logger.warn(`youtube: ${what} failed: ${error.detail}`);
  const status = error.kind === "not-your-video" ? 404 : 422;
  return json({ problem: { kind: error.kind, message: error.userMessage } satisfies YoutubeProblem }, { status });
}
