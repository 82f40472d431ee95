// Where every Google and YouTube call goes: the one place that knows Google's
// hosts. GOOGLE_API_ROOT_FOR_TESTS replaces all of them with one base URL,
// keeping each host's path, so the tests (and the e2e run) talk to a fake
// Google on loopback. Nothing else in the app spells a Google host.
import { env } from "~/utils/env.server";

/** Google's real hosts, by what they serve. */
export const GOOGLE_HOSTS = {
  // OAuth consent page (the browser goes there, not the server).
  accounts: "https://accounts.google.com",
  // OAuth token, refresh and revoke endpoints.
  oauth2: "https://oauth2.googleapis.com",
  // YouTube Data API (/youtube/v3/...) and its media uploads (/upload/youtube/v3/...).
  googleapis: "https://www.googleapis.com",
  youtubeAnalytics: "https://youtubeanalytics.googleapis.com",
  youtube: "https://www.youtube.com",
  thumbnails: "https://i.ytimg.com",
  // Channel pictures (channels.list snippet.thumbnails): read, never built.
  channelImages: "https://yt3.ggpht.com",
  channelImagesAlt: "https://yt3.googleusercontent.com",
} as const;

export type GoogleHost = keyof typeof GOOGLE_HOSTS;

/**
 * The URL of `path` on one of Google's hosts, or on the test root when it is
 * set: googleUrl("oauth2", "/token") is https://oauth2.googleapis.com/token,
 * or ROOT/token.
 */
export function googleUrl(host: GoogleHost, path: string, root: string | undefined = env.GOOGLE_API_ROOT_FOR_TESTS) {
  if (!path.startsWith("/")) throw new Error(`a Google path starts with "/": ${path}`);
  return new URL(`${root ?? GOOGLE_HOSTS[host]}${path}`);
}

/** The endpoints the OAuth client uses. */
export function oauthEndpoints(root: string | undefined = env.GOOGLE_API_ROOT_FOR_TESTS) {
  return {
    authorization: googleUrl("accounts", "/o/oauth2/v2/auth", root),
    token: googleUrl("oauth2", "/token", root),
    revoke: googleUrl("oauth2", "/revoke", root),
  };
}

/** True for a URL the Google client may fetch: one of Google's hosts over https, or the test root. */
export function isGoogleUrl(url: URL, root: string | undefined = env.GOOGLE_API_ROOT_FOR_TESTS) {
  if (root) return url.origin === new URL(root).origin;
  return Object.values(GOOGLE_HOSTS).some((host) => url.origin === host);
}

/** True when the URL is on the test root, whose server may sit on loopback. */
export function isTestRootUrl(url: URL, root: string | undefined = env.GOOGLE_API_ROOT_FOR_TESTS) {
  return root !== undefined && url.origin === new URL(root).origin;
}

/** The warning written at start while the test root is set, or null. */
export function googleTestRootWarning(root: string | undefined = env.GOOGLE_API_ROOT_FOR_TESTS) {
  if (!root) return null;
  return `GOOGLE_API_ROOT_FOR_TESTS is set: every Google and YouTube call goes to ${root}, which may be on loopback. Tests only; never set it on a real install.`;
}
