// The OpenAI provider's renderer against a fake OpenAI on loopback (no
// database): what one cell's request carries, what each of OpenAI's failures
// becomes, and that nothing is ever sent twice when it could have been paid.
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { planGeneration } from "~/modules/design/plan";
import { setLogLevel } from "~/utils/logger.server";
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from "#tests/support/fake-openai-server";
import { ProviderUnavailableError, RenderError, type BatchInput, type CellContext, type ModelDraws } from "../provider";
import { NO_TEXT_INSTRUCTION, describeSceneCell } from "../scene-prompt";
import { createOpenAIImageClient } from "./openai-client.server";
import { readOpenAIConfig } from "./openai-config.server";
import { MAX_ATTEMPTS, SENT_BEFORE_RESTART, SENT_MARKER_PREFIX, createOpenAIProvider } from "./openai-provider.server";

let fake: FakeOpenAI | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 1, backgroundCount: 1 });
const cell = { prompt: plan.prompts[0], background: plan.backgrounds[0] };
const keywords = "iPhone 17 review, shocking battery";

async function portraitBytes() {
  return sharp({ create: { width: 400, height: 500, channels: 3, background: "#c08040" } }).jpeg().toBuffer();
}

/** A renderer for one batch against a fresh fake, with short waits. */
async function rendererFor(
  options: FakeOpenAIOptions = {},
  env: Record<string, string> = {},
  modelDraws: ModelDraws = "person",
  references: Pick<BatchInput, "topicImages" | "styleReference"> = { topicImages: [], styleReference: null },
) {
  fake = await startFakeOpenAI(options);
  const config = readOpenAIConfig({
    OPENAI_API_KEY: fake.apiKey,
    OPENAI_BASE_URL: fake.url,
    OPENAI_RETRY_BASE_MS: "5",
    OPENAI_REQUEST_TIMEOUT_SECONDS: "5",
    ...env,
  })!;
  const provider = createOpenAIProvider(config);
  const portrait = await portraitBytes();
  const renderer = await provider.startBatch({
    generationId: "g-1",
    keywords,
    headline: null,
    modelDraws,
    plan,
    portrait: { bytes: portrait, hasAlpha: false, mask: null, face: null },
    ...references,
  });
  return { fake, renderer, portrait, provider };
}

/** A cell's durable state as the runner would hand it over, recording what the provider writes. */
function cellContext(existingTaskId: string | null = null, sentBefore?: () => number) {
  const recorded = { taskIds: [] as string[], stages: [] as string[], requestsWhenMarked: [] as number[] };
  const context: CellContext = {
    prompt: describeSceneCell(cell, keywords, { modelDraws: "person" }),
    existingTaskId,
    async onTaskCreated(taskId) {
      recorded.taskIds.push(taskId);
      if (sentBefore) recorded.requestsWhenMarked.push(sentBefore());
    },
    async onStage(stage) {
      recorded.stages.push(stage);
    },
  };
  return { context, recorded };
}

describe("an OpenAI image request", () => {
  test("success: one edit with the model, the cell's prompt, the portrait as an image[] part, 1536x1024, n=1; the answer's image comes back as a text-free plate", async () => {
    const { fake, renderer, portrait } = await rendererFor();
    const { context, recorded } = cellContext(null, () => fake.received.length);
    const rendered = await renderer.render(cell, context);

    expect(fake.received).toHaveLength(1);
    const [request] = fake.received;
    expect(request.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(request.fields).toEqual({ model: "gpt-image-1", prompt: context.prompt, size: "1536x1024", n: "1", quality: "medium" });
    expect(request.fields.prompt).toContain(NO_TEXT_INSTRUCTION);
    expect(request.images).toHaveLength(1);
    expect(request.images[0]).toMatchObject({ field: "image[]", type: "image/jpeg", name: "portrait.jpg" });
    expect(request.images[0].bytes.equals(portrait)).toBe(true);

    expect(await sharp(rendered.image).metadata()).toMatchObject({ format: "png", width: 1536, height: 1024 });
    expect(rendered.plate).toBe("person");
    // The cell was marked as sent before the request left (no request had reached OpenAI then).
    expect(recorded.taskIds).toHaveLength(1);
    expect(recorded.taskIds[0].startsWith(SENT_MARKER_PREFIX)).toBe(true);
    expect(recorded.requestsWhenMarked).toEqual([0]);
    expect(recorded.stages).toEqual(["sent"]);
    expect(fake.imagesMade).toBe(1);
  });

  test("Scene + your photo with a topic image and a video's thumbnail as the style: those two are sent, in that order, and never the creator's photo", async () => {
    const image = (colour: string) => sharp({ create: { width: 320, height: 180, channels: 3, background: colour } }).jpeg().toBuffer();
    const [topic, style] = await Promise.all([image("#ff0000"), image("#0000ff")]);
    const { fake, renderer, portrait } = await rendererFor({}, {}, "scene", { topicImages: [{ key: "t", bytes: topic }], styleReference: { key: "s", bytes: style } });
    await renderer.render(cell, cellContext().context);
    const sent = fake.received[0].images;
    expect(sent.map((i) => i.name)).toEqual(["topic-1.jpg", "style.jpg"]);
    expect(sent[0].bytes.equals(topic)).toBe(true);
    expect(sent[1].bytes.equals(style)).toBe(true);
    expect(sent.some((i) => i.bytes.equals(portrait))).toBe(false);
  });

  test("OPENAI_IMAGE_MODEL and OPENAI_IMAGE_QUALITY reach the request; with text by the model the image is not a plate", async () => {
    const { fake, renderer } = await rendererFor({}, { OPENAI_IMAGE_MODEL: "gpt-image-1-mini", OPENAI_IMAGE_QUALITY: "low" }, "everything");
    const rendered = await renderer.render(cell, cellContext().context);
    expect(fake.received[0].fields).toMatchObject({ model: "gpt-image-1-mini", quality: "low" });
    expect(rendered.plate).toBeUndefined();
  });

  test("several images (the portrait, later topic images) go as image[] parts in order, in one request", async () => {
    fake = await startFakeOpenAI();
    const client = createOpenAIImageClient({ apiKey: fake.apiKey, baseURL: fake.url, model: "gpt-image-1", quality: "medium", timeoutSeconds: 5 });
    const portrait = await portraitBytes();
    const topic = await sharp({ create: { width: 64, height: 64, channels: 4, background: "#00ff0080" } }).png().toBuffer();
    await client.edit({
      prompt: "a scene",
      images: [
        { bytes: portrait, name: "portrait.jpg", type: "image/jpeg" },
        { bytes: topic, name: "topic.png", type: "image/png" },
      ],
    });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0].images.map((i) => [i.field, i.name, i.type])).toEqual([
      ["image[]", "portrait.jpg", "image/jpeg"],
      ["image[]", "topic.png", "image/png"],
    ]);
    expect(fake.received[0].images[1].bytes.equals(topic)).toBe(true);
  });

  test("a model that is not a GPT Image model is refused at the settings, with what is accepted", () => {
    expect(() => readOpenAIConfig({ OPENAI_API_KEY: "sk-x", OPENAI_IMAGE_MODEL: "dall-e-3" })).toThrow(
      "Invalid OpenAI settings: OPENAI_IMAGE_MODEL: OPENAI_IMAGE_MODEL must be a GPT Image model",
    );
    expect(readOpenAIConfig({})).toBeNull();
    expect(readOpenAIConfig({ OPENAI_API_KEY: "" })).toBeNull();
    expect(readOpenAIConfig({ OPENAI_API_KEY: "sk-x" })).toMatchObject({ OPENAI_BASE_URL: "https://api.openai.com/v1", OPENAI_IMAGE_MODEL: "gpt-image-1" });
  });
});

describe("OpenAI's failures", () => {
  test.each<{ mode: "unauthorized" | "insufficient-quota"; message: string }>([
    { mode: "unauthorized", message: "OpenAI refused the API key (check OPENAI_API_KEY)" },
    { mode: "insufficient-quota", message: "the OpenAI account has run out of credits or reached its spending limit (check its billing)" },
  ])("$mode stops the batch (ProviderUnavailableError) after one request", async ({ mode, message }) => {
    const { fake, renderer } = await rendererFor({ mode });
    const error = await renderer.render(cell, cellContext().context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(message);
    expect(fake.received).toHaveLength(1);
  });

  test("a moderation refusal fails this cell only, saying the image service refused, and is not asked again", async () => {
    const { fake, renderer } = await rendererFor({ mode: "moderation" });
    const error = await renderer.render(cell, cellContext().context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe("OpenAI's image service refused the request: its safety system flagged the prompt or the photo");
    expect(fake.received).toHaveLength(1);
  });

  test("a rate limit waits as Retry-After says, then asks again and gets the image", async () => {
    const { fake, renderer } = await rendererFor({ answers: ["rate-limit"], retryAfterSeconds: 1 });
    const started = Date.now();
    const rendered = await renderer.render(cell, cellContext().context);
    expect(rendered.image.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.received.map((r) => r.answer)).toEqual(["rate-limit", "ok"]);
    expect(fake.imagesMade).toBe(1);
  });

  test("a rate limit asking for more than a minute fails the cell at once rather than hold the batch", async () => {
    const { fake, renderer } = await rendererFor({ mode: "rate-limit", retryAfterSeconds: 120 });
    await expect(renderer.render(cell, cellContext().context)).rejects.toThrow(
      "OpenAI is rate limiting requests and asked to wait 120 seconds; no image was made",
    );
    expect(fake.received).toHaveLength(1);
  });

  test("rate limited at every ask: bounded, the cell fails after MAX_ATTEMPTS requests", async () => {
    const { fake, renderer } = await rendererFor({ mode: "rate-limit", retryAfterSeconds: null });
    await expect(renderer.render(cell, cellContext().context)).rejects.toThrow(
      `OpenAI is rate limiting requests; it was asked ${MAX_ATTEMPTS} times and made no image`,
    );
    expect(fake.received).toHaveLength(MAX_ATTEMPTS);
    expect(fake.imagesMade).toBe(0);
  });

  test("a server error (500) is asked again with backoff; it answers the second time", async () => {
    const { fake, renderer } = await rendererFor({ answers: ["server-error"] });
    await renderer.render(cell, cellContext().context);
    expect(fake.received.map((r) => r.answer)).toEqual(["server-error", "ok"]);
  });

  test("server errors at every ask: the cell fails after MAX_ATTEMPTS requests, with a clear reason", async () => {
    const { fake, renderer } = await rendererFor({ mode: "server-error" });
    await expect(renderer.render(cell, cellContext().context)).rejects.toThrow(
      `OpenAI had a server error (500); it was asked ${MAX_ATTEMPTS} times and made no image`,
    );
    expect(fake.received).toHaveLength(MAX_ATTEMPTS);
  });

  test("connections refused (nothing sent) are retried until OpenAI listens again", async () => {
    const { fake, renderer } = await rendererFor({}, { OPENAI_RETRY_BASE_MS: "100" });
    await fake.refuseConnectionsFor(250);
    await renderer.render(cell, cellContext().context);
    expect(fake.received).toHaveLength(1);
    expect(fake.imagesMade).toBe(1);
  });

  test("no answer within OPENAI_REQUEST_TIMEOUT_SECONDS fails the cell and is NOT sent again (OpenAI may still draw and bill it)", async () => {
    const { fake, renderer } = await rendererFor({ mode: "hang" }, { OPENAI_REQUEST_TIMEOUT_SECONDS: "0.5" });
    const started = Date.now();
    await expect(renderer.render(cell, cellContext().context)).rejects.toThrow(
      "OpenAI did not answer within 0.5 seconds; the request was not sent again, since OpenAI may still have made (and billed) the image",
    );
    expect(Date.now() - started).toBeLessThan(4000);
    // Wait a little longer than a retry would take: still one request.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.received).toHaveLength(1);
  });

  test.each<{ mode: "malformed-json" | "not-an-image" | "no-image" | "oversized"; message: string }>([
    { mode: "malformed-json", message: "OpenAI sent an answer that could not be read" },
    { mode: "not-an-image", message: "OpenAI's answer was not an image that could be read" },
    { mode: "no-image", message: "OpenAI's answer held no image" },
    { mode: "oversized", message: "OpenAI's answer was larger than 40 MB, more than any image; it was not read" },
  ])("a malformed answer ($mode) fails the cell with a clear reason, one request", async ({ mode, message }) => {
    const { fake, renderer } = await rendererFor({ mode });
    const error = await renderer.render(cell, cellContext().context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect(error).not.toBeInstanceOf(ProviderUnavailableError);
    expect((error as Error).message).toBe(message);
    expect(fake.received).toHaveLength(1);
  });
});

describe("never paid twice", () => {
  test("a cell resumed with the sent marker (a restart mid-request) fails with a clear message, and OpenAI hears nothing", async () => {
    const { fake, renderer } = await rendererFor();
    const { context, recorded } = cellContext(`${SENT_MARKER_PREFIX}00000000-0000-4000-8000-000000000000`);
    await expect(renderer.render(cell, context)).rejects.toThrow(SENT_BEFORE_RESTART);
    expect(fake.received).toHaveLength(0);
    expect(recorded.taskIds).toEqual([]);
  });

  test("the API key appears in no log line and no message, whatever OpenAI answers", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    setLogLevel("trace");
    const messages: string[] = [];
    try {
      for (const options of [
        { mode: "unauthorized" },
        { answers: ["rate-limit", "server-error"], retryAfterSeconds: 0 },
        { mode: "moderation" },
        { mode: "hang" },
      ] as FakeOpenAIOptions[]) {
        const { renderer, fake: current } = await rendererFor(options, { OPENAI_REQUEST_TIMEOUT_SECONDS: "0.3" });
        const outcome = await renderer.render(cell, cellContext().context).then(
          () => "ok",
          (error: Error) => error.message,
        );
        messages.push(outcome);
        expect(current.received.length).toBeGreaterThan(0);
        await current.close();
        fake = undefined;
        for (const text of [...written, ...messages]) expect(text).not.toContain(current.apiKey);
      }
    } finally {
      setLogLevel("silent");
      write.mockRestore();
    }
    // Something was logged (the retries, the provider starting): the check above read real lines.
    expect(written.join("")).toContain("OpenAI made no image; asking again");
    expect(messages).toContain("OpenAI refused the API key (check OPENAI_API_KEY)");
  });
});
