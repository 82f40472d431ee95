// A user's connected channel: reading it (always by its owner, with an
// explicit select), a valid access token for it (refreshed when it is about
// to expire, the new one stored sealed), and forgetting it (revoked at
// Google first, deleted here whatever Google answers).
import type { Credentials } from "google-auth-library";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { createOAuthClient, isYoutubeEnabled, oauthErrorCode } from "./oauth-client.server";
import { openToken, sealToken } from "./token-encryption.server";
import { asYoutubeError, YoutubeError } from "./youtube-errors.server";
import type { OwnChannel } from "./youtube-api.server";

// A token this close to its expiry is refreshed first: the call it is for takes time too.
const EXPIRY_MARGIN_MS = 60_000;

export type ConnectionSummary = {
  channelId: string;
  channelTitle: string;
  hasChannelImage: boolean;
  needsReconnect: boolean;
  connectedAt: string;
};

/** The user's connected channel as the pages show it, or null. */
export async function getConnectionSummary(userId: string): Promise<ConnectionSummary | null> {
  const row = await prisma.youtubeConnection.findUnique({
    where: { userId },
    select: { channelId: true, channelTitle: true, channelThumbnailUrl: true, needsReconnectAt: true, createdAt: true },
  });
  if (!row) return null;
  return {
    channelId: row.channelId,
    channelTitle: row.channelTitle,
    hasChannelImage: row.channelThumbnailUrl !== null,
    needsReconnect: row.needsReconnectAt !== null,
    connectedAt: row.createdAt.toISOString(),
  };
}

/** The channel picture's address at Google, for the server to fetch; null when there is none. */
export async function getChannelImageUrl(userId: string) {
  const row = await prisma.youtubeConnection.findUnique({ where: { userId }, select: { channelThumbnailUrl: true } });
  return row?.channelThumbnailUrl ?? null;
}

export async function getUploadsPlaylistId(userId: string) {
  const row = await prisma.youtubeConnection.findUnique({ where: { userId }, select: { uploadsPlaylistId: true } });
  if (!row) throw new YoutubeError("not-connected");
  return row.uploadsPlaylistId;
}

/** Stores (or replaces) the user's connection after a successful consent. */
export async function saveConnection(userId: string, channel: OwnChannel, tokens: Credentials) {
  if (!tokens.refresh_token) throw new Error("no refresh token to store");
  const sealed = {
    channelId: channel.id,
    channelTitle: channel.title,
    channelThumbnailUrl: channel.thumbnailUrl,
    uploadsPlaylistId: channel.uploadsPlaylistId,
    refreshTokenSealed: sealToken(tokens.refresh_token),
    accessTokenSealed: tokens.access_token ? sealToken(tokens.access_token) : null,
    accessTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
    scopes: tokens.scope ?? "",
    needsReconnectAt: null,
  };
  await prisma.youtubeConnection.upsert({ where: { userId }, create: { userId, ...sealed }, update: sealed, select: { id: true } });
}

/**
 * A valid access token for the user's channel: the stored one while it has
 * more than a minute left, else a new one from the refresh token (stored for
 * the next call). A refresh token Google refuses (invalid_grant) marks the
 * connection as needing a reconnect.
 */
export async function getAccessToken(userId: string, { forceRefresh = false } = {}): Promise<string> {
  const row = await prisma.youtubeConnection.findUnique({
    where: { userId },
    select: { id: true, refreshTokenSealed: true, accessTokenSealed: true, accessTokenExpiresAt: true, needsReconnectAt: true },
  });
  if (!row) throw new YoutubeError("not-connected");
  if (row.needsReconnectAt) throw new YoutubeError("reconnect", "marked as needing a reconnect");
  const fresh = row.accessTokenSealed && row.accessTokenExpiresAt && row.accessTokenExpiresAt.getTime() - Date.now() > EXPIRY_MARGIN_MS;
  if (fresh && !forceRefresh) return openToken(row.accessTokenSealed!);

  const client = createOAuthClient();
  client.setCredentials({ refresh_token: openToken(row.refreshTokenSealed) });
  let credentials: Credentials;
  try {
    await client.getAccessToken();
    credentials = client.credentials;
  } catch (error) {
    if (oauthErrorCode(error) === "invalid_grant") {
      await prisma.youtubeConnection.updateMany({
        where: { id: row.id, userId },
        data: { needsReconnectAt: new Date(), accessTokenSealed: null, accessTokenExpiresAt: null },
      });
      throw new YoutubeError("reconnect", "the refresh token was refused (invalid_grant)");
    }
    const code = oauthErrorCode(error);
    throw code ? new YoutubeError("refused", `token refresh: ${code}`) : asYoutubeError(error);
  }
  if (!credentials.access_token) throw new YoutubeError("unavailable", "the refresh gave no access token");
  await prisma.youtubeConnection.updateMany({
    where: { id: row.id, userId },
    data: {
      accessTokenSealed: sealToken(credentials.access_token),
      accessTokenExpiresAt: credentials.expiry_date ? new Date(credentials.expiry_date) : null,
      // Google may hand out a new refresh token; the old one then stops working.
      ...(credentials.refresh_token ? { refreshTokenSealed: sealToken(credentials.refresh_token) } : {}),
    },
  });
  return credentials.access_token;
}

/**
 * Runs a Data API call with the user's access token. An answer of 401
 * (Google no longer takes this access token, e.g. revoked early) is tried
 * once more with a refreshed one, which tells a revoked grant from a stale token.
 */
export async function withAccessToken<T>(userId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
  try {
    return await call(await getAccessToken(userId));
  } catch (error) {
    if (!(error instanceof YoutubeError) || error.answer?.status !== 401) throw error;
    return call(await getAccessToken(userId, { forceRefresh: true }));
  }
}

/**
 * Forgets the user's connection: the grant is revoked at Google (revoking
 * the refresh token ends every token of it), then the row is deleted, even
 * when Google could not be told. Null when there was no connection.
 */
export async function disconnectYoutube(userId: string): Promise<{ revoked: boolean } | null> {
  const row = await prisma.youtubeConnection.findUnique({ where: { userId }, select: { id: true, refreshTokenSealed: true } });
  if (!row) return null;
  let revoked = false;
  if (isYoutubeEnabled()) {
    try {
      await createOAuthClient().revokeToken(openToken(row.refreshTokenSealed));
      revoked = true;
    } catch (error) {
      const code = oauthErrorCode(error);
      // Google's answer for a token it no longer knows: nothing is left to revoke.
      if (code === "invalid_token") revoked = true;
      else logger.warn(`youtube: revoking a channel's token at Google failed (${code ?? asYoutubeError(error).detail}); the connection is deleted here anyway`);
    }
  } else {
    logger.warn("youtube: YOUTUBE_CLIENT_ID is not set, so a channel's token could not be revoked at Google; the connection is deleted here anyway");
  }
  await prisma.youtubeConnection.deleteMany({ where: { id: row.id, userId } });
  return { revoked };
}

/** True when the feature is set up and this user has a channel connected (the Videos item in the navigation). */
export async function hasYoutubeChannel(userId: string) {
  if (!isYoutubeEnabled()) return false;
  return (await prisma.youtubeConnection.count({ where: { userId } })) > 0;
}
