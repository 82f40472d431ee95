// A fake kie.ai on loopback that speaks the documented protocol: the base64
// file upload, jobs/createTask, jobs/recordInfo, result downloads and signed
// callbacks, with configurable latency and failures. Used by the provider's
// tests and benchmarks; never by the app itself. It imports nothing from
// app/: its callback signature is its own reading of kie.ai's documentation,
// so an app that verified a different scheme would fail against it.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";

export type FakeKieOptions = {
  apiKey?: string;
  /** How long a task takes from creation to success or failure. */
  taskLatencyMs?: number;
  /** Decide a task's outcome from its prompt (default: success). */
  outcome?: (prompt: string, index: number) => "success" | "fail";
  /** Error codes answered to createTask calls, in order, before answering normally (e.g. [429, 429]). */
  createErrors?: number[];
  /** kie.ai's own limit: creates per window; more answer 429. */
  rateLimit?: { limit: number; windowMs: number };
  /** Send callbacks to callBackUrl when a task ends. */
  sendCallbacks?: boolean;
  /** Sign callbacks with this key (X-Webhook-Timestamp, X-Webhook-Signature). */
  webhookKey?: string;
  /**
   * Sign and capture callbacks but do not send them, as someone who
   * intercepted them would hold them; `replayCallback` sends one later.
   */
  holdCallbacks?: boolean;
  /** Answer with this code for every call (401, 402, ...). */
  accountError?: number;
  /** Listen on this port (default: any free port). */
  port?: number;
};

/**
 * kie.ai's documented webhook signature (docs.kie.ai, webhook verification):
 * X-Webhook-Timestamp is Unix seconds and X-Webhook-Signature is
 * base64(HMAC-SHA256(key, "<taskId>.<timestamp>")). Written here from the
 * documentation on purpose, not shared with the app's verifier.
 */
export function signAsKie(taskId: string, timestamp: string, key: string) {
  return crypto.createHmac("sha256", key).update(`${taskId}.${timestamp}`, "utf8").digest("base64");
}

/** A callback as it went (or would have gone) on the wire. */
export type CapturedCallback = { taskId: string; url: string; headers: Record<string, string>; body: string };

type Task = { taskId: string; prompt: string; imageUrls: string[]; callBackUrl?: string; createdAt: number; outcome: "success" | "fail" };

export async function startFakeKie(options: FakeKieOptions = {}) {
  const apiKey = options.apiKey ?? "test-kie-key";
  const tasks = new Map<string, Task>();
  const uploads = new Map<string, Buffer>();
  const createTimes: number[] = [];
  const createErrors = [...(options.createErrors ?? [])];
  const callbacks: { taskId: string; status: number }[] = [];
  const captured: CapturedCallback[] = [];
  const rateLimited: number[] = [];
  let created = 0;
  let base = "";
  // One landscape result image, rendered once.
  const result = await sharp({ create: { width: 1344, height: 768, channels: 3, background: "#2b6cb0" } }).png().toBuffer();

  const stateOf = (task: Task) => (Date.now() - task.createdAt < (options.taskLatencyMs ?? 50) ? "generating" : task.outcome);

  const record = (task: Task) => {
    const state = stateOf(task);
    return {
      taskId: task.taskId,
      model: "google/nano-banana-edit",
      state,
      param: JSON.stringify({ prompt: task.prompt }),
      resultJson: state === "success" ? JSON.stringify({ resultUrls: [`${base}/results/${task.taskId}.png`] }) : "",
      failCode: state === "fail" ? "501" : "",
      failMsg: state === "fail" ? "The image could not be generated" : "",
      createTime: task.createdAt,
    };
  };

  async function post(callback: CapturedCallback, body = callback.body) {
    const response = await fetch(callback.url, { method: "POST", headers: callback.headers, body }).catch(() => null);
    return { status: response?.status ?? 0, text: (await response?.text().catch(() => "")) ?? "" };
  }

  async function sendCallback(task: Task) {
    if (!options.sendCallbacks || !task.callBackUrl) return;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (options.webhookKey) {
      headers["X-Webhook-Timestamp"] = timestamp;
      headers["X-Webhook-Signature"] = signAsKie(task.taskId, timestamp, options.webhookKey);
    }
    const body = JSON.stringify({ code: task.outcome === "success" ? 200 : 501, msg: task.outcome, data: record(task) });
    const callback = { taskId: task.taskId, url: task.callBackUrl, headers, body };
    captured.push(callback);
    if (options.holdCallbacks) return;
    const { status } = await post(callback);
    callbacks.push({ taskId: task.taskId, status });
  }

  /**
   * Sends the captured callback of a task again, with its genuine headers
   * (timestamp and signature) and `body` instead of the one kie.ai sent:
   * kie.ai signs only taskId.timestamp, so this is what a replay can forge.
   */
  async function replayCallback(taskId: string, body?: unknown) {
    const callback = captured.find((c) => c.taskId === taskId);
    if (!callback) throw new Error(`no callback was captured for task ${taskId}`);
    return post(callback, body === undefined ? callback.body : JSON.stringify(body));
  }

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    if (url.pathname === "/health") return send(res, 200, { code: 200, msg: "ok" });
    if (url.pathname.startsWith("/results/")) {
      const taskId = url.pathname.slice("/results/".length).replace(/\.png$/, "");
      if (!tasks.has(taskId)) return send(res, 404, { code: 404, msg: "expired" });
      res.writeHead(200, { "Content-Type": "image/png" });
      return res.end(result);
    }
    if (url.pathname.startsWith("/files/")) {
      const file = uploads.get(url.pathname.slice("/files/".length));
      if (!file) return send(res, 404, { code: 404, msg: "not found" });
      res.writeHead(200, { "Content-Type": "image/png" });
      return res.end(file);
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) return send(res, 401, { code: 401, msg: "Unauthorized" });
    if (options.accountError) return send(res, 200, { code: options.accountError, msg: "account error" });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};

    if (req.method === "POST" && url.pathname === "/api/file-base64-upload") {
      const name = `${crypto.randomUUID()}-${body.fileName ?? "upload.png"}`;
      uploads.set(name, Buffer.from(String(body.base64Data).replace(/^data:[^,]+,/, ""), "base64"));
      return send(res, 200, { success: true, code: 200, msg: "File uploaded successfully", data: { fileName: name, downloadUrl: `${base}/files/${name}` } });
    }
    if (req.method === "POST" && url.pathname === "/api/v1/jobs/createTask") {
      const forced = createErrors.shift();
      if (forced) return send(res, 200, { code: forced, msg: `forced ${forced}` });
      const now = Date.now();
      if (options.rateLimit) {
        const inWindow = createTimes.filter((t) => now - t < options.rateLimit!.windowMs).length;
        if (inWindow >= options.rateLimit.limit) {
          rateLimited.push(now);
          return send(res, 200, { code: 429, msg: "Too many requests" });
        }
      }
      createTimes.push(now);
      if (body.model !== "google/nano-banana-edit" || !body.input?.prompt || body.input?.image_size !== "16:9") {
        return send(res, 200, { code: 422, msg: "invalid parameters" });
      }
      const task: Task = {
        taskId: crypto.randomUUID().replace(/-/g, ""),
        prompt: body.input.prompt,
        imageUrls: body.input.image_urls ?? [],
        callBackUrl: body.callBackUrl,
        createdAt: now,
        outcome: options.outcome?.(body.input.prompt, created) ?? "success",
      };
      created += 1;
      tasks.set(task.taskId, task);
      setTimeout(() => void sendCallback(task), (options.taskLatencyMs ?? 50) + 5);
      return send(res, 200, { code: 200, msg: "success", data: { taskId: task.taskId } });
    }
    if (req.method === "GET" && url.pathname === "/api/v1/jobs/recordInfo") {
      const task = tasks.get(url.searchParams.get("taskId") ?? "");
      if (!task) return send(res, 200, { code: 422, msg: "task not found" });
      return send(res, 200, { code: 200, msg: "success", data: record(task) });
    }
    return send(res, 404, { code: 404, msg: "not found" });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    apiKey,
    tasks,
    uploads,
    createTimes,
    callbacks,
    /** Every callback signed, sent or held (see holdCallbacks). */
    captured,
    replayCallback,
    /** Times at which a create was refused for going over rateLimit. */
    rateLimited,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
