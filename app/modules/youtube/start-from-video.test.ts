// Starting a batch from a YouTube video link, on the server, against the fake
// Google and without any YouTube OAuth client: the Generate action looks the
// video up itself, uses its title as the keywords, keeps its thumbnail as the
// batch's style reference (shared by Regenerate, deleted with the last batch
// naming it, kept by the orphan sweep), and spends nothing on a bad link. The
// batch keeps which video it came from (copied by Regenerate), and its page
// hands it to its owner alone, for the feed preview beside the video's own
// thumbnail; /generate?video=<id> starts the page from that video.
import { afterAll, describe, expect, test, vi } from "vitest";

const fake = await vi.hoisted(async () => {
  const { startFakeGoogle } = await import("#tests/support/fake-google-server");
  const started = await startFakeGoogle();
  process.env.GOOGLE_API_ROOT_FOR_TESTS = started.url;
  delete process.env.YOUTUBE_CLIENT_ID;
  delete process.env.YOUTUBE_CLIENT_SECRET;
  return started;
});

const { OEMBED_VIDEOS, PRIVATE_VIDEO_ID } = await import("#tests/support/fake-google-server");
const { runTestGeneration } = await import("#tests/support/batches");
const { createTestPortrait, createTestUser, getRequest, sessionCookieFor, settle } = await import("#tests/utils");
const { regenerateGeneration } = await import("~/modules/generations/create-generation.server");
const { deleteGeneration } = await import("~/modules/generations/generations.server");
const { localProvider } = await import("~/modules/providers/local/local-entry.server");
const { findProvider } = await import("~/modules/providers/registry.server");
const { storage } = await import("~/modules/storage/storage.server");
const { findReferencedKeys } = await import("~/modules/storage/orphan-sweep.server");
const { topicImageFolderOf } = await import("~/modules/topic-images/topic-image-keys");
const { action: generateAction, loader: generateLoader } = await import("~/routes/generate");
const { loader: generationLoader } = await import("~/routes/gallery_.$generationId");
const { loader: oembedLoader } = await import("~/routes/resources.youtube.oembed");
const { loader: pictureLoader } = await import("~/routes/resources.youtube.video-picture.$videoId");
const { prisma } = await import("~/utils/db.server");
const { LOOKUP_MESSAGES } = await import("./video-lookup.server");
const { isYoutubeEnabled } = await import("./oauth-client.server");
type BatchInput = import("~/modules/providers/provider").BatchInput;

afterAll(() => fake.close());

const [video] = OEMBED_VIDEOS;

async function creator() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  return { id: user.id, portraitId: portrait.id, cookie: await sessionCookieFor(user.id) };
}

function post(who: { cookie: string; portraitId: string }, fields: Record<string, string>) {
  const form = new FormData();
  form.set("portraitId", who.portraitId);
  form.set("backgroundCount", "3");
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return settle(generateAction({ request: new Request("http://localhost/generate", { method: "POST", body: form, headers: { Cookie: who.cookie } }), params: {}, context: {} }));
}

async function filesOf(userId: string) {
  const keys: string[] = [];
  for await (const page of storage.list({ prefix: `${topicImageFolderOf(userId)}/` })) keys.push(...page.map((entry) => entry.key));
  return keys;
}

const credits = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { credits: true } })).credits;

describe("the Generate action with a video link", () => {
  test("works without a YouTube client: the title becomes the keywords, the thumbnail the style reference, and the batch gets it", async () => {
    expect(isYoutubeEnabled()).toBe(false);
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const who = await creator();
    const before = await credits(who.id);
    const answer = await post(who, { videoUrl: `https://youtu.be/${video.id}?si=abc`, keywords: "", useVideoStyle: "on" });
    expect(answer.status).toBe(302);
    const generation = await prisma.generation.findFirstOrThrow({
      where: { userId: who.id },
      select: { id: true, keywords: true, styleReferenceKey: true, sourceVideoId: true, sourceVideoTitle: true },
    });
    expect(generation.keywords).toBe(video.title);
    expect(generation).toMatchObject({ sourceVideoId: video.id, sourceVideoTitle: video.title });
    expect(generation.styleReferenceKey).toMatch(new RegExp(`^${topicImageFolderOf(who.id)}/[0-9a-f]+\\.jpg$`));
    expect(await filesOf(who.id)).toEqual([generation.styleReferenceKey]);
    expect(await credits(who.id)).toBe(before - 1);

    const inputs: BatchInput[] = [];
    const startBatch = localProvider.startBatch.bind(localProvider);
    const spy = vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      inputs.push(input);
      return startBatch(input);
    });
    const describeCell = vi.spyOn(findProvider("local")!, "describeCell");
    try {
      expect(await runTestGeneration(generation.id, "start-from-video")).toBe("completed");
    } finally {
      spy.mockRestore();
    }
    expect(inputs[0].styleReference?.key).toBe(generation.styleReferenceKey);
    expect(inputs[0].styleReference?.bytes.equals((await storage.read(generation.styleReferenceKey!))!)).toBe(true);
    // The fake's red picture: two of three backgrounds take the red palette.
    expect(inputs[0].plan.backgrounds.filter((b) => b.paletteIndex === 0)).toHaveLength(2);
    for (const [, , wording] of describeCell.mock.calls) expect(wording).toMatchObject({ styleReference: true });
    describeCell.mockRestore();
  });

  test("keywords typed by the creator win; with the style box unticked nothing is stored", async () => {
    const who = await creator();
    expect((await post(who, { videoUrl: `https://www.youtube.com/shorts/${OEMBED_VIDEOS[1].id}`, keywords: "cable management tips" })).status).toBe(302);
    const generation = await prisma.generation.findFirstOrThrow({
      where: { userId: who.id },
      select: { keywords: true, styleReferenceKey: true, sourceVideoId: true, sourceVideoTitle: true },
    });
    // A shorts link is a video too: its id and real title are kept, whatever the keywords.
    expect(generation).toEqual({ keywords: "cable management tips", styleReferenceKey: null, sourceVideoId: OEMBED_VIDEOS[1].id, sourceVideoTitle: OEMBED_VIDEOS[1].title });
    expect(await filesOf(who.id)).toEqual([]);
  });

  test.each([
    [`https://www.youtube.com/watch?v=${PRIVATE_VIDEO_ID}`, LOOKUP_MESSAGES.private],
    ["https://youtu.be/deletedVid1", LOOKUP_MESSAGES.notFound],
    ["https://www.youtube.com/playlist?list=PL123", "That YouTube link does not name one video"],
  ])("%s is refused on the field, and nothing is spent", async (videoUrl, message) => {
    const who = await creator();
    const before = await credits(who.id);
    const answer = await post(who, { videoUrl, keywords: "", useVideoStyle: "on" });
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as { result: { error: Record<string, string[]> } };
    expect(body.result.error.videoUrl[0]).toContain(message);
    expect(await prisma.generation.count({ where: { userId: who.id } })).toBe(0);
    expect(await credits(who.id)).toBe(before);
    expect(await filesOf(who.id)).toEqual([]);
  });

  test("Regenerate shares the style reference; it goes with the last batch naming it, and the sweep keeps it until then", async () => {
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const who = await creator();
    expect((await post(who, { videoUrl: `https://youtu.be/${video.id}`, keywords: "budget pc", useVideoStyle: "on" })).status).toBe(302);
    const first = await prisma.generation.findFirstOrThrow({ where: { userId: who.id }, select: { id: true, styleReferenceKey: true } });
    const key = first.styleReferenceKey!;
    await prisma.generation.update({ where: { id: first.id }, data: { status: "completed", progress: 100 } });
    const again = await regenerateGeneration(who.id, first.id, null);
    const second = await prisma.generation.findUniqueOrThrow({ where: { id: again.id }, select: { styleReferenceKey: true, sourceVideoId: true, sourceVideoTitle: true } });
    expect(second).toEqual({ styleReferenceKey: key, sourceVideoId: video.id, sourceVideoTitle: video.title });
    expect([...(await findReferencedKeys([key]))]).toEqual([key]);
    await prisma.generation.update({ where: { id: again.id }, data: { status: "completed", progress: 100 } });
    await deleteGeneration(who.id, first.id);
    expect(await storage.read(key)).not.toBeNull();
    await deleteGeneration(who.id, again.id);
    expect(await storage.read(key)).toBeNull();
    expect([...(await findReferencedKeys([key]))]).toEqual([]);
  });
});

describe("a batch's source video", () => {
  const pageOf = (generationId: string, cookie: string) =>
    settle(generationLoader({ request: getRequest(`/gallery/${generationId}`, { cookie }), params: { generationId }, context: {} }));

  test("the generation page hands it to its owner only; a batch typed by hand has none", async () => {
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const who = await creator();
    expect((await post(who, { videoUrl: `www.youtube.com/watch?v=${video.id}&t=42s`, keywords: "" })).status).toBe(302);
    expect((await post(who, { keywords: "no video here" })).status).toBe(302);
    const [fromVideo, typed] = await prisma.generation.findMany({ where: { userId: who.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
    const own = (await (await pageOf(fromVideo.id, who.cookie)).json()) as { generation: { sourceVideo: unknown } };
    expect(own.generation.sourceVideo).toEqual({ id: video.id, title: video.title });
    const plain = (await (await pageOf(typed.id, who.cookie)).json()) as { generation: { sourceVideo: unknown } };
    expect(plain.generation.sourceVideo).toBeNull();
    const stranger = await creator();
    const theirs = await pageOf(fromVideo.id, stranger.cookie);
    expect(theirs.status).toBe(404);
    expect(await theirs.text()).not.toContain(video.id);
  });
});

describe("the Generate page opened from a video (?video=)", () => {
  const startOf = async (query: string, cookie: string) => {
    const answer = await settle(generateLoader({ request: getRequest(`/generate${query}`, { cookie }), params: {}, context: {} }));
    expect(answer.status).toBe(200);
    return ((await answer.json()) as { startVideoUrl: string | null }).startVideoUrl;
  };

  test("a video id pre-fills the link; a bad or missing one is ignored", async () => {
    const who = await creator();
    expect(await startOf(`?video=${video.id}`, who.cookie)).toBe(`https://youtu.be/${video.id}`);
    for (const bad of ["", "?video=", "?video=short", `?video=${video.id}x`, `?video=${encodeURIComponent(`${video.id}?t=1`)}`, `?video=${encodeURIComponent("../../etc/passwd")}`, `?video=${encodeURIComponent(`https://evil.example/${video.id}`)}`]) {
      expect(await startOf(bad, who.cookie), bad).toBeNull();
    }
  });
});

describe("the Look up route", () => {
  test("answers the title, the keywords and a picture served by the app; or the sentence for the field", async () => {
    const who = await creator();
    const ok = await settle(oembedLoader({ request: getRequest(`/resources/youtube/oembed?url=${encodeURIComponent(`youtu.be/${video.id}`)}`, { cookie: who.cookie }), params: {}, context: {} }));
    expect(await ok.json()).toEqual({ videoId: video.id, title: video.title, keywords: video.title, thumbnailUrl: `/resources/youtube/video-picture/${video.id}` });
    const refused = await settle(oembedLoader({ request: getRequest(`/resources/youtube/oembed?url=${encodeURIComponent(`https://youtu.be/${PRIVATE_VIDEO_ID}`)}`, { cookie: who.cookie }), params: {}, context: {} }));
    expect(await refused.json()).toEqual({ error: LOOKUP_MESSAGES.private });
    const picture = await settle(pictureLoader({ request: getRequest(`/resources/youtube/video-picture/${video.id}`, { cookie: who.cookie }), params: { videoId: video.id }, context: {} }));
    expect(picture.headers.get("Content-Type")).toBe("image/jpeg");
    const bad = await settle(pictureLoader({ request: getRequest("/resources/youtube/video-picture/x", { cookie: who.cookie }), params: { videoId: "../../x" }, context: {} }));
    expect(bad.status).toBe(404);
    const anonymous = await settle(oembedLoader({ request: getRequest(`/resources/youtube/oembed?url=x`), params: {}, context: {} }));
    expect(anonymous.status).toBe(302);
  });
});
