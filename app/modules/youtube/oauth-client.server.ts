// The Google OAuth 2.0 client of the self-hoster's own OAuth app
// (YOUTUBE_CLIENT_ID / YOUTUBE_CLIENT_SECRET), from google-auth-library: the
// consent URL with state and PKCE, the code exchange, refresh and revoke.
// Its endpoints come from google-hosts.server.ts and every request it makes
// goes through googleFetch (address check, time limit, size cap).
import { OAuth2Client } from "google-auth-library";
import { env } from "~/utils/env.server";
import { googleFetch } from "./google-fetch.server";
import { oauthEndpoints } from "./google-hosts.server";

/** Exactly these, no broader: set thumbnails, list videos, read views. */
export const YOUTUBE_SCOPES = [
  "https://www.googleapis.com/auth/youtube.upload",
  "https://www.googleapis.com/auth/youtube.readonly",
  "https://www.googleapis.com/auth/yt-analytics.readonly",
] as const;

export const CALLBACK_PATH = "/youtube/callback";

/** True when the self-hoster has set up an OAuth client: otherwise the feature is hidden. */
export function isYoutubeEnabled() {
  return Boolean(env.YOUTUBE_CLIENT_ID && env.YOUTUBE_CLIENT_SECRET && env.PUBLIC_URL);
}

/**
 * Origins a form of the app may lead to besides its own (the CSP's
 * form-action): Connect posts a form whose answer redirects to Google's
 * consent page, and Chromium holds form-action to every redirect of a post.
 */
export function formActionOrigins() {
  return isYoutubeEnabled() ? [oauthEndpoints().authorization.origin] : [];
}

/** Where Google sends the user back; it must match the OAuth client's redirect URI exactly. */
export function redirectUri() {
  return new URL(CALLBACK_PATH, env.PUBLIC_URL).toString();
}

export function createOAuthClient() {
  if (!isYoutubeEnabled()) throw new Error("YouTube is not set up (YOUTUBE_CLIENT_ID, YOUTUBE_CLIENT_SECRET, PUBLIC_URL)");
  const endpoints = oauthEndpoints();
  return new OAuth2Client({
    clientId: env.YOUTUBE_CLIENT_ID,
    clientSecret: env.YOUTUBE_CLIENT_SECRET,
    redirectUri: redirectUri(),
    endpoints: { oauth2AuthBaseUrl: endpoints.authorization, oauth2TokenUrl: endpoints.token, oauth2RevokeUrl: endpoints.revoke },
    transporterOptions: { fetchImplementation: googleFetch as typeof fetch },
    // Refresh a minute before Google would refuse the access token.
    eagerRefreshThresholdMillis: 60_000,
  });
}

/** Google's OAuth error code in a failed token or revoke call ("invalid_grant", ...), or null. */
export function oauthErrorCode(error: unknown): string | null {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  if (data && typeof data === "object" && "error" in data && typeof data.error === "string") return data.error;
  return null;
}
