import sharp from "sharp";
import { afterEach, describe, expect, test } from "vitest";
import { startFakeKie, type FakeKieOptions, type OutageMode } from "#tests/support/fake-kie-server";
import { createKieClient, createRateLimiter, KieAccountError, KieError, KieTaskGoneError } from "./kie-client.server";
import { buildKieTask, KIE_MODELS, type KieModel, type KieModelSettings } from "./kie-models.server";

let fake: Awaited<ReturnType<typeof startFakeKie>> | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function clientFor(options: FakeKieOptions = {}, overrides: Partial<Parameters<typeof createKieClient>[0]> = {}) {
  fake = await startFakeKie(options);
  // The fake kie.ai's result links are on loopback.
  return createKieClient({ apiKey: fake.apiKey, baseUrl: fake.url, uploadBaseUrl: fake.url, retryBaseMs: 10, allowPrivateResultUrls: true, ...overrides });
}

async function waitForTask(client: Awaited<ReturnType<typeof clientFor>>, taskId: string) {
  for (;;) {
    const task = await client.getTask(taskId);
    if (task.state === "success" || task.state === "fail") return task;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the kie.ai client against a fake kie.ai on loopback", () => {
  test("uploads the portrait, creates a task, follows it to success and downloads the result", async () => {
    // The task works until the test ends it (finishTask), however slow the machine.
    const client = await clientFor({ taskLatencyMs: 60_000 });
    const portrait = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#f00" } }).png().toBuffer();
    const url = await client.uploadImage(portrait, { fileName: "portrait.png", mimeType: "image/png" });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\//);
    expect([...fake!.uploads.values()][0].equals(portrait)).toBe(true);

    const taskId = await client.createTask({ prompt: "A YouTube thumbnail", imageUrls: [url], callBackUrl: "http://127.0.0.1:1/cb" });
    const stored = fake!.tasks.get(taskId)!;
    expect(stored).toMatchObject({ prompt: "A YouTube thumbnail", imageUrls: [url], callBackUrl: "http://127.0.0.1:1/cb" });
    expect((await client.getTask(taskId)).state).toBe("generating");

    fake!.finishTask(taskId);
    const done = await waitForTask(client, taskId);
    expect(done.state).toBe("success");
    expect(done.resultUrls).toHaveLength(1);
    const image = await client.downloadResult(done.resultUrls[0]);
    expect((await sharp(image).metadata()).format).toBe("png");
  });

  test("a failed task reports kie.ai's reason", async () => {
    const client = await clientFor({ outcome: () => "fail" });
    const taskId = await client.createTask({ prompt: "x", imageUrls: [] });
    const done = await waitForTask(client, taskId);
    expect(done).toMatchObject({ state: "fail", failMessage: "The image could not be generated", resultUrls: [] });
  });

  test("401 and 402 are account errors with words for the creator, and are not retried", async () => {
    const unauthorized = await clientFor({}, { apiKey: "wrong" });
    await expect(unauthorized.createTask({ prompt: "x", imageUrls: [] })).rejects.toThrow(
      new KieAccountError("the kie.ai API key was refused (check KIE_API_KEY)", 401, false, "Unauthorized"),
    );
    expect(fake!.createTimes).toHaveLength(0);
    await fake!.close();

    const broke = await clientFor({ accountError: 402 });
    const error = await broke.createTask({ prompt: "x", imageUrls: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(KieAccountError);
    expect(error.message).toBe("the kie.ai account has no credits left");
  });

  test("422 fails at once; 429 and 500 are retried with backoff until they pass", async () => {
    const client = await clientFor({ createErrors: [429, 429, 500] });
    const taskId = await client.createTask({ prompt: "x", imageUrls: [] });
    expect(fake!.tasks.has(taskId)).toBe(true);
    await fake!.close();

    const invalid = await clientFor({ createErrors: [422] });
    const error = await invalid.createTask({ prompt: "x", imageUrls: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(KieError);
    expect(error).toMatchObject({ code: 422, retryable: false });
  });

  test("recordInfo in an outage: every kind of non-answer is a temporary error, named; an unknown task is definite", async () => {
    const client = await clientFor({ taskLatencyMs: 60_000 }, { requestTimeoutMs: 100 });
    const [taskId, forgotten] = [await client.createTask({ prompt: "x", imageUrls: [] }), await client.createTask({ prompt: "y", imageUrls: [] })];
    fake!.expireTasks([forgotten]);
    const gone = await client.getTask(forgotten).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(KieTaskGoneError);
    expect(gone).toMatchObject({ message: "kie.ai no longer knows this thumbnail's task (task not found); it may have expired", retryable: false });

    const answers = async (mode: OutageMode, asks: number) => {
      fake!.startOutage({ mode, durationMs: 60_000, endpoints: ["recordInfo"] });
      const seen: [string, boolean][] = [];
      for (let i = 0; i < asks; i++) {
        const error = await client.getTask(taskId).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KieError);
        seen.push([(error as KieError).message, (error as KieError).retryable]);
      }
      return seen;
    };
    expect(await answers("5xx", 5)).toEqual([
      ["kie.ai sent an unreadable answer (HTTP 502)", true],
      ["kie.ai sent an unreadable answer (HTTP 503)", true],
      ["kie.ai answered with an error (500: Server Error)", true],
      ["kie.ai sent an unreadable answer (HTTP 504)", true],
      ["kie.ai answered with an error (500: Internal Server Error)", true],
    ]);
    expect(await answers("busy", 2)).toEqual([
      ["kie.ai is under maintenance", true],
      ["kie.ai is rate limiting requests", true],
    ]);
    expect(await answers("timeout", 1)).toEqual([["kie.ai could not be reached (no answer in time)", true]]);
    expect(await answers("reset", 1)).toEqual([["kie.ai could not be reached (the connection was reset)", true]]);
    // A connection kept alive from before is cut (reset); the next one is refused.
    const refused = await answers("refused", 2);
    expect(refused[0][1]).toBe(true);
    expect(refused[1]).toEqual(["kie.ai could not be reached (the connection was refused)", true]);
  });

  test("retries stop after the stated number of attempts", async () => {
    const client = await clientFor({ createErrors: [500, 500, 500, 500, 500, 500] }, { maxAttempts: 3 });
    await expect(client.createTask({ prompt: "x", imageUrls: [] })).rejects.toMatchObject({ code: 500 });
    // Three attempts consumed three forced errors.
    await expect(client.createTask({ prompt: "x", imageUrls: [] })).rejects.toMatchObject({ code: 500 });
  });

  test("the client-side limiter keeps creates under kie.ai's limit, so none fails on 429", async () => {
    const client = await clientFor({ rateLimit: { limit: 5, windowMs: 400 } }, { createLimit: { limit: 4, windowMs: 400 }, maxAttempts: 1 });
    const ids = await Promise.all(Array.from({ length: 12 }, (_, i) => client.createTask({ prompt: `p${i}`, imageUrls: [] })));
    expect(new Set(ids).size).toBe(12);
    const times = fake!.createTimes;
    for (let i = 4; i < times.length; i++) expect(times[i] - times[i - 4]).toBeGreaterThanOrEqual(399);
  });

  test("an expired result link is reported, not retried forever", async () => {
    const client = await clientFor({}, { maxAttempts: 2 });
    const error = await client.downloadResult(`${fake!.url}/results/gone.png`).catch((e) => e);
    expect(error.message).toBe("the generated image could not be downloaded (HTTP 404; its link may have expired)");
  });

  test("without the test-only setting, a result link on loopback is refused at once, not retried", async () => {
    const client = await clientFor({ taskLatencyMs: 0 }, { allowPrivateResultUrls: false, retryBaseMs: 60_000 });
    const taskId = await client.createTask({ prompt: "x", imageUrls: [] });
    const done = await waitForTask(client, taskId);
    const error = await client.downloadResult(done.resultUrls[0]).catch((e) => e);
    expect(error).toBeInstanceOf(KieError);
    expect(error).toMatchObject({ message: "the generated image could not be downloaded (127.0.0.1 is not a public address)", retryable: false });
  });
});

describe("each kie.ai model gets the fields its page documents", () => {
  const settings = (model: KieModel): KieModelSettings => ({ model, resolution: "4K", quality: "high" });
  // The input kie.ai documents for each model, written out here rather than
  // taken from the builders, with the sizes Thumbsmith needs (16:9).
  const expectedInput: Record<KieModel, (prompt: string, url: string) => Record<string, unknown>> = {
    "google/nano-banana-edit": (prompt, url) => ({ prompt, image_urls: [url], output_format: "png", image_size: "16:9" }),
    "nano-banana-pro": (prompt, url) => ({ prompt, image_input: [url], aspect_ratio: "16:9", resolution: "4K", output_format: "jpg" }),
    "seedream/4.5-edit": (prompt, url) => ({ prompt, image_urls: [url], aspect_ratio: "16:9", quality: "high" }),
  };

  test.each(KIE_MODELS)("%s: a task is created with its own fields, runs to success and its result downloads", async (model) => {
    const client = await clientFor({ taskLatencyMs: 20 }, { modelSettings: settings(model) });
    const portrait = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#0f0" } }).png().toBuffer();
    const url = await client.uploadImage(portrait, { fileName: "portrait.png", mimeType: "image/png" });

    const taskId = await client.createTask({ prompt: "A YouTube thumbnail", imageUrls: [url] });
    const task = fake!.tasks.get(taskId)!;
    expect(task.model).toBe(model);
    expect(task.input).toEqual(expectedInput[model]("A YouTube thumbnail", url));
    expect(task.imageUrls).toEqual([url]);

    const done = await waitForTask(client, taskId);
    expect(done.state).toBe("success");
    expect((await sharp(await client.downloadResult(done.resultUrls[0])).metadata()).format).toBe("png");
  });

  test("the fake kie.ai refuses a request built for another model, as kie.ai's 422 naming the field", async () => {
    fake = await startFakeKie();
    const send = async (body: unknown) =>
      (await fetch(`${fake!.url}/api/v1/jobs/createTask`, {
        method: "POST",
        headers: { Authorization: `Bearer ${fake!.apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as { code: number; msg: string };
    const request = { prompt: "A YouTube thumbnail", imageUrls: ["https://example.com/portrait.png"] };
    for (const model of KIE_MODELS) {
      expect(await send(buildKieTask(settings(model), request))).toMatchObject({ code: 200 });
      for (const other of KIE_MODELS.filter((m) => m !== model)) {
        const wrong = await send({ model, input: buildKieTask(settings(other), request).input });
        expect(wrong.code, `${other}'s fields sent as ${model}`).toBe(422);
        expect(wrong.msg).toMatch(new RegExp(`^input\\.\\w+ .* ${model.replace(".", "\\.")}`));
      }
    }
    expect(await send({ model: "dall-e-3", input: { prompt: "x" } })).toEqual({ code: 422, msg: "model dall-e-3 is not supported" });
    expect(fake.tasks.size).toBe(KIE_MODELS.length);
  });

  test("kie.ai's refusal reaches the creator with the model named and is not retried", async () => {
    // seedream/4.5-edit takes at most 3000 characters of prompt.
    const client = await clientFor({}, { modelSettings: settings("seedream/4.5-edit") });
    const error = await client.createTask({ prompt: "x".repeat(3001), imageUrls: [] }).catch((e) => e);
    expect(error).toBeInstanceOf(KieError);
    expect(error).toMatchObject({ code: 422, retryable: false });
    expect(error.message).toBe("kie.ai refused the request for seedream/4.5-edit (input.prompt is invalid for seedream/4.5-edit (a text of 1 to 3000 characters))");
    expect(fake!.createTimes).toHaveLength(1);
  });
});

test("the rate limiter never lets more than `limit` calls into a window", async () => {
  const acquire = createRateLimiter({ limit: 3, windowMs: 200 });
  const started = Date.now();
  const times: number[] = [];
  await Promise.all(Array.from({ length: 7 }, async () => {
    const done = await acquire();
    times.push(Date.now() - started);
    done();
  }));
  times.sort((a, b) => a - b);
  expect(times[3]).toBeGreaterThanOrEqual(199);
  expect(times[6]).toBeGreaterThanOrEqual(399);
});

test("a call that made nothing (done(false)) gives its slot back: an outage's failed creates do not hold up the batch", async () => {
  const acquire = createRateLimiter({ limit: 2, windowMs: 60_000 });
  // A free slot is granted without any timer: before the next turn of the event loop.
  const atOnce = (slot: ReturnType<typeof acquire>, counted = true) =>
    Promise.race([slot.then((done) => (done(counted), "granted")), new Promise((resolve) => setImmediate(() => resolve("waiting")))]);
  const failed: unknown[] = [];
  for (let i = 0; i < 10; i++) failed.push(await atOnce(acquire(), false));
  expect(failed).toEqual(Array.from({ length: 10 }, () => "granted"));
  // Had the ten counted, these two would wait a minute.
  expect([await atOnce(acquire()), await atOnce(acquire())]).toEqual(["granted", "granted"]);
  // The two that counted fill the window.
  expect(await atOnce(acquire())).toBe("waiting");
});
