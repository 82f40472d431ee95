// Setting a thumbnail on a YouTube video against the fake Google: the bytes
// uploaded are the current version's, each of Google's errors is a sentence,
// another user's thumbnail or another channel's video is 404 with nothing
// uploaded, the previous picture is kept and Put the old one back uploads
// exactly it, the views around the change, and account deletion.
import { afterAll, beforeEach, describe, expect, test, vi } from "vitest";

const fake = await vi.hoisted(async () => {
  const { startFakeGoogle } = await import("#tests/support/fake-google-server");
  const started = await startFakeGoogle({ clientId: "sets-client.apps.googleusercontent.com", clientSecret: "sets-client-secret-value" });
  process.env.GOOGLE_API_ROOT_FOR_TESTS = started.url;
  process.env.YOUTUBE_CLIENT_ID = started.clientId;
  process.env.YOUTUBE_CLIENT_SECRET = started.clientSecret;
  process.env.PUBLIC_URL = "http://localhost";
  return started;
});

const { prisma } = await import("~/utils/db.server");
const { storage } = await import("~/modules/storage/storage.server");
const { deleteAccount } = await import("~/modules/auth/delete-account.server");
const { saveThumbnailVersion } = await import("~/modules/thumbnails/versions.server");
const { editsFromSpec } = await import("~/modules/thumbnails/edits");
const { parseStoredRecipe } = await import("~/modules/design/recipe");
const { findReferencedKeys } = await import("~/modules/storage/orphan-sweep.server");
const { action: setAction, loader: setLoader } = await import("~/routes/thumbnails.$thumbnailId.set-on-youtube");
const { action: videoAction, loader: videoLoader } = await import("~/routes/videos_.$videoId");
const { previousThumbnailFolderOf } = await import("./thumbnail-set-keys");
const { dailyViewsAround } = await import("./video-analytics.server");
const { createFinishedGeneration, createTestUser, formRequest, getRequest, sessionCookieFor, settle } = await import("#tests/utils");
const { connectChannel, toastOf } = await import("#tests/support/youtube-flow");
const { DEFAULT_VIDEOS, OTHER_CHANNEL_VIDEOS } = await import("#tests/support/fake-google-server");

afterAll(() => fake.close());

beforeEach(() => {
  fake.state.thumbnailFailures.length = 0;
  fake.state.apiFailures.length = 0;
  fake.state.analyticsFailures.length = 0;
  fake.state.retryAfter = null;
});

// Each test sets on its own video, so "previous" is the fake's original picture.
let nextVideo = 0;
const freshVideoId = () => DEFAULT_VIDEOS[nextVideo++].id;

async function connectedUserWithThumbnail() {
  const user = await createTestUser();
  const cookie = await sessionCookieFor(user.id);
  const answer = await connectChannel(cookie);
  expect(answer.headers.get("Location"), JSON.stringify(await toastOf(answer))).toBe("/videos");
  const { generationId } = await createFinishedGeneration(user.id, { keywords: "budget gaming PC, under 500 dollars" });
  const thumbnail = await prisma.thumbnail.findFirstOrThrow({ where: { generationId, status: "success" }, select: { id: true, spec: true, storagePath: true } });
  return { userId: user.id, cookie, thumbnail };
}

function setOnVideo(cookie: string, thumbnailId: string, videoId: string) {
  return settle(setAction({ request: formRequest(`/thumbnails/${thumbnailId}/set-on-youtube`, { videoId }, { cookie }), params: { thumbnailId }, context: {} }));
}

async function problemOf(response: Response) {
  return ((await response.json()) as { problem: { kind: string; message: string } }).problem;
}

async function videoPage(cookie: string, videoId: string) {
  const response = await settle(videoLoader({ request: getRequest(`/videos/${videoId}`, { cookie }), params: { videoId }, context: {} }));
  return { status: response.status, data: response.status === 200 ? ((await response.json()) as VideoPage) : null };
}

type VideoPage = {
  video: { id: string; title: string } | null;
  sets: { id: string; thumbnailId: string | null; thumbnailVersion: number; restoredAt: string | null }[];
  views: { changeDay: string; days: { day: string; views: number | null }[] } | null;
  problem: { kind: string; message: string } | null;
};

describe("setting a thumbnail", () => {
  test("uploads exactly the current version's JPEG (after a save in the editor), records it, and keeps the previous picture", async () => {
    const { userId, cookie, thumbnail } = await connectedUserWithThumbnail();
    const saved = await saveThumbnailVersion(userId, thumbnail.id, { ...editsFromSpec(parseStoredRecipe(thumbnail.spec!)), headline: "NEW WORDS" });
    expect(saved).toEqual({ version: 2, created: true });
    const current = await prisma.thumbnailVersion.findFirstOrThrow({ where: { thumbnailId: thumbnail.id, number: 2 }, select: { storagePath: true } });
    const currentBytes = (await storage.read(current.storagePath))!;
    const versionOneBytes = (await storage.read(thumbnail.storagePath!))!;
    expect(currentBytes.equals(versionOneBytes)).toBe(false);

    const videoId = freshVideoId();
    const before = await fetch(`${fake.url}/vi/${videoId}/maxresdefault.jpg`).then(async (r) => Buffer.from(await r.arrayBuffer()));
    const answer = await setOnVideo(cookie, thumbnail.id, videoId);
    expect(answer.status, JSON.stringify(await answer.clone().text())).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/videos/${videoId}`);

    const upload = fake.state.uploads.at(-1)!;
    expect(upload.videoId).toBe(videoId);
    expect(upload.contentType).toBe("image/jpeg");
    expect(upload.bytes.equals(currentBytes)).toBe(true);

    const row = await prisma.thumbnailSet.findFirstOrThrow({ where: { userId, videoId }, select: { thumbnailId: true, thumbnailVersion: true, previousImageKey: true, videoTitle: true } });
    expect(row).toMatchObject({ thumbnailId: thumbnail.id, thumbnailVersion: 2, videoTitle: DEFAULT_VIDEOS.find((v) => v.id === videoId)!.title });
    expect(row.previousImageKey.startsWith(`${previousThumbnailFolderOf(userId)}/`)).toBe(true);
    expect((await storage.read(row.previousImageKey))!.equals(before)).toBe(true);
    // The storage sweep knows the copy is still wanted.
    expect((await findReferencedKeys([row.previousImageKey])).has(row.previousImageKey)).toBe(true);
    // YouTube now serves the new picture.
    const after = await fetch(`${fake.url}/vi/${videoId}/maxresdefault.jpg`).then(async (r) => Buffer.from(await r.arrayBuffer()));
    expect(after.equals(currentBytes)).toBe(true);
  });

  test("the picker lists the channel's uploads for the user's own finished thumbnail", async () => {
    const { cookie, thumbnail } = await connectedUserWithThumbnail();
    const response = await settle(setLoader({ request: getRequest(`/thumbnails/${thumbnail.id}/set-on-youtube`, { cookie }), params: { thumbnailId: thumbnail.id }, context: {} }));
    const data = (await response.json()) as { videos: { id: string }[]; problem: unknown };
    expect(data.problem).toBeNull();
    expect(data.videos.map((v) => v.id)).toEqual(DEFAULT_VIDEOS.slice(0, 24).map((v) => v.id));
  });

  test("another user's thumbnail is 404 and nothing is uploaded", async () => {
    const owner = await connectedUserWithThumbnail();
    const stranger = await connectedUserWithThumbnail();
    const uploads = fake.state.uploads.length;
    const answer = await setOnVideo(stranger.cookie, owner.thumbnail.id, freshVideoId());
    expect(answer.status).toBe(404);
    const picker = await settle(setLoader({ request: getRequest("/x", { cookie: stranger.cookie }), params: { thumbnailId: owner.thumbnail.id }, context: {} }));
    expect(picker.status).toBe(404);
    expect(fake.state.uploads.length).toBe(uploads);
    expect(await prisma.thumbnailSet.count({ where: { userId: stranger.userId } })).toBe(0);
  });

  test("another channel's video is 404, not one of your videos, and nothing is uploaded or stored", async () => {
    const { userId, cookie, thumbnail } = await connectedUserWithThumbnail();
    const uploads = fake.state.uploads.length;
    const answer = await setOnVideo(cookie, thumbnail.id, OTHER_CHANNEL_VIDEOS[0].id);
    expect(answer.status).toBe(404);
    expect((await problemOf(answer)).message).toBe("That video is not one of your channel's videos.");
    expect(fake.state.uploads.length).toBe(uploads);
    expect(await prisma.thumbnailSet.count({ where: { userId } })).toBe(0);
    expect(await listFolder(previousThumbnailFolderOf(userId))).toEqual([]);
    // Its page is not the user's either.
    expect((await videoPage(cookie, OTHER_CHANNEL_VIDEOS[0].id)).status).toBe(404);
  });

  test.for([
    ["forbidden", "not-verified", /verified first .*https:\/\/www\.youtube\.com\/verify/],
    ["uploadRateLimitExceeded", "upload-rate-limit", /limit on thumbnail uploads .* Try again later/],
    ["videoNotFound", "video-not-found", /no such video any more: it was deleted/],
    ["quotaExceeded", "quota", /daily YouTube API quota.*midnight Pacific/],
    ["mediaBodyRequired", "bad-image", /did not accept the image/],
    ["invalidImage", "bad-image", /did not accept the image/],
    ["mediaBodyTooLarge", "too-large", /larger than YouTube's 2 MB limit/],
  ] as const)("thumbnails.set answering %s says so (%s), records nothing and keeps no copy", async ([failure, kind, message]) => {
    const { userId, cookie, thumbnail } = await connectedUserWithThumbnail();
    fake.state.thumbnailFailures.push(failure);
    const answer = await setOnVideo(cookie, thumbnail.id, freshVideoId());
    expect(answer.status).toBe(422);
    const problem = await problemOf(answer);
    expect(problem.kind).toBe(kind);
    expect(problem.message).toMatch(message);
    expect(await prisma.thumbnailSet.count({ where: { userId } })).toBe(0);
    expect(await listFolder(previousThumbnailFolderOf(userId))).toEqual([]);
  });

  test("a 429 with Retry-After says when to try again", async () => {
    const { cookie, thumbnail } = await connectedUserWithThumbnail();
    fake.state.thumbnailFailures.push("uploadRateLimitExceeded");
    fake.state.retryAfter = "Wed, 09 Dec 2026 18:30:00 GMT";
    const problem = await problemOf(await setOnVideo(cookie, thumbnail.id, freshVideoId()));
    expect(problem.message).toBe("YouTube's limit on thumbnail uploads for this channel has been reached. Try again after Dec 9, 2026, 6:30 PM UTC.");
  });

  test("a revoked grant says reconnect your channel", async () => {
    const { cookie, thumbnail } = await connectedUserWithThumbnail();
    fake.revokeEverything();
    const problem = await problemOf(await setOnVideo(cookie, thumbnail.id, freshVideoId()));
    expect(problem.kind).toBe("reconnect");
    expect(problem.message).toMatch(/Reconnect your channel/);
  });

  test("a 401 from thumbnails.set is tried once more with a fresh token, then works", async () => {
    const { cookie, thumbnail } = await connectedUserWithThumbnail();
    fake.state.thumbnailFailures.push("authError");
    const uploads = fake.state.uploads.length;
    expect((await setOnVideo(cookie, thumbnail.id, freshVideoId())).status).toBe(302);
    expect(fake.state.uploads.length).toBe(uploads + 1);
  });
});

async function listFolder(folder: string) {
  const keys: string[] = [];
  for await (const page of storage.list({ prefix: `${folder}/` })) for (const entry of page) keys.push(entry.key);
  return keys;
}

describe("the video's page, Put the old one back, and account deletion", () => {
  test("lists the set with the views around it, and Put the old one back uploads exactly the stored previous picture", async () => {
    const { userId, cookie, thumbnail } = await connectedUserWithThumbnail();
    const videoId = freshVideoId();
    expect((await setOnVideo(cookie, thumbnail.id, videoId)).status).toBe(302);
    const row = await prisma.thumbnailSet.findFirstOrThrow({ where: { userId, videoId }, select: { id: true, previousImageKey: true } });
    const previous = (await storage.read(row.previousImageKey))!;

    const page = await videoPage(cookie, videoId);
    expect(page.status).toBe(200);
    expect(page.data!.problem).toBeNull();
    expect(page.data!.sets).toMatchObject([{ id: row.id, thumbnailId: thumbnail.id, thumbnailVersion: 1, restoredAt: null }]);
    // 7 days before the change, the day itself, and today is the change day: 8 days.
    expect(page.data!.views!.days.length).toBe(8);
    expect(page.data!.views!.days.every((d) => typeof d.views === "number")).toBe(true);

    const stranger = await connectedUserWithThumbnail();
    const uploads = fake.state.uploads.length;
    const strangerAnswer = await settle(
      videoAction({ request: formRequest(`/videos/${videoId}`, { intent: "put-back", thumbnailSetId: row.id }, { cookie: stranger.cookie }), params: { videoId }, context: {} }),
    );
    expect(strangerAnswer.status).toBe(404);
    expect(fake.state.uploads.length).toBe(uploads);

    const answer = await settle(videoAction({ request: formRequest(`/videos/${videoId}`, { intent: "put-back", thumbnailSetId: row.id }, { cookie }), params: { videoId }, context: {} }));
    expect(answer.status, await answer.clone().text()).toBe(302);
    const upload = fake.state.uploads.at(-1)!;
    expect(upload.videoId).toBe(videoId);
    expect(upload.bytes.equals(previous)).toBe(true);
    expect((await prisma.thumbnailSet.findUniqueOrThrow({ where: { id: row.id }, select: { restoredAt: true } })).restoredAt).not.toBeNull();
  });

  test("the views are 7 days before and after the change, from the Analytics API", async () => {
    const { userId } = await connectedUserWithThumbnail();
    const videoId = DEFAULT_VIDEOS[0].id;
    const changedAt = new Date("2026-11-10T12:00:00Z");
    const views = await dailyViewsAround(userId, videoId, changedAt, new Date("2026-12-30T00:00:00Z"));
    expect(views.changeDay).toBe("2026-11-10");
    expect(views.days.map((d) => d.day)).toEqual(Array.from({ length: 15 }, (_, i) => `2026-11-${String(3 + i).padStart(2, "0")}`));
    const report = fake.requests.filter((r) => r.path === "/v2/reports").at(-1)!;
    expect(report.query).toMatchObject({ ids: "channel==MINE", startDate: "2026-11-03", endDate: "2026-11-17", metrics: "views", dimensions: "day", filters: `video==${videoId}` });
  });

  test("an Analytics failure leaves the page up with a message", async () => {
    const { cookie, thumbnail } = await connectedUserWithThumbnail();
    const videoId = freshVideoId();
    expect((await setOnVideo(cookie, thumbnail.id, videoId)).status).toBe(302);
    fake.state.analyticsFailures.push("quotaExceeded");
    const page = await videoPage(cookie, videoId);
    expect(page.status).toBe(200);
    expect(page.data!.sets.length).toBe(1);
    expect(page.data!.views).toBeNull();
    expect(page.data!.problem?.message).toMatch(/quota/);
  });

  test("deleting the account deletes the sets and the stored previous pictures", async () => {
    const { userId, cookie, thumbnail } = await connectedUserWithThumbnail();
    expect((await setOnVideo(cookie, thumbnail.id, freshVideoId())).status).toBe(302);
    const { previousImageKey } = await prisma.thumbnailSet.findFirstOrThrow({ where: { userId }, select: { previousImageKey: true } });
    expect(await storage.read(previousImageKey)).not.toBeNull();
    await deleteAccount(userId, { waitMs: 0 });
    expect(await prisma.thumbnailSet.count({ where: { userId } })).toBe(0);
    expect(await storage.read(previousImageKey)).toBeNull();
    expect(await listFolder(previousThumbnailFolderOf(userId))).toEqual([]);
  });
});
