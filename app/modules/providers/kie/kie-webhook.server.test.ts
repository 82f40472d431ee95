// kie.ai's callback as the webhook route receives it: a real Request with
// kie.ai's headers and body, against a thumbnail waiting on its task.
import { afterEach, describe, expect, test, vi } from "vitest";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { createTestUser } from "#tests/utils";
import { kieCallbacksRefused, resetKieCallbackHealth } from "./kie-callback-health.server";
import { listenForKieCallbacks } from "./kie-callbacks.server";
import { handleKieCallback } from "./kie-webhook.server";

// Known answers, computed outside the app from kie.ai's documented scheme
// (see kie-signature.server.test.ts):
//   printf '%s' 'task_4o_b3f1c2d9e8a7.1790000000' | openssl dgst -sha256 -hmac hook-key -binary | base64
const TASK_ID = "task_4o_b3f1c2d9e8a7";
const SENT_AT = "1790000000";
const SIGNATURE = "fth1vDuuJd0hTH/UQU+INLCus9jkHmsm8ffY4GTnXdw=";
const SIGNATURE_OTHER_KEY = "nMqNyx8GHHx7+ZplMe2WNqAlp3CIQvp0vCtuPmL4DKI=";
const SIGNATURE_OLD = "JiyOpfFMXjgaqDT/pzNf6jTEj4Y/qVEhWUXqc9xhUlU="; // for timestamp 1789999000
/** Ten seconds after SENT_AT. */
const NOW = 1_790_000_010_000;

const kieEnv = ["KIE_API_KEY", "KIE_WEBHOOK_HMAC_KEY"] as const;
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  resetKieCallbackHealth();
  for (const name of kieEnv) delete process.env[name];
});

function configureKie({ webhookKey }: { webhookKey?: string } = {}) {
  process.env.KIE_API_KEY = "test-kie-key";
  if (webhookKey) process.env.KIE_WEBHOOK_HMAC_KEY = webhookKey;
}

let user: { id: string } | undefined;

/** A kie.ai generation with one thumbnail whose task is in flight. */
async function thumbnailWaitingOn(
  taskId: string,
  { thumbnailStatus = "rendering", generationStatus = "processing" } = {},
) {
  user ??= await createTestUser();
  // Task ids are unique; a previous test's thumbnail lets go of it.
  await prisma.thumbnail.updateMany({ where: { providerTaskId: taskId }, data: { providerTaskId: null } });
  const { id: generationId } = await prisma.generation.create({
    data: { userId: user.id, portraitKey: "portraits/p.jpg", keywords: "callback test", backgroundCount: 1, status: generationStatus, provider: "kie" },
    select: { id: true },
  });
  const token = `token-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  await prisma.thumbnail.create({
    data: { generationId, promptIndex: 0, backgroundIndex: 0, prompt: "p", status: thumbnailStatus, providerTaskId: taskId, callbackToken: token },
    select: { id: true },
  });
  return token;
}

function callback(body: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/resources/kie/callback/x", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const finished = (taskId = TASK_ID) => ({
  code: 200,
  msg: "success",
  data: { taskId, state: "success", resultJson: JSON.stringify({ resultUrls: ["https://tempfile.example/result.png"] }) },
});

/** Runs the callback at a given wall-clock time, as the signature check sees it. */
async function receiveAt(now: number, request: Request, token: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now);
  try {
    return await handleKieCallback(request, token);
  } finally {
    vi.useRealTimers();
  }
}

/** Listens for the task as a renderer in this process would; `woken()` says whether a callback woke it. */
function listenFor(taskId: string) {
  const listening = listenForKieCallbacks(taskId);
  let woken = false;
  void listening.next().then(() => (woken = true));
  return {
    woken: async () => {
      await Promise.resolve();
      listening.cancel();
      return woken;
    },
  };
}

describe("kie.ai's signed callback", () => {
  test("a callback signed as kie.ai signs it wakes the renderer waiting on the task", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    const outcome = await receiveAt(NOW, callback(finished(), { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE }), token);
    expect(outcome).toEqual({ status: 200, message: "OK" });
    expect(await renderer.woken()).toBe(true);
  });

  test.each([
    ["signed with another key", { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE_OTHER_KEY }],
    ["with a tampered timestamp", { "X-Webhook-Timestamp": "1790000001", "X-Webhook-Signature": SIGNATURE }],
    ["replayed after it expired", { "X-Webhook-Timestamp": "1789999000", "X-Webhook-Signature": SIGNATURE_OLD }],
    ["without a signature", { "X-Webhook-Timestamp": SENT_AT }],
    ["without a timestamp", { "X-Webhook-Signature": SIGNATURE }],
    ["without either header", {}],
  ])("a callback %s is refused and nobody is told", async (_, headers) => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    expect(await receiveAt(NOW, callback(finished(), headers), token)).toEqual({ status: 401, message: "Bad signature." });
    expect(await renderer.woken()).toBe(false);
  });

  test("the signature covers the task id in the body: another task's body under this signature is refused", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn("task_4o_b3f1c2d9e8a8");
    const outcome = await receiveAt(NOW, callback(finished("task_4o_b3f1c2d9e8a8"), { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE }), token);
    expect(outcome).toEqual({ status: 401, message: "Bad signature." });
  });

  test("without a webhook key configured, the unguessable token alone lets the callback in", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    expect(await handleKieCallback(callback(finished()), token)).toEqual({ status: 200, message: "OK" });
    expect(await renderer.woken()).toBe(true);
  });
});

describe("what a callback may change", () => {
  test("an unknown or empty token is refused before anything else is read", async () => {
    configureKie({ webhookKey: "hook-key" });
    expect(await handleKieCallback(callback(finished()), "no-such-token")).toEqual({ status: 401, message: "Unknown callback." });
    expect(await handleKieCallback(callback("not json"), "")).toEqual({ status: 401, message: "Unknown callback." });
  });

  test("a body that is not JSON is a bad request", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    expect(await handleKieCallback(callback("{not json"), token)).toEqual({ status: 400, message: "The callback body is not JSON." });
  });

  test("a callback for another task than the thumbnail's is acknowledged and ignored", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    expect(await handleKieCallback(callback(finished("task_someone_else")), token)).toEqual({ status: 200, message: "Ignored: not this task." });
    expect(await handleKieCallback(callback({ code: 200, data: { state: "success" } }), token)).toEqual({ status: 200, message: "Ignored: not this task." });
    expect(await handleKieCallback(callback({ code: 200 }), token)).toEqual({ status: 200, message: "Ignored: not this task." });
    expect(await renderer.woken()).toBe(false);
  });

  test.each([
    ["the thumbnail is already made", { thumbnailStatus: "success" }],
    ["the thumbnail already failed", { thumbnailStatus: "failed" }],
    ["the generation is finished", { generationStatus: "completed" }],
    ["the generation failed", { generationStatus: "failed" }],
  ])("a late callback when %s is acknowledged and ignored", async (_, state) => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID, state);
    const renderer = listenFor(TASK_ID);
    expect(await handleKieCallback(callback(finished()), token)).toEqual({ status: 200, message: "Ignored: already handled." });
    expect(await renderer.woken()).toBe(false);
  });

  test("a generation still pending (claimed again after a restart) takes the callback", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID, { generationStatus: "pending" });
    expect(await handleKieCallback(callback(finished()), token)).toEqual({ status: 200, message: "OK" });
  });

  test.each([
    ["a progress report", { state: "generating" }],
    ["no state at all", {}],
    ["a failure", { state: "fail", failMsg: "content policy" }],
    ["a result elsewhere", { state: "success", resultJson: JSON.stringify({ resultUrls: ["http://169.254.169.254/latest/meta-data/"] }) }],
    ["an unreadable result", { state: "success", resultJson: "{broken" }],
  ])("the body's state and result are not read: %s only wakes the renderer to ask kie.ai", async (_, data) => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    expect(await handleKieCallback(callback({ code: 200, data: { taskId: TASK_ID, ...data } }), token)).toEqual({ status: 200, message: "OK" });
    expect(await renderer.woken()).toBe(true);
  });
});

describe("a wrong KIE_WEBHOOK_HMAC_KEY", () => {
  const signedWithOtherKey = () => callback(finished(), { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE_OTHER_KEY });
  const signedRight = () => callback(finished(), { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE });
  const minutes = (n: number) => n * 60_000;
  const warnings = () => {
    const warn = vi.spyOn(logger, "warn");
    return () => warn.mock.calls.map((args) => String(args[0]));
  };
  const expected =
    "kie.ai callbacks fail signature verification: KIE_WEBHOOK_HMAC_KEY is probably wrong; falling back to polling (3 refused in the last 10 minutes, none accepted)";

  test("three refused callbacks in ten minutes log one warning naming the likely cause, and the state says since when", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const logged = warnings();
    // kie.ai signs with "other-key"; this server was given "hook-key".
    await receiveAt(NOW, signedWithOtherKey(), token);
    await receiveAt(NOW + minutes(4), signedWithOtherKey(), token);
    expect(logged()).toEqual([]);
    expect(kieCallbacksRefused(NOW + minutes(4))).toBeNull();
    expect(await receiveAt(NOW + minutes(8), signedWithOtherKey(), token)).toEqual({ status: 401, message: "Bad signature." });
    expect(logged()).toEqual([expected]);
    expect(kieCallbacksRefused(NOW + minutes(8))).toEqual({
      since: new Date(NOW),
      message: "kie.ai callbacks are being refused (check KIE_WEBHOOK_HMAC_KEY); results arrive by polling, more slowly",
    });

    // Once per period, not per request.
    for (let i = 1; i <= 5; i++) await receiveAt(NOW + minutes(8) + i * 1000, signedWithOtherKey(), token);
    expect(logged()).toHaveLength(1);
    // Still refused ten minutes later: warned again.
    await receiveAt(NOW + minutes(18), signedWithOtherKey(), token);
    expect(logged()).toHaveLength(2);
  });

  test("refusals spread over more than ten minutes are not a pattern", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const logged = warnings();
    for (const at of [0, 6, 12, 18]) await receiveAt(NOW + minutes(at), signedWithOtherKey(), token);
    expect(logged()).toEqual([]);
    expect(kieCallbacksRefused(NOW + minutes(18))).toBeNull();
  });

  test("a callback that passes clears it: the refusals must come in a row", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const logged = warnings();
    await receiveAt(NOW, signedWithOtherKey(), token);
    await receiveAt(NOW + 1000, signedWithOtherKey(), token);
    expect((await receiveAt(NOW + 2000, signedRight(), token)).status).toBe(200);
    await receiveAt(NOW + 3000, signedWithOtherKey(), token);
    expect(logged()).toEqual([]);
    await receiveAt(NOW + 4000, signedWithOtherKey(), token);
    await receiveAt(NOW + 5000, signedWithOtherKey(), token);
    expect(logged()).toEqual([expected]);
    expect(kieCallbacksRefused(NOW + 5000)).not.toBeNull();
    await receiveAt(NOW + 6000, signedRight(), token);
    expect(kieCallbacksRefused(NOW + 6000)).toBeNull();
  });

  test("bad signatures on unknown tokens say nothing about the key and are not counted", async () => {
    configureKie({ webhookKey: "hook-key" });
    const logged = warnings();
    for (let i = 0; i < 5; i++) expect((await receiveAt(NOW + i, signedWithOtherKey(), "no-such-token")).status).toBe(401);
    expect(logged()).toEqual([]);
    expect(kieCallbacksRefused(NOW + 5)).toBeNull();
  });
});
