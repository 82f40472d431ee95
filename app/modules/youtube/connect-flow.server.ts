// Connecting a channel: the authorization-code flow with state and PKCE
// (S256). startConnect sends the user to Google's consent page with a fresh
// state and code challenge, remembered in a short-lived cookie;
// finishConnect checks the state Google brings back, exchanges the code with
// the verifier, reads the channel and stores the connection.
import { CodeChallengeMethod } from "google-auth-library";
import { logger } from "~/utils/logger.server";
import { forgetConnectAttempt, newState, recallConnectAttempt, rememberConnectAttempt } from "./connect-state.server";
import { createOAuthClient, oauthErrorCode, YOUTUBE_SCOPES } from "./oauth-client.server";
import { fetchOwnChannel } from "./youtube-api.server";
import { saveConnection } from "./youtube-connection.server";
import { asYoutubeError } from "./youtube-errors.server";

export const CONNECT_MESSAGES = {
  badState:
    "This YouTube sign-in could not be checked: it was not started from your Account page in this browser, or it is older than ten minutes. Nothing was connected; start again with Connect.",
  denied: "You did not allow Thumbsmith on Google's page, so nothing was connected.",
  codeRefused: "Google refused the sign-in code (it was already used, has expired, or the check that it came from this sign-in failed). Nothing was connected; start again with Connect.",
  missingScopes:
    "Google gave Thumbsmith only part of the access it asks for. Nothing was connected; connect again and leave every permission ticked on Google's page.",
  noRefreshToken: "Google did not give Thumbsmith lasting access. Nothing was connected; connect again.",
  noChannel: "This Google account has no YouTube channel. Create one on YouTube, or connect with the account that owns your channel.",
} as const;

/** Google's consent page for this user, and the cookie that remembers the attempt. */
export async function startConnect(request: Request, userId: string) {
  const client = createOAuthClient();
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const state = newState();
  const url = client.generateAuthUrl({
    scope: [...YOUTUBE_SCOPES],
    // A refresh token, and again on a second connect (Google sends one only with consent).
    access_type: "offline",
    prompt: "consent",
    // Scopes granted before (to this client) are not added to this grant.
    include_granted_scopes: false,
    state,
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
  });
  return { url, cookie: await rememberConnectAttempt(request, userId, { state, codeVerifier: codeVerifier! }) };
}

export type ConnectResult = { ok: true; channelTitle: string } | { ok: false; message: string };

/** Ends the attempt Google sent back with `callbackUrl`'s code and state. */
export async function finishConnect(request: Request, userId: string, callbackUrl: URL): Promise<ConnectResult> {
  const params = callbackUrl.searchParams;
  const attempt = await recallConnectAttempt(request, userId, params.get("state"));
  if (!attempt) return { ok: false, message: CONNECT_MESSAGES.badState };
  if (params.get("error")) return { ok: false, message: CONNECT_MESSAGES.denied };
  const code = params.get("code");
  if (!code) return { ok: false, message: CONNECT_MESSAGES.badState };

  const client = createOAuthClient();
  let tokens;
  try {
    ({ tokens } = await client.getToken({ code, codeVerifier: attempt.codeVerifier }));
  } catch (error) {
    const oauthError = oauthErrorCode(error);
    if (oauthError) {
      logger.warn(`youtube: Google refused a sign-in code (${oauthError})`);
      return { ok: false, message: CONNECT_MESSAGES.codeRefused };
    }
    return { ok: false, message: asYoutubeError(error).userMessage };
  }
  const revokeQuietly = async () => {
    const token = tokens.refresh_token ?? tokens.access_token;
    if (token) await client.revokeToken(token).catch(() => {});
  };
  const granted = new Set((tokens.scope ?? "").split(/\s+/));
  if (YOUTUBE_SCOPES.some((scope) => !granted.has(scope))) {
    await revokeQuietly();
    return { ok: false, message: CONNECT_MESSAGES.missingScopes };
  }
  if (!tokens.refresh_token || !tokens.access_token) {
    await revokeQuietly();
    return { ok: false, message: CONNECT_MESSAGES.noRefreshToken };
  }
  let channel;
  try {
    channel = await fetchOwnChannel(tokens.access_token);
  } catch (error) {
    await revokeQuietly();
    return { ok: false, message: asYoutubeError(error).userMessage };
  }
  if (!channel) {
    await revokeQuietly();
    return { ok: false, message: CONNECT_MESSAGES.noChannel };
  }
  await saveConnection(userId, channel, tokens);
  return { ok: true, channelTitle: channel.title };
}

export { forgetConnectAttempt };
