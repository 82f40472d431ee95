// Connecting a YouTube channel against the fake Google: state and PKCE,
// sealed tokens, refresh, invalid_grant, disconnect, account deletion, the
// Videos page's errors, and that one user's connection is never another's.
import { afterAll, beforeEach, describe, expect, test, vi } from "vitest";

// Before the app reads its environment: a fake Google on loopback, and the OAuth client's settings.
const fake = await vi.hoisted(async () => {
  const { startFakeGoogle } = await import("#tests/support/fake-google-server");
  const started = await startFakeGoogle({ clientId: "test-client.apps.googleusercontent.com", clientSecret: "test-client-secret-value" });
  process.env.GOOGLE_API_ROOT_FOR_TESTS = started.url;
  process.env.YOUTUBE_CLIENT_ID = started.clientId;
  process.env.YOUTUBE_CLIENT_SECRET = started.clientSecret;
  process.env.PUBLIC_URL = "http://localhost";
  return started;
});

const { deleteAccount } = await import("~/modules/auth/delete-account.server");
const { prisma } = await import("~/utils/db.server");
const { env } = await import("~/utils/env.server");
const { action: disconnectAction } = await import("~/routes/youtube.disconnect");
const { loader: videosLoader } = await import("~/routes/videos");
const { loader: accountLoader } = await import("~/routes/account");
const { loader: thumbnailLoader } = await import("~/routes/resources.youtube.thumbnails.$videoId");
const { getAccessToken, getConnectionSummary } = await import("./youtube-connection.server");
const { CONNECT_MESSAGES } = await import("./connect-flow.server");
const { createTestUser, formRequest, getRequest, sessionCookieFor, settle } = await import("#tests/utils");
const { callBack, connectChannel, consent, startConnecting, toastOf } = await import("#tests/support/youtube-flow");

afterAll(() => fake.close());

beforeEach(() => {
  fake.state.apiFailures.length = 0;
  fake.state.tokenFailures.length = 0;
  fake.state.revokeFailures.length = 0;
  fake.state.consent = "allow";
});

async function connectedUser() {
  const user = await createTestUser();
  const cookie = await sessionCookieFor(user.id);
  const answer = await connectChannel(cookie);
  expect(answer.headers.get("Location"), JSON.stringify(await toastOf(answer))).toBe("/videos");
  return { userId: user.id, cookie };
}

async function rawRow(userId: string) {
  // The columns as stored, read with SQL so no app code decrypts anything.
  const rows = await prisma.$queryRaw<Record<string, unknown>[]>`SELECT * FROM youtube_connections WHERE user_id = ${userId}`;
  return rows[0];
}

async function videosPage(cookie: string) {
  return (await settle(videosLoader({ request: getRequest("/videos", { cookie }), params: {}, context: {} })).then((r) => r.json())) as {
    channelTitle: string | null;
    videos: { id: string; title: string; views: number | null; publishedAt: string }[];
    problem: { kind: string; message: string } | null;
  };
}

describe("connecting", () => {
  test("the consent URL asks exactly the three scopes, offline access, consent, state and an S256 challenge, with the callback under PUBLIC_URL", async () => {
    const user = await createTestUser();
    const { consentUrl, attemptCookie } = await startConnecting(await sessionCookieFor(user.id));
    const url = new URL(consentUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${fake.url}/o/oauth2/v2/auth`);
    const q = url.searchParams;
    expect(q.get("scope")!.split(" ").sort()).toEqual([
      "https://www.googleapis.com/auth/youtube.readonly",
      "https://www.googleapis.com/auth/youtube.upload",
      "https://www.googleapis.com/auth/yt-analytics.readonly",
    ]);
    expect(q.get("access_type")).toBe("offline");
    expect(q.get("prompt")).toBe("consent");
    expect(q.get("code_challenge_method")).toBe("S256");
    expect(q.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(q.get("state")!.length).toBeGreaterThanOrEqual(32);
    expect(q.get("redirect_uri")).toBe("http://localhost/youtube/callback");
    expect(attemptCookie).toMatch(/^__thumbsmith_youtube_connect=/);
    // The verifier is not readable in the cookie.
    expect(decodeURIComponent(attemptCookie)).not.toContain(q.get("code_challenge")!);
  });

  test("connects: the channel is stored, shown on the Account page, and its tokens are sealed in the database", async () => {
    const { userId, cookie } = await connectedUser();
    const summary = await getConnectionSummary(userId);
    expect(summary).toMatchObject({ channelId: fake.channel.id, channelTitle: fake.channel.title, needsReconnect: false });

    const account = (await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} })).then((r) => r.json())) as {
      youtube: { connection: { channelTitle: string } | null } | null;
    };
    expect(account.youtube?.connection?.channelTitle).toBe(fake.channel.title);

    const [refreshToken] = [...fake.refreshTokens.keys()].slice(-1);
    const [accessToken] = [...fake.accessTokens.keys()].slice(-1);
    const row = await rawRow(userId);
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(refreshToken);
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(refreshToken.slice(9, 30));
    expect(String(row.refresh_token_sealed)).toMatch(/^v1\./);
    expect(String(row.access_token_sealed)).toMatch(/^v1\./);
    expect(await getAccessToken(userId)).toBe(accessToken);
  });

  test("the database refuses a token that is not sealed", async () => {
    const { userId } = await connectedUser();
    await expect(prisma.youtubeConnection.update({ where: { userId }, data: { refreshTokenSealed: "1//plain-refresh-token" } })).rejects.toThrow();
    await expect(prisma.youtubeConnection.update({ where: { userId }, data: { accessTokenSealed: "ya29.plain" } })).rejects.toThrow();
  });

  test("a forged state is refused with a clear message, and nothing is connected", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const { consentUrl, attemptCookie } = await startConnecting(cookie);
    const back = await consent(consentUrl);
    back.searchParams.set("state", "forged-state-of-an-attacker-0000000000000");
    const answer = await callBack(back, `${cookie}; ${attemptCookie}`);
    expect(answer.headers.get("Location")).toBe("/account");
    expect(await toastOf(answer)).toMatchObject({ type: "error", description: CONNECT_MESSAGES.badState });
    expect(await getConnectionSummary(user.id)).toBeNull();
  });

  test("a callback without the attempt's cookie (another browser, or a link an attacker sent) is refused", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const { consentUrl } = await startConnecting(cookie);
    const answer = await callBack(await consent(consentUrl), cookie);
    expect(await toastOf(answer)).toMatchObject({ type: "error", description: CONNECT_MESSAGES.badState });
    expect(await getConnectionSummary(user.id)).toBeNull();
  });

  test("another user's attempt cookie does not connect their session", async () => {
    const attacker = await createTestUser();
    const victim = await createTestUser();
    const { consentUrl, attemptCookie } = await startConnecting(await sessionCookieFor(attacker.id));
    const answer = await callBack(await consent(consentUrl), `${await sessionCookieFor(victim.id)}; ${attemptCookie}`);
    expect(await toastOf(answer)).toMatchObject({ type: "error" });
    expect(await getConnectionSummary(victim.id)).toBeNull();
  });

  test("a wrong PKCE verifier is refused by Google, and nothing is connected", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const { consentUrl, attemptCookie } = await startConnecting(cookie);
    // A second attempt's cookie: its verifier does not match the first consent's challenge.
    const first = await consent(consentUrl);
    const second = await startConnecting(cookie);
    const secondState = new URL(second.consentUrl).searchParams.get("state")!;
    first.searchParams.set("state", secondState);
    const answer = await callBack(first, `${cookie}; ${second.attemptCookie}`);
    expect(await toastOf(answer)).toMatchObject({ type: "error", description: CONNECT_MESSAGES.codeRefused });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/token", form: { grant_type: "authorization_code" } });
    expect(await getConnectionSummary(user.id)).toBeNull();
    void attemptCookie;
  });

  test("Cancel on Google's page connects nothing and says so", async () => {
    fake.state.consent = "deny";
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const answer = await connectChannel(cookie);
    expect(await toastOf(answer)).toMatchObject({ type: "error", description: CONNECT_MESSAGES.denied });
  });
});

describe("tokens", () => {
  test("an expired access token is refreshed with the refresh token, and the new one stored sealed", async () => {
    const { userId } = await connectedUser();
    const before = await getAccessToken(userId);
    await prisma.youtubeConnection.update({ where: { userId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
    const tokenCalls = fake.requests.filter((r) => r.path === "/token").length;
    const after = await getAccessToken(userId);
    expect(after).not.toBe(before);
    expect(fake.requests.filter((r) => r.path === "/token").length).toBe(tokenCalls + 1);
    expect(fake.requests.at(-1)?.form.grant_type).toBe("refresh_token");
    const row = await rawRow(userId);
    expect(JSON.stringify(row)).not.toContain(after);
    expect(new Date(String(row.access_token_expires_at)).getTime()).toBeGreaterThan(Date.now() + 3000_000);
    // The next call uses the stored one.
    expect(await getAccessToken(userId)).toBe(after);
    expect(fake.requests.filter((r) => r.path === "/token").length).toBe(tokenCalls + 1);
  });

  test("a refresh answered invalid_grant marks the connection as needing a reconnect, with a clear message", async () => {
    const { userId, cookie } = await connectedUser();
    fake.revokeEverything();
    fake.expireAccessTokens();
    await prisma.youtubeConnection.update({ where: { userId }, data: { accessTokenExpiresAt: new Date(Date.now() - 1000) } });
    const page = await videosPage(cookie);
    expect(page.problem?.kind).toBe("reconnect");
    expect(page.problem?.message).toMatch(/reconnect your channel/i);
    expect((await getConnectionSummary(userId))?.needsReconnect).toBe(true);
    // No more calls to Google until the user reconnects.
    const calls = fake.requests.length;
    expect((await videosPage(cookie)).problem?.kind).toBe("reconnect");
    expect(fake.requests.length).toBe(calls);
    // Connecting again clears it.
    await connectChannel(cookie);
    expect((await getConnectionSummary(userId))?.needsReconnect).toBe(false);
  });
});

describe("the Videos page", () => {
  test("lists the 24 newest uploads with title, date and views", async () => {
    const { cookie } = await connectedUser();
    const page = await videosPage(cookie);
    expect(page.problem).toBeNull();
    expect(page.videos).toHaveLength(24);
    expect(page.videos[0]).toMatchObject({ id: "vid00000000", title: "Video number 1", views: 1234, publishedAt: "2026-11-30T15:00:00.000Z" });
    const playlistCall = fake.requests.find((r) => r.path === "/youtube/v3/playlistItems");
    expect(playlistCall?.query).toMatchObject({ playlistId: fake.uploadsPlaylistId, maxResults: "24" });
    expect(fake.requests.at(-1)?.query.part).toBe("snippet,statistics");
  });

  test.for([
    { failure: "quotaExceeded" as const, kind: "quota", message: /quota/i },
    { failure: "backendError" as const, kind: "unavailable", message: /trouble/i },
  ])("Google's $failure gets a clear message", async ({ failure, kind, message }) => {
    const { cookie } = await connectedUser();
    fake.state.apiFailures.push(failure);
    const page = await videosPage(cookie);
    expect(page.problem?.kind).toBe(kind);
    expect(page.problem?.message).toMatch(message);
  });

  test("an access token Google stopped taking (401) is refreshed once and the call tried again", async () => {
    const { cookie } = await connectedUser();
    fake.expireAccessTokens();
    const page = await videosPage(cookie);
    expect(page.problem).toBeNull();
    expect(page.videos).toHaveLength(24);
  });

  test("a Google that does not answer gets a clear message after the time limit", async () => {
    const { cookie } = await connectedUser();
    fake.state.apiFailures.push("hang");
    // The production limit is 15 s (GOOGLE_REQUEST_TIMEOUT_MS); a second is as
    // good a proof that the call is given up, and not 15 s of waiting per run.
    const limit = env.GOOGLE_REQUEST_TIMEOUT_MS;
    env.GOOGLE_REQUEST_TIMEOUT_MS = 1000;
    try {
      const started = Date.now();
      const page = await videosPage(cookie);
      expect(page.problem?.kind).toBe("timeout");
      expect(page.problem?.message).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(env.GOOGLE_REQUEST_TIMEOUT_MS - 100);
    } finally {
      env.GOOGLE_REQUEST_TIMEOUT_MS = limit;
    }
  });

  test("the thumbnails come through the server", async () => {
    const { cookie } = await connectedUser();
    const answer = await settle(
      thumbnailLoader({ request: getRequest("/resources/youtube/thumbnails/vid00000001", { cookie }), params: { videoId: "vid00000001" }, context: {} }),
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Content-Type")).toBe("image/jpeg");
    expect(fake.requests.at(-1)?.path).toBe("/vi/vid00000001/mqdefault.jpg");
  });
});

describe("disconnecting", () => {
  test("revokes the grant at Google, then deletes the connection", async () => {
    const { userId, cookie } = await connectedUser();
    const row = await prisma.youtubeConnection.findUniqueOrThrow({ where: { userId }, select: { id: true } });
    const refreshToken = [...fake.refreshTokens.keys()].at(-1)!;
    const answer = await settle(disconnectAction({ request: formRequest("/youtube/disconnect", {}, { cookie }), params: {}, context: {} }));
    expect(answer.headers.get("Location")).toBe("/account");
    expect(await toastOf(answer)).toMatchObject({ title: "YouTube channel disconnected" });
    expect(fake.refreshTokens.get(refreshToken)?.revoked).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({ method: "POST", path: "/revoke" });
    expect(await prisma.youtubeConnection.count({ where: { id: row.id } })).toBe(0);
  });

  test("a revoke that fails at Google still deletes here, and says so", async () => {
    const { userId, cookie } = await connectedUser();
    fake.state.revokeFailures.push(500, 500, 500, 500, 500);
    const answer = await settle(disconnectAction({ request: formRequest("/youtube/disconnect", {}, { cookie }), params: {}, context: {} }));
    expect(await toastOf(answer)).toMatchObject({ type: "error", title: "Disconnected here; Google was not told" });
    expect(await getConnectionSummary(userId)).toBeNull();
  });

  test("deleting the account revokes the grant at Google and deletes the tokens", async () => {
    const { userId } = await connectedUser();
    const refreshToken = [...fake.refreshTokens.keys()].at(-1)!;
    await deleteAccount(userId);
    expect(fake.refreshTokens.get(refreshToken)?.revoked).toBe(true);
    expect(await prisma.youtubeConnection.count({ where: { userId } })).toBe(0);
  });
});

describe("between users", () => {
  test("another user's connection is never read: their pages, tokens and disconnect touch only their own", async () => {
    const owner = await connectedUser();
    const stranger = await createTestUser();
    const strangerCookie = await sessionCookieFor(stranger.id);
    expect(await getConnectionSummary(stranger.id)).toBeNull();
    await expect(getAccessToken(stranger.id)).rejects.toMatchObject({ kind: "not-connected" });
    expect((await videosPage(strangerCookie)).channelTitle).toBeNull();
    const picture = await settle(
      thumbnailLoader({ request: getRequest("/resources/youtube/thumbnails/vid00000001", { cookie: strangerCookie }), params: { videoId: "vid00000001" }, context: {} }),
    );
    expect(picture.status).toBe(404);
    const answer = await settle(disconnectAction({ request: formRequest("/youtube/disconnect", {}, { cookie: strangerCookie }), params: {}, context: {} }));
    expect(await toastOf(answer)).toMatchObject({ title: "No YouTube channel was connected" });
    expect(await getConnectionSummary(owner.userId)).not.toBeNull();
  });
});
