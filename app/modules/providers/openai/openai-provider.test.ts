// The OpenAI provider end to end against a fake OpenAI on loopback: submit,
// runner, storage, credits, and a worker killed mid-request.
import type { ChildProcess } from "node:child_process";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { parseStoredRecipe } from "~/modules/design/recipe";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "#tests/support/fake-openai-server";
import { startWorkerProcess } from "#tests/support/processes";
import { ledgerExplainsBalance } from "#tests/utils";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";
import { NO_TEXT_INSTRUCTION } from "../scene-prompt";
import { SENT_BEFORE_RESTART, SENT_MARKER_PREFIX } from "./openai-provider.server";

let fake: FakeOpenAI | undefined;
const openaiEnv = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_RETRY_BASE_MS", "OPENAI_REQUEST_TIMEOUT_SECONDS", "OPENAI_IMAGE_MODEL", "OPENAI_IMAGE_QUALITY"];
afterEach(async () => {
  for (const name of openaiEnv) delete process.env[name];
  await fake?.close();
  fake = undefined;
});

async function useFakeOpenAI(options: FakeOpenAIOptions = {}, env: Record<string, string> = {}) {
  fake = await startFakeOpenAI(options);
  Object.assign(process.env, { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url, OPENAI_RETRY_BASE_MS: "5", ...env });
  return fake;
}

const newOpenAIGeneration = (backgroundCount = 1) => newTestGeneration({ backgroundCount });
const run = (generationId: string) => runTestGeneration(generationId, "openai-test");

function thumbnailsOf(generationId: string) {
  return prisma.thumbnail.findMany({
    where: { generationId },
    orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }],
    select: { status: true, prompt: true, providerTaskId: true, storagePath: true, plateKey: true, spec: true, errorMessage: true },
  });
}

describe("the OpenAI provider", () => {
  test("with OPENAI_API_KEY set, a new generation uses OpenAI: one request per cell, the stored prompt sent, scenes with the creator's cut-out put in and lettered by Thumbsmith, 1280x720 JPEGs", async () => {
    const openai = await useFakeOpenAI();
    const { user, generationId } = await newOpenAIGeneration(1);
    expect(await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { provider: true } })).toEqual({ provider: "openai" });
    expect(await run(generationId)).toBe("completed");

    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails).toHaveLength(3);
    expect(openai.received).toHaveLength(3);
    expect(openai.imagesMade).toBe(3);
    expect(new Set(openai.received.map((r) => r.fields.prompt))).toEqual(new Set(thumbnails.map((t) => t.prompt)));
    // A scene alone (the default): the creator's photo is never sent; the one image is a 16:9 canvas to paint over.
    const { portraitKey } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { portraitKey: true } });
    const portrait = (await storage.read(portraitKey))!;
    for (const request of openai.received) {
      expect(request.fields).toMatchObject({ model: "gpt-image-1", size: "1536x1024", n: "1" });
      expect(request.fields.prompt).toContain(NO_TEXT_INSTRUCTION);
      expect(request.fields.prompt).toContain("No people");
      expect(request.images.map((i) => [i.field, i.type])).toEqual([["image[]", "image/jpeg"]]);
      expect(request.images[0].bytes.equals(portrait)).toBe(false);
      expect(await sharp(request.images[0].bytes).metadata()).toMatchObject({ width: 1280, height: 720 });
    }
    for (const t of thumbnails) {
      expect(t.status).toBe("success");
      expect(t.providerTaskId?.startsWith(SENT_MARKER_PREFIX)).toBe(true);
      // A plate kept for edits: Thumbsmith put the creator in and set the headline on it.
      expect(t.plateKey).not.toBeNull();
      expect(parseStoredRecipe(t.spec!).plate?.yourPhoto).toBe("scene");
      const bytes = await storage.read(t.storagePath!);
      expect(await sharp(bytes!).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    }
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 9, ledgerSum: 9 });
  });

  test("a refused key stops the batch: no more requests than were in flight, a sentence for the creator, refunded", async () => {
    const openai = await useFakeOpenAI({ mode: "unauthorized" });
    const { user, generationId } = await newOpenAIGeneration(2);
    expect(await run(generationId)).toBe("failed");
    const { errorMessage } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(errorMessage).toBe("No thumbnail could be made: OpenAI refused the API key (check OPENAI_API_KEY). Your credits were refunded.");
    // Six cells, four at a time: the two not started were never sent.
    expect(openai.received.length).toBeLessThanOrEqual(4);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });

  test("a moderation refusal fails its cell with the reason, the others succeed: partial", async () => {
    const openai = await useFakeOpenAI({ answers: ["moderation"] });
    const { generationId } = await newOpenAIGeneration(1);
    expect(await run(generationId)).toBe("partial");
    const failed = (await thumbnailsOf(generationId)).filter((t) => t.status === "failed");
    expect(failed.map((t) => t.errorMessage)).toEqual(["OpenAI's image service refused the request: its safety system flagged the prompt or the photo"]);
    expect(openai.received).toHaveLength(3);
  });
});

describe("OpenAI durability", () => {
  let children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    children = [];
  });

  test("a worker killed mid-request: the cells it sent are failed, never sent again, and the batch refunded", async () => {
    // OpenAI holds every request (as while it draws), so the worker dies with all of them in flight.
    const openai = await useFakeOpenAI({ mode: "hang" });
    const { user, generationId } = await newOpenAIGeneration(1);
    const first = startWorkerProcess({ GENERATION_LEASE_SECONDS: "2" }, children);
    await vi.waitFor(() => expect(openai.received.length, first.output()).toBe(3), { timeout: 20_000, interval: 50 });
    const marked = await prisma.thumbnail.findMany({ where: { generationId }, select: { providerTaskId: true } });
    expect(marked.every((t) => t.providerTaskId?.startsWith(SENT_MARKER_PREFIX))).toBe(true);
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));

    // OpenAI is answering again: a cell sent again now would be drawn and paid.
    openai.setMode("ok");
    const second = startWorkerProcess({ GENERATION_LEASE_SECONDS: "2" }, children);
    await vi.waitFor(
      async () => {
        const { status } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
        expect(status, second.output()).toBe("failed");
      },
      { timeout: 40_000, interval: 100 },
    );
    expect(openai.received).toHaveLength(3);
    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails.map((t) => [t.status, t.errorMessage])).toEqual(thumbnails.map(() => ["failed", SENT_BEFORE_RESTART]));
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  }, 60_000);
});
