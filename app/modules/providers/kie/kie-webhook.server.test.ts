// kie.ai's callback as the webhook route receives it: a real Request with
// kie.ai's headers and body, against a thumbnail waiting on its task.
import { afterEach, describe, expect, test, vi } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { waitForKieCallback } from "./kie-callbacks.server";
import type { KieTask } from "./kie-client.server";
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

/** Listens for the task as a renderer in this process would; `got()` is what arrived, if anything. */
function listenFor(taskId: string) {
  const waiting = waitForKieCallback(taskId);
  let task: KieTask | null = null;
  void waiting.arrived.then((t) => (task = t));
  return {
    got: async () => {
      await Promise.resolve();
      waiting.cancel();
      return task;
    },
  };
}

describe("kie.ai's signed callback", () => {
  test("a callback signed as kie.ai signs it finishes the waiting task", async () => {
    configureKie({ webhookKey: "hook-key" });
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    const outcome = await receiveAt(NOW, callback(finished(), { "X-Webhook-Timestamp": SENT_AT, "X-Webhook-Signature": SIGNATURE }), token);
    expect(outcome).toEqual({ status: 200, message: "OK" });
    expect(await renderer.got()).toEqual({ taskId: TASK_ID, state: "success", resultUrls: ["https://tempfile.example/result.png"], failMessage: null });
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
    expect(await renderer.got()).toBeNull();
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
    expect((await renderer.got())?.state).toBe("success");
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
    expect(await renderer.got()).toBeNull();
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
    expect(await renderer.got()).toBeNull();
  });

  test("a generation still pending (claimed again after a restart) takes the callback", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID, { generationStatus: "pending" });
    expect(await handleKieCallback(callback(finished()), token)).toEqual({ status: 200, message: "OK" });
  });

  test("a progress callback is noted and wakes nobody", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    expect(await handleKieCallback(callback({ code: 200, data: { taskId: TASK_ID, state: "generating" } }), token)).toEqual({ status: 200, message: "Noted." });
    expect(await handleKieCallback(callback({ code: 200, data: { taskId: TASK_ID } }), token)).toEqual({ status: 200, message: "Noted." });
    expect(await renderer.got()).toBeNull();
  });

  test("a failed task reaches the waiting renderer with kie.ai's reason", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    const body = { code: 200, data: { taskId: TASK_ID, state: "fail", failMsg: "content policy" } };
    expect(await handleKieCallback(callback(body), token)).toEqual({ status: 200, message: "OK" });
    expect(await renderer.got()).toEqual({ taskId: TASK_ID, state: "fail", resultUrls: [], failMessage: "content policy" });
  });

  test("an unreadable result is left to polling", async () => {
    configureKie();
    const token = await thumbnailWaitingOn(TASK_ID);
    const renderer = listenFor(TASK_ID);
    const body = { code: 200, data: { taskId: TASK_ID, state: "success", resultJson: "{broken" } };
    expect(await handleKieCallback(callback(body), token)).toEqual({ status: 200, message: "Ignored: unreadable result; polling will fetch it." });
    expect(await renderer.got()).toBeNull();
  });
});
