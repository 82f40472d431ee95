// What every YouTube route checks first: the feature is set up (else the
// route does not exist, 404), then the signed-in user.
import { json } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { isYoutubeEnabled } from "./oauth-client.server";

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
