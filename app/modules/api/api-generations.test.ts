// /api/v1/generations on real HTTP: creates that spend once per
// Idempotency-Key, the batch with its thumbnails, paging, the event stream,
// the ZIP, regenerate and delete, and every refusal in the one error shape
// with the owner's rows untouched.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { multipartBody, readEventStream, zipEntriesOf } from "#tests/support/api-streams";
import { solidJpeg } from "#tests/images";
import { createFinishedGeneration, createTestPortrait, createTestUser, ledgerExplainsBalance } from "#tests/utils";

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

const KEYWORDS = "iPhone 17 review, shocking battery";

async function creator(scopes?: ("read" | "generate" | "edit")[]) {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  return { user, portrait, token: await createTestToken(user.id, scopes) };
}

const create = (token: string, json: unknown, headers: Record<string, string> = {}) =>
  api.call(token, "/api/v1/generations", { method: "POST", json, headers });

/** What the user's rows look like: their batches and their ledger. */
async function ownedState(userId: string) {
  const [generations, ledger, user] = await Promise.all([
    prisma.generation.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, status: true, keywords: true } }),
    prisma.creditLedger.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { id: true, delta: true, reason: true } }),
    prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { credits: true } }),
  ]);
  return { generations, ledger, credits: user.credits };
}

const debits = (userId: string) => prisma.creditLedger.count({ where: { userId, reason: "generation_debit" } });

/** Runs the user's pending batch as the runner would (earlier pending ones in this file are set aside first). */
async function runBatch(generationId: string) {
  await prisma.generation.updateMany({ where: { status: "pending", id: { not: generationId } }, data: { status: "failed", progress: 100 } });
  expect((await claimNextGeneration("api-test", 30_000))?.id).toBe(generationId);
  return processGeneration(generationId, { workerId: "api-test", leaseMs: 30_000, concurrency: 2 });
}

describe("POST /api/v1/generations", () => {
  test("JSON starts a pending batch: 202, Location, its links, one debit", async () => {
    const { user, portrait, token } = await creator(["generate"]);
    const before = (await ownedState(user.id)).credits;
    const response = await create(token, { portraitId: portrait.id, keywords: KEYWORDS, backgroundCount: 2, headline: "Battery SHOCK" });
    expect(response.status).toBe(202);
    const generation = await response.json();
    expect(response.headers.get("Location")).toBe(`/api/v1/generations/${generation.id}`);
    expect(generation).toMatchObject({
      status: "pending",
      keywords: KEYWORDS,
      headline: "Battery SHOCK",
      provider: "local",
      modelDraws: "scene",
      backgroundCount: 2,
      finishedAt: null,
      credits: env.CREDITS_PER_GENERATION,
      progress: { percent: 0, done: 0, total: 2 * env.PROMPTS_PER_GENERATION },
      links: { self: `/api/v1/generations/${generation.id}`, events: `/api/v1/generations/${generation.id}/events`, zip: `/api/v1/generations/${generation.id}/zip` },
    });
    expect(await debits(user.id)).toBe(1);
    expect((await ownedState(user.id)).credits).toBe(before - env.CREDITS_PER_GENERATION);
    expect(await ledgerExplainsBalance(user.id)).toEqual(expect.objectContaining({ balance: before - env.CREDITS_PER_GENERATION }));
  });

  test("the same Idempotency-Key twice: one batch, one debit, the first answer replayed; another body with it is 409", async () => {
    const { user, portrait, token } = await creator(["generate"]);
    const headers = { "Idempotency-Key": "7f1c6a3e-5b0e-4c59-9a55-0b6b1f6e9d21" };
    const body = { portraitId: portrait.id, keywords: KEYWORDS };
    const first = await create(token, body, headers);
    const second = await create(token, body, headers);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(first.headers.get("Idempotent-Replayed")).toBeNull();
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const answer = await first.json();
    expect(await second.json()).toEqual(answer);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    expect(await debits(user.id)).toBe(1);

    const conflict = await create(token, { ...body, keywords: "A different batch entirely" }, headers);
    expect(await apiErrorOf(conflict)).toMatchObject({ status: 409, code: "idempotency_conflict", field: "Idempotency-Key" });
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    expect(await debits(user.id)).toBe(1);
  });

  test("multipart with topic images: the same fields and files under one key make one batch; another file is 409", async () => {
    const { user, portrait, token } = await creator(["generate", "read"]);
    const photo = await solidJpeg(640, 360, "#c0392b");
    const send = (bytes: Buffer) =>
      api.call(token, "/api/v1/generations", {
        method: "POST",
        headers: { "Idempotency-Key": `multipart-${user.id}` },
        body: multipartBody({ portraitId: portrait.id, keywords: KEYWORDS, backgroundCount: "1" }, [["topicImage", "product.jpg", bytes]]),
      });
    const first = await send(photo);
    expect(first.status).toBe(202);
    const generation = await first.json();
    expect(generation.topicImageCount).toBe(1);
    const again = await send(photo);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await again.json()).id).toBe(generation.id);
    expect(await apiErrorOf(await send(await solidJpeg(640, 360, "#2980b9")))).toMatchObject({ status: 409, code: "idempotency_conflict" });
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(1);
    expect(await debits(user.id)).toBe(1);
  });

  test("bad fields are 400 naming the field, with the Generate form's messages, and spend nothing", async () => {
    const { user, portrait, token } = await creator(["generate"]);
    const cases: [unknown, string][] = [
      [{ portraitId: portrait.id, keywords: "x" }, "keywords"],
      [{ portraitId: portrait.id }, "keywords"],
      [{ keywords: KEYWORDS }, "portraitId"],
      [{ portraitId: portrait.id, keywords: KEYWORDS, backgroundCount: 9 }, "backgroundCount"],
      [{ portraitId: portrait.id, keywords: KEYWORDS, headline: "one two three four five six seven" }, "headline"],
      [{ portraitId: portrait.id, keywords: KEYWORDS, modelDraws: "nothing" }, "modelDraws"],
      [{ portraitId: portrait.id, keywords: KEYWORDS, provider: "no-such-service" }, "provider"],
      [{ portraitId: portrait.id, keywords: KEYWORDS, videoUrl: "https://example.com/not-youtube" }, "videoUrl"],
    ];
    for (const [body, field] of cases) {
      expect(await apiErrorOf(await create(token, body)), JSON.stringify(body)).toMatchObject({ status: 400, code: "invalid_field", field });
    }
    const keywords = await apiErrorOf(await create(token, { portraitId: portrait.id, keywords: "x" }));
    expect(keywords.message).toBe("Use at least 2 characters of keywords.");
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
    expect(await debits(user.id)).toBe(0);
  });

  test("another user's portrait is refused as the page refuses it, and their rows are untouched", async () => {
    const owner = await creator();
    const stranger = await creator(["generate"]);
    const before = await ownedState(owner.user.id);
    const response = await create(stranger.token, { portraitId: owner.portrait.id, keywords: KEYWORDS });
    expect(await apiErrorOf(response)).toMatchObject({ status: 400, field: "portraitId" });
    expect(await ownedState(owner.user.id)).toEqual(before);
    expect(await prisma.generation.count({ where: { userId: stranger.user.id } })).toBe(0);
  });

  test("no credits: 402, nothing made, the ledger unchanged", async () => {
    const { user, portrait, token } = await creator(["generate"]);
    await prisma.user.update({ where: { id: user.id }, data: { credits: 0 } });
    const before = await ownedState(user.id);
    expect(await apiErrorOf(await create(token, { portraitId: portrait.id, keywords: KEYWORDS }))).toMatchObject({ status: 402, code: "insufficient_credits" });
    expect(await ownedState(user.id)).toEqual(before);
  });

  test("a topic image over the size limit is 413; no token is 401; a read-only token is 403", async () => {
    const { user, portrait, token } = await creator();
    const huge = Buffer.alloc(env.PORTRAIT_MAX_MB * 1_000_000 + 1000, 1);
    const response = await api.call(token, "/api/v1/generations", {
      method: "POST",
      body: multipartBody({ portraitId: portrait.id, keywords: KEYWORDS }, [["topicImage", "huge.jpg", huge]]),
    });
    expect(await apiErrorOf(response)).toMatchObject({ status: 413, code: "payload_too_large", field: "topicImage" });
    expect(await apiErrorOf(await api.call(null, "/api/v1/generations", { method: "POST", json: { portraitId: portrait.id, keywords: KEYWORDS } }))).toMatchObject({ status: 401 });
    const readOnly = await createTestToken(user.id, ["read", "edit"]);
    expect(await apiErrorOf(await create(readOnly, { portraitId: portrait.id, keywords: KEYWORDS }))).toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("GET /api/v1/generations/{generationId}", () => {
  test("a finished batch with its thumbnails: headline, background, version and links to the thumbnail routes", async () => {
    const user = await createTestUser();
    const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: 2 });
    const token = await createTestToken(user.id, ["read"]);
    const response = await api.call(token, `/api/v1/generations/${generationId}`);
    expect(response.status).toBe(200);
    const generation = await response.json();
    expect(generation).toMatchObject({ id: generationId, status: "completed", finishedAt: expect.any(String) });
    expect(generation.progress).toMatchObject({ percent: 100, done: generation.progress.total });
    expect(generation.thumbnails).toHaveLength(2 * env.PROMPTS_PER_GENERATION);
    for (const thumbnail of generation.thumbnails) {
      expect(thumbnail).toMatchObject({
        status: "success",
        version: 1,
        headline: expect.any(String),
        background: expect.stringMatching(/ in /),
        links: { self: `/api/v1/thumbnails/${thumbnail.id}`, image: `/api/v1/thumbnails/${thumbnail.id}/image` },
      });
    }
  });

  test("another user's batch is 404 on every route, and nothing of theirs changes", async () => {
    const owner = await createTestUser();
    const { generationId } = await createFinishedGeneration(owner.id);
    const stranger = await createTestToken((await createTestUser()).id);
    const before = await ownedState(owner.id);
    for (const [method, path] of [
      ["GET", ""],
      ["DELETE", ""],
      ["POST", "/regenerate"],
      ["GET", "/events"],
      ["GET", "/zip"],
    ] as const) {
      const response = await api.call(stranger, `/api/v1/generations/${generationId}${path}`, { method });
      expect(await apiErrorOf(response), `${method} ${path}`).toMatchObject({ status: 404, code: "not_found" });
    }
    expect(await ownedState(owner.id)).toEqual(before);
  });
});

describe("GET /api/v1/generations", () => {
  test("the cursor walks every batch exactly once, newest first, only the caller's", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const at = Date.now();
    // Batches started in the same millisecond: the id orders them, so none is skipped or repeated.
    await prisma.generation.createMany({
      data: [
        ...Array.from({ length: 23 }, (_, i) => ({ userId: user.id, portraitKey: "portraits/none/p.jpg", keywords: `Batch ${i}`, status: "completed", progress: 100, createdAt: new Date(at - Math.floor(i / 4) * 1000) })),
        { userId: other.id, portraitKey: "portraits/none/p.jpg", keywords: "Not yours", createdAt: new Date(at) },
      ],
    });
    const expected = (await prisma.generation.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })).map((g) => g.id);
    const token = await createTestToken(user.id, ["read"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await api.call(token, `/api/v1/generations?limit=5${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: { id: string; links: { self: string } }[]; nextCursor: string | null };
      seen.push(...page.data.map((g) => g.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(pages).toBe(5);
    const first = await (await api.call(token, "/api/v1/generations")).json();
    expect(first.data).toHaveLength(20);
  });
});

describe("events and ZIP", () => {
  test("the event stream follows a batch to its end: a snapshot, progress, every thumbnail, then it closes", async () => {
    const { portrait, token } = await creator();
    const created = await (await create(token, { portraitId: portrait.id, keywords: KEYWORDS, backgroundCount: 1 })).json();
    const response = await api.call(token, created.links.events);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const reading = readEventStream(response.body!);
    expect(await runBatch(created.id)).toBe("completed");
    const { events, ended } = await reading;
    expect(ended).toBe(true);
    expect(events[0].event).toBe("snapshot");
    expect(JSON.parse(events[0].data)).toMatchObject({ id: created.id, status: "pending" });
    const thumbnails = events.filter((e) => e.event === "thumbnail").map((e) => JSON.parse(e.data).thumbnail);
    expect(thumbnails.filter((t) => t.status === "success")).toHaveLength(env.PROMPTS_PER_GENERATION);
    expect(JSON.parse(events.at(-1)!.data).generation.status).toBe("completed");
  });

  test("the ZIP downloads a finished batch; a batch with nothing finished is 409", async () => {
    const user = await createTestUser();
    const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: 2 });
    const token = await createTestToken(user.id, ["read"]);
    const response = await api.call(token, `/api/v1/generations/${generationId}/zip`);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toContain(".zip");
    const { listing, manifest } = await zipEntriesOf(response);
    expect(listing.filter((name) => name.endsWith(".jpg"))).toHaveLength(2 * env.PROMPTS_PER_GENERATION);
    expect(listing).toContain("manifest.json");
    expect(manifest.thumbnails).toHaveLength(2 * env.PROMPTS_PER_GENERATION);

    const [one] = (await (await api.call(token, `/api/v1/generations/${generationId}`)).json()).thumbnails;
    const selected = await zipEntriesOf(await api.call(token, `/api/v1/generations/${generationId}/zip?thumbnailIds=${one.id}`));
    expect(selected.listing.filter((name) => name.endsWith(".jpg"))).toHaveLength(1);

    const portrait = await createTestPortrait(user.id);
    const pending = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: KEYWORDS, headline: null, backgroundCount: 1, submissionKey: null });
    expect(await apiErrorOf(await api.call(token, `/api/v1/generations/${pending.id}/zip`))).toMatchObject({ status: 409, code: "conflict" });
  });
});

describe("regenerate and delete", () => {
  test("regenerate makes a new batch with the same settings and one debit per Idempotency-Key", async () => {
    const user = await createTestUser();
    const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: 2 });
    const token = await createTestToken(user.id, ["generate"]);
    const before = await debits(user.id);
    const headers = { "Idempotency-Key": `again-${generationId}` };
    const first = await api.call(token, `/api/v1/generations/${generationId}/regenerate`, { method: "POST", headers });
    const second = await api.call(token, `/api/v1/generations/${generationId}/regenerate`, { method: "POST", headers });
    expect(first.status).toBe(202);
    const made = await first.json();
    expect(made).toMatchObject({ status: "pending", keywords: KEYWORDS, backgroundCount: 2 });
    expect(made.id).not.toBe(generationId);
    expect(first.headers.get("Location")).toBe(`/api/v1/generations/${made.id}`);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await debits(user.id)).toBe(before + 1);
  });

  test("delete: a running batch is 409 and kept; a finished one is 204 and gone; it needs the edit scope", async () => {
    const { user, portrait, token } = await creator();
    const running = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: KEYWORDS, headline: null, backgroundCount: 1, submissionKey: null });
    expect(await apiErrorOf(await api.call(token, `/api/v1/generations/${running.id}`, { method: "DELETE" }))).toMatchObject({ status: 409, code: "conflict" });
    expect(await prisma.generation.count({ where: { id: running.id } })).toBe(1);
    const { generationId } = await createFinishedGeneration(user.id, { portraitId: portrait.id });
    const readOnly = await createTestToken(user.id, ["read", "generate"]);
    expect(await apiErrorOf(await api.call(readOnly, `/api/v1/generations/${generationId}`, { method: "DELETE" }))).toMatchObject({ status: 403 });
    expect((await api.call(token, `/api/v1/generations/${generationId}`, { method: "DELETE" })).status).toBe(204);
    expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
  });
});
