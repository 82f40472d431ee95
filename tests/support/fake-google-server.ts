// A fake Google on loopback, for the YouTube channel tests: the paths of
// every Google host on one server, as GOOGLE_API_ROOT_FOR_TESTS maps them.
// It speaks the documented protocols:
// - OAuth 2.0 for web server apps (developers.google.com/identity/protocols/oauth2/web-server):
//   GET /o/oauth2/v2/auth answers the consent at once with a redirect to
//   redirect_uri carrying code and state (or error=access_denied);
//   POST /token takes the authorization_code grant (with PKCE, RFC 7636:
//   the verifier's S256 hash must equal the challenge, else invalid_grant)
//   and the refresh_token grant; POST /revoke takes token= in the query or
//   the form. Errors as Google sends them: {"error":"invalid_grant","error_description":"Bad Request"}.
// - YouTube Data API v3: GET /youtube/v3/channels (mine=true),
//   /youtube/v3/playlistItems (an uploads playlist), /youtube/v3/videos,
//   with a Bearer access token; errors in Google's shape
//   {"error":{"code":403,"message":"...","errors":[{"domain":"youtube.quota","reason":"quotaExceeded",...}]}}.
// - Pictures: /vi/{videoId}/{mqdefault,hqdefault,maxresdefault}.jpg
//   (i.ytimg.com; maxresdefault answers 404 for the ids in `noMaxres`, as it
//   does for many real videos) and the channel's picture.
// - thumbnails.set (POST /upload/youtube/v3/thumbnails/set?videoId=&uploadType=media,
//   developers.google.com/youtube/v3/docs/thumbnails/set): a Bearer token with
//   youtube.upload, a video of the fake channel, Content-Type image/jpeg (or
//   png), at most 2 MB; the bytes are recorded in `uploads`, and from then on
//   /vi/{id}/maxresdefault.jpg and hqdefault.jpg serve them, as YouTube does.
//   Failure switches (`thumbnailFailures`) answer each of Google's errors.
// - YouTube Analytics reports.query (GET /v2/reports, ids=channel==MINE,
//   metrics=views, dimensions=day, filters=video==ID): a resultTable with one
//   row per day, the views made up from the day and the video.
// - oEmbed (www.youtube.com/oembed?url=...&format=json): the video's title
//   and author; 401 "Unauthorized" for a private or embedding-disabled video,
//   404 "Not Found" for a deleted or unknown one, 400 "Bad Request" for a
//   url that is no video, as plain text bodies.
// It imports nothing from app/: its checks are its own reading of Google's
// documentation. Tests only.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import sharp from "sharp";

export type FakeVideo = { id: string; title: string; publishedAt: string; viewCount?: string };

/** A failure the next Data API call (or every one, with `apiFailure`) answers. */
export type FakeApiFailure = "quotaExceeded" | "authError" | "backendError" | "hang";

/** What the next thumbnails.set answers instead of setting. */
export type FakeThumbnailFailure =
  | "forbidden"
  | "uploadRateLimitExceeded"
  | "videoNotFound"
  | "quotaExceeded"
  | "authError"
  | "mediaBodyRequired"
  | "invalidImage"
  | "mediaBodyTooLarge";

export type FakeUpload = { videoId: string; contentType: string; bytes: Buffer; at: Date };

export type FakeGoogleOptions = {
  port?: number;
  clientId?: string;
  clientSecret?: string;
  /** Seconds an access token lives (Google: 3599). */
  accessTokenSeconds?: number;
  /** What the consent page answers: allow (default), or the user pressed Cancel. */
  consent?: "allow" | "deny";
  /** Scopes the user leaves ticked (default: all asked for). */
  grantScopes?: (asked: string[]) => string[];
  /** The signed-in Google account has no channel. */
  noChannel?: boolean;
  channel?: { id: string; title: string };
  videos?: FakeVideo[];
  /** oEmbed's answers: public videos by id (the channel's videos are public too). */
  publicVideos?: FakeVideo[];
  /** Ids oEmbed answers 401 for (private, or embedding disabled). */
  privateVideoIds?: string[];
  /** Ids whose maxresdefault.jpg is missing (404), as for many real videos. */
  noMaxres?: string[];
  /** Videos of another channel: videos.list answers them, with that channel's id. */
  otherChannelVideos?: FakeVideo[];
};

export type FakeGoogleRequest = { method: string; path: string; query: Record<string, string>; form: Record<string, string>; authorization: string | null };

type AuthCode = { clientId: string; redirectUri: string; scope: string; challenge: string | null; method: string | null; used: boolean };
type RefreshGrant = { clientId: string; scope: string; revoked: boolean };
type AccessGrant = { refreshToken: string; scope: string; expiresAt: number; revoked: boolean };

const random = (prefix: string, bytes = 24) => `${prefix}${crypto.randomBytes(bytes).toString("base64url")}`;

export const DEFAULT_VIDEOS: FakeVideo[] = Array.from({ length: 30 }, (_, index) => ({
  id: `vid${String(index).padStart(8, "0")}`,
  title: `Video number ${index + 1}`,
  publishedAt: new Date(Date.UTC(2026, 10, 30 - index, 15)).toISOString(),
  viewCount: String((index + 1) * 1234),
}));

/** Public videos oEmbed knows, and the ids it refuses, for the tests and the e2e run. */
export const OEMBED_VIDEOS: FakeVideo[] = [
  { id: "dQw4w9WgXcQ", title: "I built a $500 gaming PC that beats a PS5", publishedAt: "2026-11-01T15:00:00Z" },
  { id: "abcDEF12345", title: "Shorts: the fastest way to cable-manage", publishedAt: "2026-11-02T15:00:00Z" },
];
export const PRIVATE_VIDEO_ID = "privateVid1";
export const OTHER_CHANNEL_ID = "UCsomeoneelse0000000000";
export const OTHER_CHANNEL_VIDEOS: FakeVideo[] = [{ id: "otherChan01", title: "Someone else's video", publishedAt: "2026-11-03T15:00:00Z" }];
const MAX_THUMBNAIL_BYTES = 2 * 1024 * 1024;

export async function startFakeGoogle(options: FakeGoogleOptions = {}) {
  const clientId = options.clientId ?? "fake-client-id.apps.googleusercontent.com";
  const clientSecret = options.clientSecret ?? "fake-client-secret";
  const channel = options.channel ?? { id: "UCfakechannel0000000000", title: "Astronaut Builds PCs" };
  const uploadsPlaylistId = `UU${channel.id.slice(2)}`;
  const state = {
    consent: options.consent ?? "allow",
    noChannel: options.noChannel ?? false,
    videos: options.videos ?? DEFAULT_VIDEOS,
    accessTokenSeconds: options.accessTokenSeconds ?? 3599,
    /** Failures of the next Data API calls, in order. */
    apiFailures: [] as FakeApiFailure[],
    /** Failures of the next /token calls: an HTTP status to answer with instead. */
    tokenFailures: [] as number[],
    revokeFailures: [] as number[],
    publicVideos: options.publicVideos ?? OEMBED_VIDEOS,
    privateVideoIds: new Set(options.privateVideoIds ?? [PRIVATE_VIDEO_ID]),
    noMaxres: new Set(options.noMaxres ?? [OEMBED_VIDEOS[0].id]),
    /** Failures of the next oEmbed calls: "hang" never answers, a number answers that status. */
    oembedFailures: [] as ("hang" | number)[],
    otherChannelVideos: options.otherChannelVideos ?? OTHER_CHANNEL_VIDEOS,
    /** Failures of the next thumbnails.set calls, in order; `retryAfter` goes with a 429. */
    thumbnailFailures: [] as FakeThumbnailFailure[],
    retryAfter: null as string | null,
    /** Every thumbnail set, in order. */
    uploads: [] as FakeUpload[],
    /** The picture each video shows now, once a thumbnail was set on it. */
    setPictures: new Map<string, Buffer>(),
    analyticsFailures: [] as FakeApiFailure[],
  };
  const codes = new Map<string, AuthCode>();
  const refreshTokens = new Map<string, RefreshGrant>();
  const accessTokens = new Map<string, AccessGrant>();
  const requests: FakeGoogleRequest[] = [];
  const picture = await sharp({ create: { width: 320, height: 180, channels: 3, background: "#cc2222" } }).jpeg().toBuffer();
  // hqdefault is 4:3 with the 16:9 picture letterboxed in black, as YouTube serves it.
  const hqPicture = await sharp({ create: { width: 480, height: 360, channels: 3, background: "#000000" } })
    .composite([{ input: await sharp({ create: { width: 480, height: 270, channels: 3, background: "#cc2222" } }).png().toBuffer(), top: 45, left: 0 }])
    .jpeg()
    .toBuffer();
  const maxresPicture = await sharp({ create: { width: 1280, height: 720, channels: 3, background: "#cc2222" } }).jpeg().toBuffer();
  const text = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8" });
    res.end(body);
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const oauthError = (res: http.ServerResponse, status: number, error: string, description: string) =>
    json(res, status, { error, error_description: description });
  const apiError = (res: http.ServerResponse, code: number, message: string, reason: string, domain = "global", extra: Record<string, string> = {}) =>
    json(res, code, { error: { code, message, errors: [{ message, domain, reason, ...extra }] } });

  function issueAccessToken(refreshToken: string, scope: string) {
    const token = random("ya29.fake-");
    accessTokens.set(token, { refreshToken, scope, expiresAt: Date.now() + state.accessTokenSeconds * 1000, revoked: false });
    return token;
  }

  function consent(url: URL, res: http.ServerResponse) {
    const q = url.searchParams;
    // Google shows an error page (not a redirect) when the client or redirect is wrong.
    if (q.get("client_id") !== clientId) return oauthError(res, 401, "invalid_client", "The OAuth client was not found.");
    const redirectUri = q.get("redirect_uri");
    if (!redirectUri || !/^https?:\/\//.test(redirectUri)) return oauthError(res, 400, "redirect_uri_mismatch", "Bad redirect_uri");
    if (q.get("response_type") !== "code") return oauthError(res, 400, "unsupported_response_type", "Invalid response_type");
    const asked = (q.get("scope") ?? "").split(" ").filter(Boolean);
    if (asked.length === 0) return oauthError(res, 400, "invalid_request", "Missing required parameter: scope");
    const challenge = q.get("code_challenge");
    const method = q.get("code_challenge_method");
    if (challenge && method !== "S256" && method !== "plain") return oauthError(res, 400, "invalid_request", "Invalid code_challenge_method");
    const back = new URL(redirectUri);
    const stateParam = q.get("state");
    if (state.consent === "deny") {
      back.searchParams.set("error", "access_denied");
    } else {
      const scope = (options.grantScopes ?? ((s) => s))(asked).join(" ");
      const code = random("4/0fake-");
      codes.set(code, { clientId, redirectUri, scope, challenge, method: challenge ? method ?? "plain" : null, used: false });
      back.searchParams.set("code", code);
      back.searchParams.set("scope", scope);
    }
    if (stateParam !== null) back.searchParams.set("state", stateParam);
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  function token(form: Record<string, string>, res: http.ServerResponse) {
    const failure = state.tokenFailures.shift();
    if (failure) return oauthError(res, failure, failure >= 500 ? "internal_failure" : "invalid_request", "Injected failure");
    if (form.client_id !== clientId || form.client_secret !== clientSecret) return oauthError(res, 401, "invalid_client", "Unauthorized");
    if (form.grant_type === "authorization_code") {
      const code = codes.get(form.code ?? "");
      if (!form.code) return oauthError(res, 400, "invalid_request", "Missing required parameter: code");
      if (!code || code.used) return oauthError(res, 400, "invalid_grant", "Bad Request");
      code.used = true;
      if (form.redirect_uri !== code.redirectUri) return oauthError(res, 400, "redirect_uri_mismatch", "Bad Request");
      if (code.challenge) {
        if (!form.code_verifier) return oauthError(res, 400, "invalid_grant", "Missing code verifier.");
        const derived = code.method === "S256" ? crypto.createHash("sha256").update(form.code_verifier).digest("base64url") : form.code_verifier;
        if (derived !== code.challenge) return oauthError(res, 400, "invalid_grant", "Invalid code verifier.");
      }
      const refreshToken = random("1//0fake-", 32);
      refreshTokens.set(refreshToken, { clientId, scope: code.scope, revoked: false });
      return json(res, 200, {
        access_token: issueAccessToken(refreshToken, code.scope),
        expires_in: state.accessTokenSeconds,
        refresh_token: refreshToken,
        scope: code.scope,
        token_type: "Bearer",
      });
    }
    if (form.grant_type === "refresh_token") {
      const grant = refreshTokens.get(form.refresh_token ?? "");
      if (!grant || grant.revoked) return oauthError(res, 400, "invalid_grant", "Token has been expired or revoked.");
      return json(res, 200, {
        access_token: issueAccessToken(form.refresh_token, grant.scope),
        expires_in: state.accessTokenSeconds,
        scope: grant.scope,
        token_type: "Bearer",
      });
    }
    return oauthError(res, 400, "unsupported_grant_type", `Invalid grant_type: ${form.grant_type ?? ""}`);
  }

  function revoke(tokenValue: string | undefined, res: http.ServerResponse) {
    const failure = state.revokeFailures.shift();
    if (failure) return oauthError(res, failure, "internal_failure", "Injected failure");
    const refresh = refreshTokens.get(tokenValue ?? "");
    const access = accessTokens.get(tokenValue ?? "");
    if ((!refresh || refresh.revoked) && (!access || access.revoked)) return oauthError(res, 400, "invalid_token", "Token expired or revoked");
    // Revoking either token ends the whole grant.
    const refreshToken = refresh ? tokenValue! : access!.refreshToken;
    refreshTokens.get(refreshToken)!.revoked = true;
    for (const grant of accessTokens.values()) if (grant.refreshToken === refreshToken) grant.revoked = true;
    json(res, 200, {});
  }

  function thumbnails(base: string, id: string) {
    return {
      default: { url: `${base}/vi/${id}/default.jpg`, width: 120, height: 90 },
      medium: { url: `${base}/vi/${id}/mqdefault.jpg`, width: 320, height: 180 },
      high: { url: `${base}/vi/${id}/hqdefault.jpg`, width: 480, height: 360 },
    };
  }

  /** The access grant of a Data API call, or null after answering 401 as Google does. */
  function authorize(req: http.IncomingMessage, res: http.ServerResponse, scopeOk: (scope: string) => boolean = (s) => s.endsWith("/youtube.readonly") || s.endsWith("/youtube")) {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const grant = bearer ? accessTokens.get(bearer) : undefined;
    if (!grant || grant.revoked || grant.expiresAt < Date.now()) {
      apiError(res, 401, "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.", "authError", "global", {
        location: "Authorization",
        locationType: "header",
      });
      return null;
    }
    const scopes = grant.scope.split(" ");
    if (!scopes.some(scopeOk)) {
      apiError(res, 403, "Request had insufficient authentication scopes.", "insufficientPermissions");
      return null;
    }
    return grant;
  }

  async function dataApi(url: URL, req: http.IncomingMessage, res: http.ServerResponse, base: string) {
    const failure = state.apiFailures.shift();
    if (failure === "hang") return; // never answered
    if (failure === "quotaExceeded") {
      return apiError(res, 403, 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', "quotaExceeded", "youtube.quota");
    }
    if (failure === "backendError") return apiError(res, 503, "The service is currently unavailable.", "backendError");
    if (failure === "authError") return apiError(res, 401, "Request had invalid authentication credentials.", "authError");
    if (!authorize(req, res)) return;
    const q = url.searchParams;
    const parts = new Set((q.get("part") ?? "").split(","));
    if (parts.size === 0 || !q.get("part")) return apiError(res, 400, "No filter selected. Expected one of: ...", "missingRequiredParameter", "youtube.parameter");
    const maxResults = Math.min(Number(q.get("maxResults") ?? 5), 50);
    if (url.pathname === "/youtube/v3/channels") {
      if (q.get("mine") !== "true") return apiError(res, 400, "No filter selected.", "missingRequiredParameter", "youtube.parameter");
      const items = state.noChannel
        ? []
        : [
            {
              kind: "youtube#channel",
              etag: "fake",
              id: channel.id,
              ...(parts.has("snippet")
                ? {
                    snippet: {
                      title: channel.title,
                      description: "",
                      publishedAt: "2020-01-01T00:00:00Z",
                      thumbnails: {
                        default: { url: `${base}/channel/${channel.id}=s88`, width: 88, height: 88 },
                        medium: { url: `${base}/channel/${channel.id}=s240`, width: 240, height: 240 },
                      },
                    },
                  }
                : {}),
              ...(parts.has("contentDetails") ? { contentDetails: { relatedPlaylists: { likes: "", uploads: uploadsPlaylistId } } } : {}),
            },
          ];
      return json(res, 200, { kind: "youtube#channelListResponse", etag: "fake", pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items });
    }
    if (url.pathname === "/youtube/v3/playlistItems") {
      if (q.get("playlistId") !== uploadsPlaylistId) {
        return apiError(res, 404, "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.", "playlistNotFound", "youtube.playlistItem", {
          location: "playlistId",
          locationType: "parameter",
        });
      }
      const items = state.videos.slice(0, maxResults).map((video, position) => ({
        kind: "youtube#playlistItem",
        etag: "fake",
        id: `PLI${video.id}`,
        ...(parts.has("snippet")
          ? {
              snippet: {
                publishedAt: video.publishedAt,
                channelId: channel.id,
                title: video.title,
                thumbnails: thumbnails(base, video.id),
                channelTitle: channel.title,
                playlistId: uploadsPlaylistId,
                position,
                resourceId: { kind: "youtube#video", videoId: video.id },
              },
            }
          : {}),
        ...(parts.has("contentDetails") ? { contentDetails: { videoId: video.id, videoPublishedAt: video.publishedAt } } : {}),
      }));
      return json(res, 200, {
        kind: "youtube#playlistItemListResponse",
        etag: "fake",
        pageInfo: { totalResults: state.videos.length, resultsPerPage: maxResults },
        items,
      });
    }
    if (url.pathname === "/youtube/v3/videos") {
      const ids = (q.get("id") ?? "").split(",").filter(Boolean);
      if (ids.length > 50) return apiError(res, 400, "Too many ids.", "invalidParameter", "youtube.parameter");
      const items = ids.flatMap((id) => {
        const own = state.videos.find((v) => v.id === id);
        const other = state.otherChannelVideos.find((v) => v.id === id);
        const video = own ?? other;
        if (!video) return [];
        const owner = own ? channel : { id: OTHER_CHANNEL_ID, title: "Someone else" };
        return [
          {
            kind: "youtube#video",
            etag: "fake",
            id,
            ...(parts.has("snippet")
              ? { snippet: { publishedAt: video.publishedAt, channelId: owner.id, title: video.title, thumbnails: thumbnails(base, id), channelTitle: owner.title } }
              : {}),
            ...(parts.has("statistics") ? { statistics: { ...(video.viewCount ? { viewCount: video.viewCount } : {}), likeCount: "1", commentCount: "0" } } : {}),
          },
        ];
      });
      return json(res, 200, { kind: "youtube#videoListResponse", etag: "fake", pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items });
    }
    apiError(res, 404, "Not Found", "notFound");
  }

  /** What www.youtube.com/oembed answers: JSON for a public video, a bare status line otherwise. */
  function oembed(url: URL, res: http.ServerResponse) {
    const failure = state.oembedFailures.shift();
    if (failure === "hang") return;
    if (typeof failure === "number") return text(res, failure, failure >= 500 ? "Internal Server Error" : "Bad Request");
    const target = url.searchParams.get("url");
    let id: string | null = null;
    try {
      const parsed = new URL(target ?? "");
      if (/(^|\.)youtube\.com$/.test(parsed.hostname) && parsed.pathname === "/watch") id = parsed.searchParams.get("v");
      else if (parsed.hostname === "youtu.be") id = parsed.pathname.slice(1);
      else if (/(^|\.)youtube\.com$/.test(parsed.hostname)) id = /^\/(?:shorts|live|embed)\/([^/]+)/.exec(parsed.pathname)?.[1] ?? null;
    } catch {
      id = null;
    }
    if (!id || !/^[\w-]{11}$/.test(id)) return text(res, 400, "Bad Request");
    if (state.privateVideoIds.has(id)) return text(res, 401, "Unauthorized");
    const video = [...state.publicVideos, ...state.videos].find((v) => v.id === id);
    if (!video) return text(res, 404, "Not Found");
    json(res, 200, {
      title: video.title,
      author_name: channel.title,
      author_url: `https://www.youtube.com/@${channel.title.replace(/\W/g, "")}`,
      type: "video",
      height: 113,
      width: 200,
      version: "1.0",
      provider_name: "YouTube",
      provider_url: "https://www.youtube.com/",
      thumbnail_height: 360,
      thumbnail_width: 480,
      // The real host, as YouTube answers: the app must not fetch it blindly.
      thumbnail_url: `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
      html: `<iframe width="200" height="113" src="https://www.youtube.com/embed/${id}?feature=oembed" frameborder="0" allowfullscreen title="${video.title.replace(/"/g, "&quot;")}"></iframe>`,
    });
  }

  /** A video picture by size; maxresdefault is missing for some videos, as on YouTube. */
  function videoPicture(id: string, size: string, res: http.ServerResponse) {
    const set = state.setPictures.get(id);
    if (set && (size === "maxresdefault" || size === "hqdefault")) {
      res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": set.length });
      return res.end(set);
    }
    if (size === "maxresdefault" && state.noMaxres.has(id)) return text(res, 404, "Not Found");
    const bytes = size === "maxresdefault" ? maxresPicture : size === "hqdefault" ? hqPicture : picture;
    res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": bytes.length });
    res.end(bytes);
  }

  async function readBody(req: http.IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** thumbnails.set: the media upload, checked as Google does, then recorded. */
  function setThumbnail(url: URL, req: http.IncomingMessage, res: http.ServerResponse, bytes: Buffer, base: string) {
    const failure = state.thumbnailFailures.shift();
    const videoId = url.searchParams.get("videoId") ?? "";
    switch (failure) {
      case "forbidden":
        return apiError(res, 403, "The thumbnail can't be set for the specified video. The request might not be properly authorized.", "forbidden", "youtube.thumbnail");
      case "uploadRateLimitExceeded": {
        if (state.retryAfter) res.setHeader("Retry-After", state.retryAfter);
        return apiError(res, 429, "The channel has uploaded too many thumbnails recently. Please try the request again later.", "uploadRateLimitExceeded", "youtube.thumbnail");
      }
      case "videoNotFound":
        return apiError(res, 404, "The video that you are trying to update cannot be found.", "videoNotFound", "youtube.thumbnail", { location: "videoId", locationType: "parameter" });
      case "quotaExceeded":
        return apiError(res, 403, 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', "quotaExceeded", "youtube.quota");
      case "authError":
        return apiError(res, 401, "Request had invalid authentication credentials.", "authError");
      case "mediaBodyRequired":
        return apiError(res, 400, "The request does not include the image content.", "mediaBodyRequired", "youtube.thumbnail");
      case "invalidImage":
        return apiError(res, 400, "The provided image content is invalid.", "invalidImage", "youtube.thumbnail");
      case "mediaBodyTooLarge":
        return apiError(res, 413, "Media larger than 2097152 bytes.", "mediaBodyTooLarge", "global");
    }
    if (!authorize(req, res, (s) => s.endsWith("/youtube.upload") || s.endsWith("/youtube") || s.endsWith("/youtube.force-ssl"))) return;
    if (url.searchParams.get("uploadType") !== "media") return apiError(res, 400, "Invalid upload type.", "badRequest");
    if (!state.videos.some((v) => v.id === videoId)) {
      return apiError(res, 404, "The video that you are trying to update cannot be found.", "videoNotFound", "youtube.thumbnail", { location: "videoId", locationType: "parameter" });
    }
    const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim();
    if (bytes.length === 0) return apiError(res, 400, "The request does not include the image content.", "mediaBodyRequired", "youtube.thumbnail");
    if (contentType !== "image/jpeg" && contentType !== "image/png") return apiError(res, 400, "The provided image content is invalid.", "invalidImage", "youtube.thumbnail");
    if (bytes.length > MAX_THUMBNAIL_BYTES) return apiError(res, 413, "Media larger than 2097152 bytes.", "mediaBodyTooLarge", "global");
    state.uploads.push({ videoId, contentType, bytes, at: new Date() });
    state.setPictures.set(videoId, bytes);
    json(res, 200, {
      kind: "youtube#thumbnailSetResponse",
      etag: "fake",
      items: [
        {
          default: { url: `${base}/vi/${videoId}/default.jpg`, width: 120, height: 90 },
          medium: { url: `${base}/vi/${videoId}/mqdefault.jpg`, width: 320, height: 180 },
          high: { url: `${base}/vi/${videoId}/hqdefault.jpg`, width: 480, height: 360 },
          maxres: { url: `${base}/vi/${videoId}/maxresdefault.jpg`, width: 1280, height: 720 },
        },
      ],
    });
  }

  /** Views a video had on a day: made up, but the same for the same day and video. */
  function viewsOn(videoId: string, day: string) {
    const hash = crypto.createHash("sha256").update(`${videoId}/${day}`).digest();
    return 50 + (hash.readUInt16BE(0) % 400);
  }

  /** Analytics reports.query: daily views of one video of the channel. */
  function analyticsReport(url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
    const failure = state.analyticsFailures.shift();
    if (failure === "hang") return;
    if (failure === "quotaExceeded") return apiError(res, 403, "Quota exceeded.", "quotaExceeded", "youtube.quota");
    if (failure === "backendError") return apiError(res, 503, "The service is currently unavailable.", "backendError");
    if (failure === "authError") return apiError(res, 401, "Request had invalid authentication credentials.", "authError");
    if (!authorize(req, res, (s) => s.endsWith("/yt-analytics.readonly"))) return;
    const q = url.searchParams;
    const start = q.get("startDate") ?? "";
    const end = q.get("endDate") ?? "";
    if (q.get("ids") !== "channel==MINE" || !/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || !q.get("metrics")) {
      return apiError(res, 400, "Required parameter missing or invalid.", "badRequest");
    }
    const videoId = /^video==([\w-]{11})$/.exec(q.get("filters") ?? "")?.[1];
    if (q.get("metrics") !== "views" || q.get("dimensions") !== "day" || !videoId) return apiError(res, 400, "The query is not supported.", "badRequest");
    const rows: [string, number][] = [];
    for (let t = Date.parse(start); t <= Date.parse(end); t += 24 * 3600 * 1000) {
      const day = new Date(t).toISOString().slice(0, 10);
      if (state.videos.some((v) => v.id === videoId)) rows.push([day, viewsOn(videoId, day)]);
    }
    json(res, 200, {
      kind: "youtubeAnalytics#resultTable",
      columnHeaders: [
        { name: "day", columnType: "DIMENSION", dataType: "STRING" },
        { name: "views", columnType: "METRIC", dataType: "INTEGER" },
      ],
      rows,
    });
  }

  const sockets = new Set<Socket>();
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake-google");
    const base = `http://${req.headers.host}`;
    const raw = await readBody(req);
    const form = req.headers["content-type"]?.includes("application/x-www-form-urlencoded") ? Object.fromEntries(new URLSearchParams(raw.toString("utf8"))) : {};
    requests.push({ method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), form, authorization: req.headers.authorization ?? null });
    try {
      if (url.pathname === "/health") return json(res, 200, { ok: true });
      if (req.method === "GET" && url.pathname === "/o/oauth2/v2/auth") return consent(url, res);
      if (req.method === "POST" && url.pathname === "/token") return token(form, res);
      if (req.method === "POST" && url.pathname === "/revoke") return revoke(url.searchParams.get("token") ?? form.token, res);
      if (req.method === "GET" && url.pathname.startsWith("/youtube/v3/")) return await dataApi(url, req, res, base);
      if (req.method === "GET" && url.pathname === "/oembed") return oembed(url, res);
      if (req.method === "POST" && url.pathname === "/upload/youtube/v3/thumbnails/set") return setThumbnail(url, req, res, raw, base);
      if (req.method === "GET" && url.pathname === "/v2/reports") return analyticsReport(url, req, res);
      const videoPictureMatch = /^\/vi\/([\w-]{11})\/(\w+)\.jpg$/.exec(url.pathname);
      if (req.method === "GET" && videoPictureMatch) return videoPicture(videoPictureMatch[1], videoPictureMatch[2], res);
      if (req.method === "GET" && url.pathname.startsWith("/channel/")) {
        res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": picture.length });
        return res.end(picture);
      }
      json(res, 404, { error: { code: 404, message: "Not Found" } });
    } catch (error) {
      json(res, 500, { error: { code: 500, message: (error as Error).message } });
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    channel,
    uploadsPlaylistId,
    requests,
    state,
    /** Every refresh token issued, and whether it was revoked. */
    refreshTokens,
    accessTokens,
    /** Ends every grant, as a user removing the app at myaccount.google.com/permissions does. */
    revokeEverything() {
      for (const grant of refreshTokens.values()) grant.revoked = true;
      for (const grant of accessTokens.values()) grant.revoked = true;
    },
    /** Makes every access token issued so far expired. */
    expireAccessTokens() {
      for (const grant of accessTokens.values()) grant.expiresAt = Date.now() - 1000;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeGoogle = Awaited<ReturnType<typeof startFakeGoogle>>;
