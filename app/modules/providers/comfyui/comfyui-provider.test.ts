// The ComfyUI provider against a fake ComfyUI on loopback that speaks its
// HTTP API: what is sent (the portrait upload, the filled workflow), each
// failure in words, resuming a prompt after a restart without queueing it
// again, and a batch through the runner, storage and credits.
import type { ChildProcess } from "node:child_process";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import type { ThumbnailStage } from "~/modules/generations/lifecycle";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { readComfyuiSettings } from "~/utils/env.server";
import { startFakeComfyui, type FakeComfyui, type FakeComfyuiOptions } from "#tests/support/fake-comfyui-server";
import { startWorkerProcess } from "#tests/support/processes";
import { ledgerExplainsBalance } from "#tests/utils";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";
import { ProviderUnavailableError, RenderError, type BatchInput, type CellRequest, type ModelDraws } from "../provider";
import { NO_TEXT_INSTRUCTION } from "../scene-prompt";
import type { ComfyuiConfig } from "./comfyui-config.server";
import { createComfyuiProvider, type ComfyuiProviderDeps } from "./comfyui-provider.server";

let fake: FakeComfyui | undefined;
const comfyuiEnv = ["COMFYUI_URL", "COMFYUI_WORKFLOW", "COMFYUI_TIMEOUT", "COMFYUI_POLL_INTERVAL_MS", "COMFYUI_REQUEST_TIMEOUT_MS"];
afterEach(async () => {
  for (const name of comfyuiEnv) delete process.env[name];
  await fake?.close();
  fake = undefined;
});

async function useFake(options: FakeComfyuiOptions = {}) {
  fake = await startFakeComfyui(options);
  return fake;
}

function configFor(comfy: FakeComfyui, settings: Record<string, string> = {}) {
  return readComfyuiSettings({ COMFYUI_URL: comfy.url, COMFYUI_POLL_INTERVAL_MS: "10", ...settings }) as ComfyuiConfig;
}

const portraitBytes = await sharp({ create: { width: 64, height: 80, channels: 3, background: "#c08060" } }).jpeg().toBuffer();

function batchInput(modelDraws: ModelDraws = "person", generationId = "gen-1"): BatchInput {
  return {
    generationId,
    keywords: "iPhone 17 review",
    headline: null,
    modelDraws,
    // The ComfyUI provider reads neither the plan nor the analysis: the prompt (context.prompt) says it all.
    plan: {} as BatchInput["plan"],
    portrait: { bytes: portraitBytes, hasAlpha: false, mask: null, face: null },
    topicImages: [],
    styleReference: null,
  };
}
const cell = {} as CellRequest;

/** Renders one cell, recording the prompt_id stored and the stages reported, in order. */
async function renderOne(
  comfy: FakeComfyui,
  { settings = {}, modelDraws = "person" as ModelDraws, existingTaskId = null as string | null, deps = {} as ComfyuiProviderDeps, prompt = "A scene about iPhone 17" } = {},
) {
  const events: string[] = [];
  const provider = createComfyuiProvider(configFor(comfy, settings), deps);
  const batch = await provider.startBatch(batchInput(modelDraws));
  const result = batch.render(cell, {
    prompt,
    existingTaskId,
    async onTaskCreated(taskId) {
      events.push(`stored ${taskId}`);
    },
    async onStage(stage: ThumbnailStage) {
      if (events.at(-1) !== stage) events.push(stage);
    },
  });
  return { result, events };
}

const sentPrompt = (comfy: FakeComfyui, index = 0) => Object.values(comfy.accepted[index].prompt).find((node) => node.class_type === "TextEncodeQwenImageEdit")?.inputs?.prompt;
const sentImage = (comfy: FakeComfyui, index = 0) => Object.values(comfy.accepted[index].prompt).find((node) => node.class_type === "LoadImage")?.inputs?.image;

describe("the ComfyUI provider", () => {
  test("uploads the portrait, queues the shipped workflow with the prompt and the image filled in, stores the prompt_id before waiting, returns the saved image", async () => {
    const comfy = await useFake({ runMs: 150 });
    const { result, events } = await renderOne(comfy, { prompt: 'A "bold" scene about iPhone 17.\nNo text.' });
    const { image, plate } = await result;

    expect(comfy.promptRequests).toBe(1);
    // The portrait arrived as uploaded bytes, under the generation's own name, and LoadImage names that file.
    expect([...comfy.uploads.keys()]).toEqual(["thumbsmith/gen-1-portrait.jpg"]);
    expect(comfy.uploads.get("thumbsmith/gen-1-portrait.jpg")?.bytes.equals(portraitBytes)).toBe(true);
    expect(sentImage(comfy)).toBe("thumbsmith/gen-1-portrait.jpg");
    // The prompt arrived exactly, quotes and newline included, and no placeholder is left anywhere.
    expect(sentPrompt(comfy)).toBe('A "bold" scene about iPhone 17.\nNo text.');
    expect(JSON.stringify(Object.values(comfy.accepted[0].prompt).map((node) => node.inputs))).not.toContain("{{");
    expect(comfy.accepted[0].clientId).toMatch(/^thumbsmith-/);
    // Stored first, then sent, generating while ComfyUI ran it, downloading.
    const promptId = comfy.accepted[0].promptId;
    expect(events).toEqual([`stored ${promptId}`, "sent", "generating", "downloading"]);
    expect(await sharp(image).metadata()).toMatchObject({ format: "png", width: 1344, height: 768 });
    // Text by Thumbsmith: the scene is a text-free plate the runner letters.
    expect(plate).toBe("person");
  });

  test("with text by the model the image is the finished thumbnail, not a plate", async () => {
    const comfy = await useFake();
    const { result } = await renderOne(comfy, { modelDraws: "everything" });
    expect((await result).plate).toBeUndefined();
  });

  test("ComfyUI not running (connection refused): the batch stops, naming COMFYUI_URL; nothing is queued", async () => {
    const comfy = await useFake();
    await comfy.refuseConnections();
    const { result } = await renderOne(comfy);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(`ComfyUI at ${comfy.url} (COMFYUI_URL) could not be reached (the connection was refused): is it running?`);
    expect(comfy.promptRequests).toBe(0);
  });

  test("a model file missing (400 node_errors): the batch stops, naming the node and the file", async () => {
    const comfy = await useFake({ models: { unet_name: ["some_other_model.safetensors"] } });
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(
      "ComfyUI refused the workflow: node 1 (UNETLoader): unet_name 'qwen_image_edit_fp8_e4m3fn.safetensors' is not installed in ComfyUI (put the file in its models folder)",
    );
  });

  test("a node class missing (400 missing_node_type): the batch stops, naming the node to install", async () => {
    const comfy = await useFake({ nodeClasses: ["UNETLoader", "CLIPLoader", "VAELoader", "LoadImage", "KSampler", "VAEDecode", "SaveImage", "ModelSamplingAuraFlow", "CFGNorm", "EmptySD3LatentImage"] });
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(
      "ComfyUI refused the workflow: node 7 (TextEncodeQwenImageEdit) is not installed in ComfyUI: update ComfyUI or install the custom node that provides it",
    );
  });

  test("an execution error fails this cell only (RenderError), with ComfyUI's reason and node", async () => {
    const comfy = await useFake();
    comfy.state.failure = "execution-error";
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe("ComfyUI failed in node 10 (KSampler): CUDA out of memory. Tried to allocate 2.00 GiB");
  });

  test("a prompt that takes too long fails its cell at COMFYUI_TIMEOUT", async () => {
    const comfy = await useFake({ runMs: 60_000 });
    const started = Date.now();
    const error = await (await renderOne(comfy, { settings: { COMFYUI_TIMEOUT: "0.3" } })).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message).toBe("ComfyUI did not finish this thumbnail within 0.3 seconds (COMFYUI_TIMEOUT)");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("ComfyUI hanging (no answer to questions): each call is cut at COMFYUI_REQUEST_TIMEOUT_MS and the cell fails at COMFYUI_TIMEOUT, naming the last answer", async () => {
    const comfy = await useFake({ runMs: 60_000 });
    comfy.state.failure = "hang";
    const started = Date.now();
    const error = await (await renderOne(comfy, { settings: { COMFYUI_TIMEOUT: "0.6", COMFYUI_REQUEST_TIMEOUT_MS: "100" } })).result.catch((e: unknown) => e);
    expect((error as Error).message).toBe("ComfyUI did not finish this thumbnail within 0.6 seconds (COMFYUI_TIMEOUT) (its last answer: ComfyUI did not answer (no answer in time))");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test("malformed answers are asked again, then named when the time is up", async () => {
    const comfy = await useFake();
    comfy.state.failure = "malformed";
    const error = await (await renderOne(comfy, { settings: { COMFYUI_TIMEOUT: "0.4" } })).result.catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      "ComfyUI did not finish this thumbnail within 0.4 seconds (COMFYUI_TIMEOUT) (its last answer: ComfyUI sent an unreadable answer to a question about the thumbnail)",
    );
  });

  test("a malformed answer that clears up in time costs nothing", async () => {
    const comfy = await useFake({ runMs: 50 });
    comfy.state.failure = "malformed";
    setTimeout(() => (comfy.state.failure = null), 150);
    const { result } = await renderOne(comfy, { settings: { COMFYUI_TIMEOUT: "5" } });
    expect((await result).image.length).toBeGreaterThan(0);
    expect(comfy.promptRequests).toBe(1);
  });

  test("a cut answer to /prompt fails the cell without sending the prompt again (ComfyUI may have queued it)", async () => {
    const comfy = await useFake();
    comfy.state.failure = "malformed-prompt-answer";
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe("ComfyUI sent an unreadable answer when the thumbnail was queued (HTTP 200)");
    expect(comfy.promptRequests).toBe(1);
  });

  test("an output that is not an image fails the cell, saying so", async () => {
    const comfy = await useFake();
    comfy.state.failure = "non-image";
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as Error).message).toMatch(/^ComfyUI's image scene_00001_\.png could not be used \(it is not a JPEG, PNG or WebP image/);
  });

  test("a workflow that saves no image fails the cell, saying what it needs", async () => {
    const comfy = await useFake();
    comfy.state.failure = "no-images";
    const error = await (await renderOne(comfy)).result.catch((e: unknown) => e);
    expect((error as Error).message).toBe("ComfyUI finished without an image: the workflow needs a SaveImage node fed by the picture");
  });

  test("ComfyUI away for a moment while a prompt waits: asked again, the same prompt finishes", async () => {
    const comfy = await useFake();
    comfy.state.hold = true;
    const { result, events } = await renderOne(comfy, { deps: { unreachableGraceMs: 5000 } });
    await vi.waitFor(() => expect(events).toContain("sent"));
    await comfy.refuseConnections();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await comfy.listenAgain();
    comfy.release();
    expect((await result).image.length).toBeGreaterThan(0);
    expect(comfy.promptRequests).toBe(1);
  });

  test("ComfyUI gone for longer than the grace while a prompt waits: the batch stops, naming COMFYUI_URL", async () => {
    const comfy = await useFake();
    comfy.state.hold = true;
    const { result, events } = await renderOne(comfy, { deps: { unreachableGraceMs: 300 } });
    await vi.waitFor(() => expect(events).toContain("sent"));
    await comfy.refuseConnections();
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toContain("(COMFYUI_URL) could not be reached (the connection was refused)");
  });
});

describe("resuming after a restart", () => {
  test("a cell with a stored prompt_id polls that prompt: no second /prompt, no second upload", async () => {
    const comfy = await useFake();
    comfy.state.hold = true;
    // The first process queues the prompt and stores its id, then "dies" while ComfyUI is still drawing.
    const first = await renderOne(comfy);
    await vi.waitFor(() => expect(first.events).toContain("sent"));
    const stored = first.events[0].replace("stored ", "");
    first.result.catch(() => {});

    // A new process (a new provider) resumes the cell from the stored id.
    const second = await renderOne(comfy, { existingTaskId: stored });
    comfy.release();
    const { image } = await second.result;
    expect(image.length).toBeGreaterThan(0);
    expect(second.events).not.toContainEqual(expect.stringMatching(/^stored/));
    expect(comfy.promptRequests).toBe(1);
    expect(comfy.uploads.size).toBe(1);
    expect(comfy.accepted.map((item) => item.promptId)).toEqual([stored]);
  });

  test("ComfyUI restarted too (its history and queue empty): the cell fails clearly and is not queued again", async () => {
    const comfy = await useFake();
    comfy.state.hold = true;
    const first = await renderOne(comfy);
    await vi.waitFor(() => expect(first.events).toContain("sent"));
    const stored = first.events[0].replace("stored ", "");
    first.result.catch(() => {});
    comfy.forgetEverything();

    const error = await (await renderOne(comfy, { existingTaskId: stored })).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(
      "ComfyUI no longer has this thumbnail's prompt (neither in its history nor in its queue: was ComfyUI restarted?); it was not queued again",
    );
    expect(comfy.promptRequests).toBe(1);
  });
});

const newComfyuiGeneration = (backgroundCount: number) => newTestGeneration({ backgroundCount });

const thumbnailsOf = (generationId: string) =>
  prisma.thumbnail.findMany({
    where: { generationId },
    orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }],
    select: { status: true, prompt: true, providerTaskId: true, storagePath: true, plateKey: true, errorMessage: true },
  });

describe("ComfyUI through the runner", () => {
  test("COMFYUI_URL set: new generations use ComfyUI; every cell's stored prompt is what was sent, its prompt_id stored, its plate lettered and kept", async () => {
    const comfy = await useFake({ runMs: 10 });
    Object.assign(process.env, { COMFYUI_URL: comfy.url, COMFYUI_POLL_INTERVAL_MS: "10" });
    const { user, generationId } = await newComfyuiGeneration(1);
    expect(await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { provider: true } })).toEqual({ provider: "comfyui" });
    const claimed = await claimNextGeneration("comfyui-test", 30_000);
    expect(claimed?.id).toBe(generationId);
    expect(await processGeneration(generationId, { workerId: "comfyui-test", leaseMs: 30_000 })).toBe("completed");

    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails.length).toBeGreaterThan(0);
    expect(thumbnails.every((t) => t.status === "success")).toBe(true);
    expect(comfy.promptRequests).toBe(thumbnails.length);
    expect(new Set(thumbnails.map((t) => t.providerTaskId))).toEqual(new Set(comfy.accepted.map((item) => item.promptId)));
    expect(new Set(thumbnails.map((t) => t.prompt))).toEqual(new Set(comfy.accepted.map((_, index) => sentPrompt(comfy, index))));
    // Text by Thumbsmith (the default): the model was asked for a text-free scene.
    for (const thumbnail of thumbnails) {
      expect(thumbnail.prompt).toContain(NO_TEXT_INSTRUCTION);
      // ComfyUI's scene is kept as the plate, and the stored thumbnail is that plate with Thumbsmith's letters on it.
      const [plate, stored] = await Promise.all([storage.read(thumbnail.plateKey!), storage.read(thumbnail.storagePath!)]);
      expect(plate).toBeTruthy();
      expect(await sharp(stored!).metadata()).toMatchObject({ width: 1280, height: 720 });
      expect(Buffer.compare(await sharp(plate!).raw().toBuffer(), await sharp(stored!).raw().toBuffer())).not.toBe(0);
    }
    expect(comfy.uploads.size).toBe(1);
    expect(await ledgerExplainsBalance(user.id)).toMatchObject({ balance: expect.any(Number) });
  });

  test("a refused workflow fails the batch with the reason and refunds it", async () => {
    const comfy = await useFake({ models: { vae_name: [] } });
    Object.assign(process.env, { COMFYUI_URL: comfy.url, COMFYUI_POLL_INTERVAL_MS: "10" });
    const { user, generationId } = await newComfyuiGeneration(1);
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } });
    await claimNextGeneration("comfyui-test", 30_000);
    expect(await processGeneration(generationId, { workerId: "comfyui-test", leaseMs: 30_000 })).toBe("failed");
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(generation.errorMessage).toContain("node 3 (VAELoader): vae_name 'qwen_image_vae.safetensors' is not installed in ComfyUI");
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } });
    expect(after.credits).toBeGreaterThan(before.credits);
    // The cells already sending when the first refusal came (COMFYUI_CONCURRENCY, 2); none after it, none queued.
    expect(comfy.promptRequests).toBeLessThanOrEqual(2);
    expect(comfy.accepted).toEqual([]);
  });
});

describe("ComfyUI durability", () => {
  let children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children) child.kill("SIGKILL");
    children = [];
  });

  test("the worker killed mid-prompt: the next one resumes every stored prompt_id, and nothing is queued twice", async () => {
    const comfy = await useFake({ runMs: 20 });
    comfy.state.hold = true;
    Object.assign(process.env, { COMFYUI_URL: comfy.url, COMFYUI_POLL_INTERVAL_MS: "20" });
    const { generationId } = await newComfyuiGeneration(1);
    const first = startWorkerProcess({ GENERATION_LEASE_SECONDS: "2" }, children);
    // COMFYUI_CONCURRENCY (2) prompts are queued and stored, ComfyUI holds them.
    await vi.waitFor(async () => expect(await prisma.thumbnail.count({ where: { generationId, providerTaskId: { not: null } } })).toBe(2), { timeout: 20_000, interval: 50 });
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));
    expect(comfy.promptRequests).toBe(2);

    comfy.release();
    const second = startWorkerProcess({ GENERATION_LEASE_SECONDS: "2" }, children);
    await vi.waitFor(
      async () => {
        const { status } = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } });
        expect(status, second.output()).toBe("completed");
      },
      { timeout: 40_000, interval: 100 },
    );
    const thumbnails = await thumbnailsOf(generationId);
    expect(thumbnails.every((t) => t.status === "success")).toBe(true);
    // One prompt per cell: the two resumed were not queued again.
    expect(comfy.promptRequests).toBe(thumbnails.length);
    expect(new Set(thumbnails.map((t) => t.providerTaskId))).toEqual(new Set(comfy.accepted.map((item) => item.promptId)));
  }, 60_000);
});
