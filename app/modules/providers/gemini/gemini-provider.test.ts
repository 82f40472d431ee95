// The Gemini provider against a fake Gemini API on loopback (the SDK's real
// HTTP requests): the request's fields, each documented failure, a cell
// resumed after a restart, and the key kept out of logs and messages. The
// fake counts the requests: each one that makes an image is paid.
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { planGeneration } from "~/modules/design/plan";
import { logger } from "~/utils/logger.server";
import { startFakeGemini, type FakeGemini, type FakeGeminiOptions } from "#tests/support/fake-gemini-server";
import { ProviderUnavailableError, RenderError, type BatchInput, type CellContext, type ModelDraws } from "../provider";
import { NO_TEXT_INSTRUCTION } from "../scene-prompt";
import { readGeminiConfig } from "./gemini-config.server";
import { geminiEntry } from "./gemini-entry.server";
import { createGeminiProvider, GEMINI_RESTARTED_MESSAGE, GEMINI_SENT_PREFIX } from "./gemini-provider.server";

let fake: FakeGemini | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await fake?.close();
  fake = undefined;
});

const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 1 });
const cell = { prompt: plan.prompts[0], background: plan.backgrounds[0] };
const portrait = await sharp({ create: { width: 640, height: 800, channels: 3, background: "#c08060" } }).jpeg().toBuffer();

async function useFakeGemini(options: FakeGeminiOptions = {}, env: Record<string, string> = {}) {
  fake = await startFakeGemini(options);
  const config = readGeminiConfig({
    GEMINI_API_KEY: fake.apiKey,
    GEMINI_BASE_URL: fake.url,
    GEMINI_RETRY_BASE_MS: "5",
    GEMINI_RETRY_ATTEMPTS: "3",
    ...env,
  })!;
  return { fake, provider: createGeminiProvider(config) };
}

function batchInput(modelDraws: ModelDraws = "person", topicImages: BatchInput["topicImages"] = []): BatchInput {
  return {
    generationId: "generation-1",
    keywords: "iPhone 17 review, shocking battery",
    headline: null,
    modelDraws,
    plan,
    portrait: { bytes: portrait, hasAlpha: false, mask: null, face: null },
    topicImages,
    styleReference: null,
  };
}

/** A cell's durable state as the runner keeps it: what was recorded, in order, with the fake's requests in between. */
function cellContext(prompt: string, existingTaskId: string | null = null) {
  const events: string[] = [];
  const context: CellContext = {
    prompt,
    existingTaskId,
    onTaskCreated: async (taskId) => void events.push(`recorded ${taskId} after ${fake!.requests.length} requests`),
    onStage: async (stage) => void events.push(`stage ${stage}`),
  };
  return { context, events };
}

/** Renders one cell; returns what it gave or the error it threw. */
async function renderOne(provider: ReturnType<typeof createGeminiProvider>, context: CellContext, modelDraws: ModelDraws = "person") {
  const renderer = await provider.startBatch(batchInput(modelDraws));
  return renderer.render(cell, context).then(
    (rendered) => ({ rendered, error: null }),
    (error: unknown) => ({ rendered: null, error: error as Error }),
  );
}

describe("the Gemini provider", () => {
  test("Scene + your photo: the creator's photo is never sent; the topic images are, in order, and with none the scene is drawn from words alone", async () => {
    const { fake, provider } = await useFakeGemini();
    const prompt = geminiEntry.describeCell(cell, "iPhone 17 review", { modelDraws: "scene" });
    const alone = await (await provider.startBatch(batchInput("scene"))).render(cell, cellContext(prompt).context);
    expect(alone.plate).toBe("scene");
    expect(fake.requests[0].images).toEqual([]);

    const topics = await Promise.all(["#ff0000", "#0000ff"].map(async (colour, i) => ({ key: `t${i}`, bytes: await sharp({ create: { width: 80, height: 60, channels: 3, background: colour } }).jpeg().toBuffer() })));
    await (await provider.startBatch(batchInput("scene", topics))).render(cell, cellContext(prompt).context);
    const sent = fake.requests[1].images;
    expect(sent.map((image) => image.mimeType)).toEqual(["image/jpeg", "image/jpeg"]);
    expect(sent.map((image, i) => image.bytes.equals(topics[i].bytes))).toEqual([true, true]);
    expect(sent.some((image) => image.bytes.equals(portrait))).toBe(false);
  });

  test("one request per cell: the portrait inline, the stored prompt, IMAGE among the modalities, 16:9; the answer's image comes back as a text-free plate", async () => {
    const { fake, provider } = await useFakeGemini();
    const prompt = geminiEntry.describeCell(cell, "iPhone 17 review, shocking battery", { modelDraws: "person" });
    expect(prompt).toContain(NO_TEXT_INSTRUCTION);
    const { context, events } = cellContext(prompt);
    const { rendered, error } = await renderOne(provider, context);
    expect(error).toBeNull();
    expect(rendered?.image.equals(fake.image)).toBe(true);
    expect(rendered?.plate).toBe("person");
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request).toMatchObject({
      model: "gemini-2.5-flash-image",
      keyIn: "header",
      prompt,
      aspectRatio: "16:9",
      answer: "image",
      problem: null,
    });
    expect(request.responseModalities).toContain("IMAGE");
    expect(request.image?.mimeType).toBe("image/jpeg");
    expect(request.image?.bytes.equals(portrait)).toBe(true);
    // Recorded as sent before the request left, so a restart never sends it again.
    expect(events).toEqual([expect.stringMatching(/^recorded gemini:sent:[0-9a-f-]{36} after 0 requests$/), "stage sent"]);
  });

  test("text by the model: the plate is the finished thumbnail (not text-free), and GEMINI_IMAGE_MODEL picks the model in the path", async () => {
    const { fake, provider } = await useFakeGemini({}, { GEMINI_IMAGE_MODEL: "gemini-3-pro-image-preview" });
    const prompt = geminiEntry.describeCell(cell, "iPhone 17 review", { modelDraws: "everything" });
    const { rendered } = await renderOne(provider, cellContext(prompt).context, "everything");
    expect(rendered?.plate).toBeUndefined();
    expect(fake.requests.map((r) => [r.model, r.prompt])).toEqual([["gemini-3-pro-image-preview", prompt]]);
    expect(prompt).toContain(cell.prompt.words.join(" "));
  });

  test.each<{ answer: "invalid-key" | "forbidden" | "no-such-model"; message: string }>([
    { answer: "invalid-key", message: "Google refused the Gemini API key (check GEMINI_API_KEY)" },
    { answer: "forbidden", message: "Google does not let this Gemini API key generate images (HTTP 403 PERMISSION_DENIED; check the key and its project)" },
    { answer: "no-such-model", message: 'Gemini has no image model "gemini-2.5-flash-image" (HTTP 404 NOT_FOUND; check GEMINI_IMAGE_MODEL)' },
  ])("$answer: the provider is unavailable (the batch stops and is refunded), asked once", async ({ answer, message }) => {
    const { fake, provider } = await useFakeGemini({ otherwise: answer });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error?.message).toBe(message);
    expect(fake.requests).toHaveLength(1);
  });

  test("a key Google does not know (checked by the fake itself) is refused the same way", async () => {
    const { fake, provider } = await useFakeGemini({}, { GEMINI_API_KEY: "AIza-not-the-right-key-000000" });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error?.message).toBe("Google refused the Gemini API key (check GEMINI_API_KEY)");
    expect(fake.requests.map((r) => r.answer)).toEqual(["invalid-key"]);
  });

  test("429 with RetryInfo: waits what Google asks (not the short backoff), then the next request makes the image", async () => {
    const { fake, provider } = await useFakeGemini({ answers: ["rate-limited"], retryDelay: "0.400s" });
    const { rendered } = await renderOne(provider, cellContext("a scene").context);
    expect(rendered?.image.equals(fake.image)).toBe(true);
    expect(fake.requests.map((r) => r.answer)).toEqual(["rate-limited", "image"]);
    // GEMINI_RETRY_BASE_MS is 5 ms here: only the RetryInfo explains the wait.
    expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(390);
  });

  test("429 every time: bounded (GEMINI_RETRY_ATTEMPTS requests), then a clear failure for the cell", async () => {
    const { fake, provider } = await useFakeGemini({ otherwise: "rate-limited", retryDelay: "0.010s" });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect(error?.message).toBe("Gemini's quota or rate limit was reached (HTTP 429 RESOURCE_EXHAUSTED), 3 times in a row; try again later");
    expect(fake.requests).toHaveLength(3);
  });

  test("429 asking for a longer wait than GEMINI_RETRY_CAP_MS: fails at once, saying how long Google asked", async () => {
    const { fake, provider } = await useFakeGemini({ otherwise: "rate-limited", retryDelay: "3600s" });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error?.message).toBe(
      "Gemini's quota or rate limit was reached (HTTP 429 RESOURCE_EXHAUSTED); Google asks to wait 3600 s, longer than Thumbsmith waits",
    );
    expect(fake.requests).toHaveLength(1);
  });

  test("500 and 503 (no image made) are asked again with backoff; the third request makes the image", async () => {
    const { fake, provider } = await useFakeGemini({ answers: ["internal", "unavailable"] });
    const { rendered } = await renderOne(provider, cellContext("a scene").context);
    expect(rendered?.image.equals(fake.image)).toBe(true);
    expect(fake.requests.map((r) => r.answer)).toEqual(["internal", "unavailable", "image"]);
  });

  test("503 every time: bounded, then a clear failure", async () => {
    const { fake, provider } = await useFakeGemini({ otherwise: "unavailable" });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error?.message).toBe("Gemini had a temporary problem (HTTP 503 UNAVAILABLE), 3 times in a row; try again later");
    expect(fake.requests).toHaveLength(3);
  });

  // A refusal is Google's answer about this cell: the cell fails, the batch goes on, nothing is asked again.
  test.each<{ answer: FakeGeminiOptions["otherwise"]; reason: string }>([
    { answer: "prompt-blocked", reason: "its request was blocked: SAFETY" },
    { answer: "safety", reason: "SAFETY" },
    { answer: "image-safety", reason: "IMAGE_SAFETY" },
    { answer: "prohibited-content", reason: "PROHIBITED_CONTENT" },
    { answer: "text-only", reason: "it answered with words only" },
  ])("a refusal ($answer): the cell fails saying the image service declined, asked once", async ({ answer, reason }) => {
    const { fake, provider } = await useFakeGemini({ otherwise: answer });
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect(error?.message).toBe(`the image service (Gemini) declined to draw this thumbnail (${reason})`);
    expect(fake.requests).toHaveLength(1);
  });

  // Answers that may have been paid for: never asked again.
  test.each<{ answer: FakeGeminiOptions["otherwise"]; message: string }>([
    { answer: "malformed", message: "Gemini sent an unreadable answer" },
    { answer: "not-an-image", message: "Gemini sent data that is not an image (declared image/png)" },
    {
      answer: "hang",
      message: "Gemini did not answer in time; the request is not sent again, since Google may have made (and charged for) the image",
    },
  ])("$answer: the cell fails with a clear message, asked once", async ({ answer, message }) => {
    const { fake, provider } = await useFakeGemini({ otherwise: answer }, { GEMINI_REQUEST_TIMEOUT_MS: "300" });
    const started = Date.now();
    const { error } = await renderOne(provider, cellContext("a scene").context);
    expect(error).toBeInstanceOf(RenderError);
    expect(error?.message).toBe(message);
    expect(fake.requests).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("a cell resumed after a restart with its request already sent fails with a clear message, and nothing is sent", async () => {
    const { fake, provider } = await useFakeGemini();
    const { context, events } = cellContext("a scene", `${GEMINI_SENT_PREFIX}4f1c2b9e-0000-4000-8000-000000000000`);
    const { error } = await renderOne(provider, context);
    expect(error).toBeInstanceOf(RenderError);
    expect(error?.message).toBe(GEMINI_RESTARTED_MESSAGE);
    expect(fake.requests).toHaveLength(0);
    expect(events).toEqual([]);
  });

  test("the key goes in the x-goog-api-key header only, and no log line or message holds it, even when an answer repeats it", async () => {
    const lines: string[] = [];
    for (const level of ["trace", "debug", "info", "warn", "error", "fatal"] as const) {
      vi.spyOn(logger, level).mockImplementation(((...args: unknown[]) => void lines.push(JSON.stringify(args, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)))) as never);
    }
    const answers = ["rate-limited", "invalid-key", "forbidden", "no-such-model", "unavailable"] as const;
    const { fake, provider } = await useFakeGemini({ answers: [...answers], echoKeyInErrors: true, retryDelay: "0.010s" });
    const messages: string[] = [];
    // rate-limited then invalid-key (one cell), then forbidden, no-such-model, unavailable then an image.
    for (let i = 0; i < 4; i++) {
      const { error } = await renderOne(provider, cellContext("a scene").context);
      if (error) messages.push(`${error.message}\n${error.stack}`);
    }
    expect(fake.requests.map((r) => r.answer)).toEqual([...answers, "image"]);
    for (const request of fake.requests) {
      expect(request.keyIn).toBe("header");
      expect(request.url).not.toContain(fake.apiKey);
    }
    expect(messages).toHaveLength(3);
    expect(lines.length).toBeGreaterThan(0);
    for (const text of [...lines, ...messages]) expect(text).not.toContain(fake.apiKey);
  });
});
