import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test, vi } from "vitest";
import { generationListenerCount, publishGenerationEvent } from "~/modules/events/generation-events.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { streamGenerationEvents } from "~/modules/generations/generation-stream.server";
import { planGeneration } from "~/modules/design/plan";
import { recordKieSignatureCheck, resetKieCallbackHealth } from "~/modules/providers/kie/kie-callback-health.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser, formRequest, getRequest, ledgerExplainsBalance, sessionCookieFor, settle } from "#tests/utils";
import { loader as galleryLoader } from "./gallery";
import { action as generationAction, loader as generationLoader } from "./gallery_.$generationId";
import { loader as eventsLoader } from "./resources.generations.$generationId.events";
import { loader as zipLoader } from "./resources.generations.$generationId.zip";
import { loader as thumbnailLoader } from "./resources.thumbnails.$thumbnailId";

async function signedInWithGeneration(backgroundCount = 1, { run = false } = {}) {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const cookie = await sessionCookieFor(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "iPhone 17 review, shocking battery", headline: null, backgroundCount, submissionKey: null });
  if (run) {
    // Finish any generation left pending by an earlier test first, so the claim picks ours.
    await prisma.generation.updateMany({ where: { status: "pending", id: { not: id } }, data: { status: "failed" } });
    const claimed = await claimNextGeneration("gallery-test", 30_000);
    expect(claimed?.id).toBe(id);
    await processGeneration(id, { workerId: "gallery-test", concurrency: 2 });
  }
  return { user, portrait, cookie, generationId: id };
}

type SseEvent = { event: string; data: string };

/** Reads server-sent events from a response body until `count` arrived or the stream ended. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  let ended = false;
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    buffer += decoder.decode(value, { stream: true });
    let split;
    while ((split = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? "";
      events.push({ event, data });
    }
  }
  reader.releaseLock();
  return { events, ended };
}

function openEvents(generationId: string, cookie: string, signal?: AbortSignal) {
  const request = new Request(`http://localhost/resources/generations/${generationId}/events`, { headers: { Cookie: cookie }, signal });
  return settle(eventsLoader({ request, params: { generationId }, context: {} }));
}

describe("live progress over server-sent events", () => {
  test("sends the snapshot first, then each change, and ends when the generation is terminal", async () => {
    const { cookie, generationId } = await signedInWithGeneration();
    const response = await openEvents(generationId, cookie);
    expect(response.headers.get("Content-Type")).toBe("text/event-stream");
    expect(response.headers.get("X-Accel-Buffering")).toBe("no");
    expect(response.headers.get("Cache-Control")).toBe("no-cache");

    const first = await readEvents(response.body!, 1);
    expect(first.events[0].event).toBe("snapshot");
    expect(JSON.parse(first.events[0].data)).toMatchObject({ id: generationId, status: "pending", progress: 0 });
    expect(generationListenerCount(generationId)).toBe(1);

    const base = { id: generationId, thumbnailCount: 3, errorMessage: null, estimatedSeconds: null };
    publishGenerationEvent({ type: "progress", generation: { ...base, status: "processing", progress: 40, currentStep: "Rendering 2 of 3" } });
    publishGenerationEvent({ type: "progress", generation: { ...base, status: "completed", progress: 100, currentStep: "Done" } });
    const rest = await readEvents(response.body!, 5);
    expect(rest.events.map((e) => e.event)).toEqual(["progress", "progress"]);
    expect(JSON.parse(rest.events[0].data).generation).toMatchObject({ progress: 40, currentStep: "Rendering 2 of 3" });
    expect(rest.ended).toBe(true);
    expect(generationListenerCount(generationId)).toBe(0);
  });

  test("a finished generation gets its snapshot and an immediate end", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const response = await openEvents(generationId, cookie);
    const { events, ended } = await readEvents(response.body!, 5);
    expect(events.map((e) => e.event)).toEqual(["snapshot"]);
    expect(JSON.parse(events[0].data).thumbnails).toHaveLength(3);
    expect(ended).toBe(true);
    expect(generationListenerCount(generationId)).toBe(0);
  });

  test("a client that disconnects leaves no listener behind", async () => {
    const { cookie, generationId } = await signedInWithGeneration();
    const controller = new AbortController();
    const response = await openEvents(generationId, cookie, controller.signal);
    await readEvents(response.body!, 1);
    expect(generationListenerCount(generationId)).toBe(1);
    controller.abort();
    expect(generationListenerCount(generationId)).toBe(0);
  });

  test("a heartbeat keeps idle connections open", async () => {
    const { user, generationId } = await signedInWithGeneration();
    const controller = new AbortController();
    const request = new Request("http://localhost/", { signal: controller.signal });
    const response = (await streamGenerationEvents(request, user.id, generationId, { heartbeatMs: 30 }))!;
    const { events } = await readEvents(response.body!, 3);
    expect(events.map((e) => e.event)).toEqual(["snapshot", "heartbeat", "heartbeat"]);
    controller.abort();
    expect(generationListenerCount(generationId)).toBe(0);
  });

  test("another user's generation answers 404 and subscribes nothing", async () => {
    const { generationId } = await signedInWithGeneration();
    const stranger = await createTestUser();
    const response = await openEvents(generationId, await sessionCookieFor(stranger.id));
    expect(response.status).toBe(404);
    expect(generationListenerCount(generationId)).toBe(0);
  });

  test("a visitor gets 401, which stops EventSource from retrying, not a redirect to an HTML page", async () => {
    const { generationId } = await signedInWithGeneration();
    const response = await openEvents(generationId, "");
    expect(response.status).toBe(401);
    expect(generationListenerCount(generationId)).toBe(0);
  });
});

function zipRequest(generationId: string, cookie: string, query = "") {
  const request = new Request(`http://localhost/resources/generations/${generationId}/zip${query}`, { headers: { Cookie: cookie } });
  return settle(zipLoader({ request, params: { generationId }, context: {} }));
}

async function zipEntries(response: Response) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-zip-")), "batch.zip");
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  execFileSync("unzip", ["-tq", file]);
  const listing = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n");
  const manifest = JSON.parse(execFileSync("unzip", ["-p", file, "manifest.json"], { encoding: "utf8" }));
  const methods = execFileSync("zipinfo", ["-v", file], { encoding: "utf8" });
  return { listing, manifest, stored: !/compression method:\s+deflated/.test(methods) };
}

describe("ZIP downloads", () => {
  test("streams every thumbnail, stored as is, with sensible names and a manifest of prompts", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const response = await zipRequest(generationId, cookie);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="iphone-17-review-shocking-battery.zip"');
    const { listing, manifest, stored } = await zipEntries(response);
    expect(listing).toEqual([
      "manifest.json",
      "iphone-17-review-shocking-battery-headline1-background1.jpg",
      "iphone-17-review-shocking-battery-headline2-background1.jpg",
      "iphone-17-review-shocking-battery-headline3-background1.jpg",
    ]);
    expect(stored).toBe(true);
    expect(manifest.thumbnails[1]).toMatchObject({ file: listing[2], headline: 2, background: 1 });
    // The manifest carries each thumbnail's own prompt: the second headline of the plan.
    const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 1 });
    expect(manifest.thumbnails[1].prompt).toContain(`Headline "${plan.prompts[1].words.join(" ")}"`);
  });

  test("a selection downloads only the chosen thumbnails", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const ids = await prisma.thumbnail.findMany({ where: { generationId }, orderBy: { promptIndex: "asc" }, select: { id: true } });
    const response = await zipRequest(generationId, cookie, `?thumbnail=${ids[0].id}&thumbnail=${ids[2].id}`);
    expect(response.headers.get("Content-Disposition")).toContain("-selection.zip");
    const { listing } = await zipEntries(response);
    expect(listing.filter((n) => n.endsWith(".jpg"))).toEqual([
      "iphone-17-review-shocking-battery-headline1-background1.jpg",
      "iphone-17-review-shocking-battery-headline3-background1.jpg",
    ]);
  });

  test("downloading a selection with nothing selected says so", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const response = await zipRequest(generationId, cookie, "?selection=1");
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("Tick the thumbnails you want first, then download the selection.");
  });

  test("a generation with nothing finished gets a clear message, not a broken archive", async () => {
    const { cookie, generationId } = await signedInWithGeneration();
    const response = await zipRequest(generationId, cookie);
    expect(response.status).toBe(409);
    expect(await response.text()).toBe("This batch has no finished thumbnails yet. Try again when some have arrived.");
    await prisma.generation.update({ where: { id: generationId }, data: { status: "failed" } });
    expect(await (await zipRequest(generationId, cookie)).text()).toBe("This batch failed and has no thumbnails to download.");
  });

  test("another user's generation answers 404", async () => {
    const { generationId } = await signedInWithGeneration(1, { run: true });
    const stranger = await createTestUser();
    expect((await zipRequest(generationId, await sessionCookieFor(stranger.id))).status).toBe(404);
  });

  test("a client that leaves mid-download stops the archive: nothing more is read", async () => {
    const { cookie, generationId } = await signedInWithGeneration(3, { run: true });
    // Reads wait until the test opens them, so the archive cannot run ahead
    // of the client before it leaves.
    let openReads!: () => void;
    const readsOpen = new Promise<void>((resolve) => (openReads = resolve));
    const read = storage.read.bind(storage);
    const reads = vi.spyOn(storage, "read").mockImplementation(async (key) => {
      await readsOpen;
      return read(key);
    });
    const controller = new AbortController();
    const request = new Request(`http://localhost/resources/generations/${generationId}/zip`, { headers: { Cookie: cookie }, signal: controller.signal });
    const response = await settle(zipLoader({ request, params: { generationId }, context: {} }));
    const reader = response.body!.getReader();
    await reader.read();
    const readsWhenLeaving = reads.mock.calls.length;
    expect(readsWhenLeaving).toBeLessThan(9);

    // What the server's adapter does when the browser goes away: the request
    // is aborted, and the body is read on until it ends.
    controller.abort();
    openReads();
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) break;
    }
    await Promise.allSettled(reads.mock.results.map((r) => r.value));
    expect(reads.mock.calls.length).toBe(readsWhenLeaving);
    reads.mockRestore();
  });
});

describe("generation and thumbnail actions", () => {
  function act(generationId: string, fields: Record<string, string>, cookie: string) {
    return settle(generationAction({ request: formRequest(`/gallery/${generationId}`, fields, { cookie }), params: { generationId }, context: {} }));
  }

  test("a thumbnail downloads under a name made of the keywords and indices", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const thumbnail = await prisma.thumbnail.findFirstOrThrow({ where: { generationId, promptIndex: 1 }, select: { id: true } });
    const request = new Request(`http://localhost/resources/thumbnails/${thumbnail.id}?download`, { headers: { Cookie: cookie } });
    const response = await settle(thumbnailLoader({ request, params: { thumbnailId: thumbnail.id }, context: {} }));
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="iphone-17-review-shocking-battery-headline2-background1.jpg"');
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    await response.body?.cancel();
  });

  test("delete removes the generation, its thumbnails and files", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const keys = (await prisma.thumbnail.findMany({ where: { generationId }, select: { storagePath: true } })).map((t) => t.storagePath!);
    const response = await act(generationId, { intent: "delete" }, cookie);
    expect(response.headers.get("Location")).toBe("/gallery?tab=history");
    expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
    for (const key of keys) expect(await storage.exists(key)).toBe(false);
  });

  test("deleting the last generation of a deleted portrait frees the portrait snapshot", async () => {
    const { user, portrait, cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const { normalizedKey } = await prisma.portrait.findUniqueOrThrow({ where: { id: portrait.id }, select: { normalizedKey: true } });
    await prisma.portrait.delete({ where: { id: portrait.id } });
    expect(await storage.exists(normalizedKey)).toBe(true);
    await act(generationId, { intent: "delete" }, cookie);
    expect(await storage.exists(normalizedKey)).toBe(false);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });

  test("regenerate makes a new batch with the same settings, even after the portrait is gone", async () => {
    const { user, portrait, cookie, generationId } = await signedInWithGeneration(2, { run: true });
    await prisma.portrait.delete({ where: { id: portrait.id } });
    const response = await act(generationId, { intent: "regenerate" }, cookie);
    const newId = response.headers.get("Location")!.split("/").pop()!;
    expect(newId).not.toBe(generationId);
    const [a, b] = await Promise.all(
      [generationId, newId].map((id) => prisma.generation.findUniqueOrThrow({ where: { id }, select: { keywords: true, backgroundCount: true, portraitKey: true, headline: true } })),
    );
    expect(b).toEqual(a);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 8, ledgerSum: 8 });
  });

  test("regenerate of a batch the form would refuse today answers 400 with the reason, and spends nothing", async () => {
    const { user, portrait, cookie } = await signedInWithGeneration(1);
    const long = "pneumonoultramicroscopicsilicovolcanoconiosisxyzabcdefghijkl";
    const old = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: `review ${long}`, headline: null, backgroundCount: 1, submissionKey: null });
    const balance = (await ledgerExplainsBalance(user.id)).balance;
    const response = await act(old.id, { intent: "regenerate" }, cookie);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^This batch cannot be made again as it is\. “pneumonoultramicrosc…” \(60 letters\) is too long to fit on a thumbnail/);
    expect((await ledgerExplainsBalance(user.id)).balance).toBe(balance);
  });

  test("deleting one thumbnail removes it and its file", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1, { run: true });
    const thumbnail = await prisma.thumbnail.findFirstOrThrow({ where: { generationId }, select: { id: true, storagePath: true } });
    const response = await act(generationId, { intent: "delete-thumbnail", thumbnailId: thumbnail.id }, cookie);
    expect(response.status).toBe(200);
    expect(await prisma.thumbnail.count({ where: { id: thumbnail.id } })).toBe(0);
    expect(await storage.exists(thumbnail.storagePath!)).toBe(false);
  });

  test("a running generation cannot be deleted yet", async () => {
    const { cookie, generationId } = await signedInWithGeneration();
    const response = await act(generationId, { intent: "delete" }, cookie);
    expect(response.status).toBe(409);
    expect(await response.text()).toMatch(/still being made/);
    expect(await prisma.generation.count({ where: { id: generationId } })).toBe(1);
  });

  test("another user's ids answer 404 to the page and every action, and change nothing", async () => {
    const { user, generationId } = await signedInWithGeneration(1, { run: true });
    const thumbnail = await prisma.thumbnail.findFirstOrThrow({ where: { generationId }, select: { id: true } });
    const stranger = await createTestUser();
    const cookie = await sessionCookieFor(stranger.id);
    expect((await settle(generationLoader({ request: getRequest(`/gallery/${generationId}`, { cookie }), params: { generationId }, context: {} }))).status).toBe(404);
    const attempts: Record<string, string>[] = [{ intent: "delete" }, { intent: "regenerate" }, { intent: "delete-thumbnail", thumbnailId: thumbnail.id }];
    for (const fields of attempts) {
      expect((await act(generationId, fields, cookie)).status).toBe(404);
    }
    const request = new Request(`http://localhost/resources/thumbnails/${thumbnail.id}`, { headers: { Cookie: cookie } });
    expect((await settle(thumbnailLoader({ request, params: { thumbnailId: thumbnail.id }, context: {} }))).status).toBe(404);
    expect(await prisma.thumbnail.count({ where: { generationId } })).toBe(3);
    expect(await ledgerExplainsBalance(stranger.id)).toEqual({ balance: 10, ledgerSum: 10 });
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });
});

describe("the gallery page", () => {
  test("Current shows the running generation; History pages through the rest, newest first", async () => {
    const { user, portrait, cookie, generationId: finished } = await signedInWithGeneration(1, { run: true });
    const running = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "still going", headline: null, backgroundCount: 1, submissionKey: null });
    const current = (await (await settle(galleryLoader({ request: getRequest("/gallery", { cookie }), params: {}, context: {} }))).json()) as { current: { id: string } };
    expect(current.current.id).toBe(running.id);
    const history = (await (await settle(galleryLoader({ request: getRequest("/gallery?tab=history", { cookie }), params: {}, context: {} }))).json()) as {
      history: { generations: { id: string; thumbnails: unknown[] }[]; total: number };
    };
    expect(history.history.total).toBe(2);
    expect(history.history.generations.map((g) => g.id)).toEqual([running.id, finished]);
    expect(history.history.generations[1].thumbnails).toHaveLength(3);
  });
});

describe("a notice about the provider's setup", () => {
  test("while kie.ai callbacks are refused, a running kie.ai batch says so on its page and in Current; others do not", async () => {
    const { cookie, generationId } = await signedInWithGeneration(1);
    await prisma.generation.update({ where: { id: generationId }, data: { provider: "kie" } });
    const { cookie: localCookie, generationId: localId } = await signedInWithGeneration(1);
    const page = async (id: string, asCookie = cookie) =>
      (await (await settle(generationLoader({ request: getRequest(`/gallery/${id}`, { cookie: asCookie }), params: { generationId: id }, context: {} }))).json()) as {
        generation: { providerNotice: string | null };
      };
    const current = async () =>
      (await (await settle(galleryLoader({ request: getRequest("/gallery", { cookie }), params: {}, context: {} }))).json()) as {
        current: { id: string; providerNotice: string | null };
      };
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      expect((await page(generationId)).generation.providerNotice).toBeNull();
      // Three callbacks in a row failed signature verification.
      for (let i = 0; i < 3; i++) recordKieSignatureCheck(false);
      const notice = "kie.ai callbacks are being refused (check KIE_WEBHOOK_HMAC_KEY); results arrive by polling, more slowly";
      expect((await page(generationId)).generation.providerNotice).toBe(notice);
      expect(await current()).toMatchObject({ current: { id: generationId, providerNotice: notice } });
      // A batch rendered by the local compositor is not affected.
      expect((await page(localId, localCookie)).generation.providerNotice).toBeNull();
      // A finished batch no longer waits on callbacks.
      await prisma.generation.update({ where: { id: generationId }, data: { status: "completed" } });
      expect((await page(generationId)).generation.providerNotice).toBeNull();
    } finally {
      warn.mockRestore();
      resetKieCallbackHealth();
    }
  });
});
