// Whole generations on Gemini through the runner (submit, cells, storage,
// credits) against the fake Gemini on loopback, and a worker killed while its
// requests are under way: no cell is ever sent twice.
import type { ChildProcess } from "node:child_process";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from "#tests/support/fake-gemini-server";
import { startWorkerProcess } from "#tests/support/processes";
import { ledgerExplainsBalance } from "#tests/utils";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";
import { GEMINI_RESTARTED_MESSAGE, GEMINI_SENT_PREFIX } from "./gemini-provider.server";

const geminiEnv = ["GEMINI_API_KEY", "GEMINI_BASE_URL", "GEMINI_RETRY_BASE_MS", "GEMINI_RETRY_ATTEMPTS", "GEMINI_REQUEST_TIMEOUT_MS"];
let fake: FakeGemini | undefined;
let children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children) child.kill("SIGKILL");
  children = [];
  for (const name of geminiEnv) delete process.env[name];
  await fake?.close();
  fake = undefined;
});

async function useFakeGemini(options: FakeGeminiOptions = {}) {
  fake = await startFakeGemini(options);
  Object.assign(process.env, { GEMINI_API_KEY: fake.apiKey, GEMINI_BASE_URL: fake.url, GEMINI_RETRY_BASE_MS: "5" });
  return fake;
}

const newGeminiGeneration = (backgroundCount = 1) => newTestGeneration({ backgroundCount });
const run = (generationId: string) => runTestGeneration(generationId, "gemini-test");

function thumbnailsOf(generationId: string) {
  return prisma.thumbnail.findMany({
    where: { generationId },
    orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }],
    select: { id: true, status: true, prompt: true, providerTaskId: true, storagePath: true, errorMessage: true, plateKey: true },
  });
}

describe("Gemini through the runner", () => {
  test("with GEMINI_API_KEY set, a new generation is Gemini's: one request per cell with its stored prompt, plates lettered and stored as 1280x720 JPEGs", async () => {
    const gemini = await useFakeGemini();
    const { user, generationId } = await newGeminiGeneration(1);
    expect(await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { provider: true } })).toEqual({ provider: "gemini" });
    expect(await run(generationId)).toBe("completed");
    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails).toHaveLength(3);
    expect(gemini.requests).toHaveLength(3);
    expect(gemini.requests.map((r) => r.prompt).sort()).toEqual(thumbnails.map((t) => t.prompt).sort());
    for (const t of thumbnails) {
      expect(t).toMatchObject({ status: "success", errorMessage: null });
      expect(t.providerTaskId?.startsWith(GEMINI_SENT_PREFIX)).toBe(true);
      // A text-free plate, kept for edits; the stored thumbnail is lettered on it.
      expect(t.plateKey).not.toBeNull();
      expect(await sharp((await storage.read(t.storagePath!))!).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    }
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("a refused key stops the batch with a sentence a creator understands, refunded; no cell waits for more requests", async () => {
    const gemini = await useFakeGemini({ otherwise: "invalid-key" });
    const { user, generationId } = await newGeminiGeneration(2);
    expect(await run(generationId)).toBe("failed");
    const { errorMessage } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(errorMessage).toBe("No thumbnail could be made: Google refused the Gemini API key (check GEMINI_API_KEY). Your credits were refunded.");
    // The cells already in flight when the first answer came (four at once), and no more.
    expect(gemini.requests.length).toBeLessThanOrEqual(4);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });

  test("every cell declined: failed with the reason, refunded once", async () => {
    const gemini = await useFakeGemini({ otherwise: "image-safety" });
    const { user, generationId } = await newGeminiGeneration(1);
    expect(await run(generationId)).toBe("failed");
    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails.map((t) => t.errorMessage)).toEqual(thumbnails.map(() => "the image service (Gemini) declined to draw this thumbnail (IMAGE_SAFETY)"));
    expect(gemini.requests).toHaveLength(3);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });

  test("restart mid-request: the cells under way fail with a clear message and are never sent again; the others are drawn", async () => {
    // Gemini never answers the first worker's requests.
    const gemini = await useFakeGemini({ otherwise: "hang" });
    // Six cells: four under way at once, two left for after the restart.
    const { generationId } = await newGeminiGeneration(2);
    const startWorker = () => startWorkerProcess({ GENERATION_LEASE_SECONDS: "2" }, children);
    const first = startWorker();
    await vi.waitFor(
      async () => {
        expect(gemini.requests.length, first.output()).toBe(4);
        expect(await prisma.thumbnail.count({ where: { generationId, providerTaskId: { startsWith: GEMINI_SENT_PREFIX } } })).toBe(4);
      },
      { timeout: 30_000, interval: 50 },
    );
    // The four cells recorded as sent, with the marker each got before its request left.
    const sentBefore = (await thumbnailsOf(generationId)).filter((t) => t.providerTaskId).map((t) => [t.id, t.providerTaskId]);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));

    gemini.setAnswers([], "image");
    const second = startWorker();
    await vi.waitFor(
      async () => {
        const { status } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
        expect(status, second.output()).toBe("partial");
      },
      { timeout: 40_000, interval: 100 },
    );
    const thumbnails = await thumbnailsOf(generationId);
    // The cells under way failed, their markers untouched (a second send would have recorded a new one first) ...
    const failed = thumbnails.filter((t) => t.status === "failed");
    expect(failed.map((t) => [t.id, t.providerTaskId])).toEqual(sentBefore);
    expect(failed.map((t) => t.errorMessage)).toEqual(failed.map(() => GEMINI_RESTARTED_MESSAGE));
    // ... and the other two were sent once each, by the second worker: six cells, six requests.
    expect(thumbnails.filter((t) => t.status === "success")).toHaveLength(2);
    expect(gemini.requests.map((r) => r.answer)).toEqual(["hang", "hang", "hang", "hang", "image", "image"]);
  }, 90_000);
});
