// The video lookup against the fake Google on loopback, with no OAuth client
// set up: the URL start needs no YouTube account.
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, test, vi } from "vitest";

const fake = await vi.hoisted(async () => {
  const { startFakeGoogle } = await import("#tests/support/fake-google-server");
  const started = await startFakeGoogle();
  process.env.GOOGLE_API_ROOT_FOR_TESTS = started.url;
  delete process.env.YOUTUBE_CLIENT_ID;
  delete process.env.YOUTUBE_CLIENT_SECRET;
  return started;
});

const { fetchStyleReference, lookupVideo, LOOKUP_MESSAGES } = await import("./video-lookup.server");
const { OEMBED_VIDEOS, PRIVATE_VIDEO_ID } = await import("#tests/support/fake-google-server");
const { VIDEO_URL_MESSAGES } = await import("./video-url");

afterAll(() => fake.close());
beforeEach(() => {
  fake.state.oembedFailures.length = 0;
  fake.requests.length = 0;
});

describe("lookupVideo", () => {
  test("reads the title through oEmbed, asking about the canonical watch link, without a YouTube client", async () => {
    const [video] = OEMBED_VIDEOS;
    expect(await lookupVideo(`https://youtu.be/${video.id}?si=tracking&t=12`)).toEqual({
      ok: true,
      videoId: video.id,
      title: video.title,
      authorName: fake.channel.title,
    });
    const asked = fake.requests.find((r) => r.path === "/oembed");
    expect(asked?.query).toEqual({ url: `https://www.youtube.com/watch?v=${video.id}`, format: "json" });
  });

  test("a private (401), deleted (404) or refused (400) video gets its own sentence", async () => {
    expect(await lookupVideo(`https://www.youtube.com/watch?v=${PRIVATE_VIDEO_ID}`)).toEqual({ ok: false, error: LOOKUP_MESSAGES.private });
    expect(await lookupVideo("https://www.youtube.com/watch?v=deletedVid1")).toEqual({ ok: false, error: LOOKUP_MESSAGES.notFound });
    fake.state.oembedFailures.push(400);
    expect(await lookupVideo(`https://www.youtube.com/watch?v=${OEMBED_VIDEOS[0].id}`)).toEqual({ ok: false, error: LOOKUP_MESSAGES.refused });
    fake.state.oembedFailures.push(503);
    expect(await lookupVideo(`https://www.youtube.com/watch?v=${OEMBED_VIDEOS[0].id}`)).toEqual({ ok: false, error: LOOKUP_MESSAGES.unexpected });
  });

  test("a malformed link is refused before anything is asked", async () => {
    expect(await lookupVideo("https://www.youtube.com/@channel")).toEqual({ ok: false, error: VIDEO_URL_MESSAGES.notAVideo });
    expect(fake.requests).toEqual([]);
  });

  test("no answer in time is said as such", async () => {
    fake.state.oembedFailures.push("hang");
    expect(await lookupVideo(`https://youtu.be/${OEMBED_VIDEOS[0].id}`, { timeoutMs: 300 })).toEqual({ ok: false, error: LOOKUP_MESSAGES.timedOut });
  });
});

describe("fetchStyleReference", () => {
  test("the large picture when there is one, a normalized JPEG", async () => {
    const reference = await fetchStyleReference(OEMBED_VIDEOS[1].id);
    expect(reference).toMatchObject({ contentType: "image/jpeg", width: 1280, height: 720 });
    expect(fake.requests.map((r) => r.path)).toEqual([`/vi/${OEMBED_VIDEOS[1].id}/maxresdefault.jpg`]);
  });

  test("falls back to hqdefault when maxres is missing, without its black bands", async () => {
    const reference = await fetchStyleReference(OEMBED_VIDEOS[0].id);
    expect(reference).toMatchObject({ contentType: "image/jpeg", width: 480, height: 270 });
    expect(fake.requests.map((r) => r.path)).toEqual([`/vi/${OEMBED_VIDEOS[0].id}/maxresdefault.jpg`, `/vi/${OEMBED_VIDEOS[0].id}/hqdefault.jpg`]);
    const { dominant } = await sharp(reference!.image).stats();
    expect(dominant.r).toBeGreaterThan(150);
  });
});
