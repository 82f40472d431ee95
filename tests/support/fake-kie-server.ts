// A fake kie.ai on loopback that speaks the documented protocol: the base64
// file upload, jobs/createTask, jobs/recordInfo, result downloads and signed
// callbacks, with configurable latency and failures. Used by the provider's
// tests and benchmarks; never by the app itself. It imports nothing from
// app/: its callback signature is its own reading of kie.ai's documentation,
// so an app that verified a different scheme would fail against it.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sceneImage } from "../images";

export type FakeKieOptions = {
  apiKey?: string;
  /** How long a task takes from creation to success or failure. */
  taskLatencyMs?: number;
  /** Instead of taskLatencyMs: each task takes a random time in [min, max] ms. */
  taskLatencyRangeMs?: [number, number];
  /**
   * Accept POST /__control with {taskLatencyMs, taskLatencyRangeMs,
   * sendCallbacks} to change those for tasks created from then on, or with
   * {outage} to go down now (for a fake run as its own process, see
   * run-fake-kie.ts). Unauthenticated: tests only.
   */
  controllable?: boolean;
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
  /** Start this outage the moment the `afterCreates`-th task is created (mid-batch, on an event, not a clock). */
  outage?: Outage & { afterCreates: number };
  /** recordInfo's code for a task it does not know or has expired: kie.ai documents 404; 422 ("recordInfo is null") is seen too. */
  unknownTaskCode?: 404 | 422;
  /** recordInfo knows no task at all (as if every one had expired at once). */
  forgetTasks?: boolean;
};

/**
 * How the fake goes down. "5xx": error pages and kie.ai's own code 500 in
 * turn; "busy": 429 and 455 (maintenance) in turn; "timeout": requests get no
 * answer at all (the socket stays open until the outage ends); "reset": the
 * connection is cut before any answer; "refused": the whole server stops
 * listening. A request the outage answers does nothing: no task is created.
 */
export type OutageMode = "5xx" | "busy" | "timeout" | "reset" | "refused";
export type OutageEndpoint = "createTask" | "recordInfo" | "download";
export type Outage = {
  mode: OutageMode;
  durationMs: number;
  /** The endpoints that fail (default: createTask and recordInfo; "download" is the result links). "refused" takes down everything. */
  endpoints?: OutageEndpoint[];
  /** Callbacks due during the outage are never sent (counted in droppedCallbacks). */
  dropCallbacks?: boolean;
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

/**
 * Each model's `input` as kie.ai's model pages document it (docs.kie.ai/market/
 * google/nano-banana-edit, google/pro-image-to-image, seedream/4-5-edit):
 * field types, allowed values, required fields and prompt length. Written
 * from the pages, not shared with the app's request builders, so a builder
 * that drifted from kie.ai's fields fails against it.
 */
type Field = { kind: "prompt"; maxLength: number } | { kind: "urls"; maxItems: number } | { kind: "enum"; values: string[] } | { kind: "boolean" };
const ASPECT_RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];
export const KIE_MODEL_INPUTS: Record<string, { fields: Record<string, Field>; required: string[] }> = {
  "google/nano-banana-edit": {
    fields: {
      prompt: { kind: "prompt", maxLength: 5000 },
      image_urls: { kind: "urls", maxItems: 10 },
      output_format: { kind: "enum", values: ["png", "jpeg"] },
      aspect_ratio: { kind: "enum", values: [...ASPECT_RATIOS, "auto"] },
      image_size: { kind: "enum", values: [...ASPECT_RATIOS, "auto"] },
    },
    required: ["prompt", "image_urls"],
  },
  "nano-banana-pro": {
    fields: {
      prompt: { kind: "prompt", maxLength: 10000 },
      image_input: { kind: "urls", maxItems: 8 },
      aspect_ratio: { kind: "enum", values: [...ASPECT_RATIOS, "auto"] },
      resolution: { kind: "enum", values: ["1K", "2K", "4K"] },
      output_format: { kind: "enum", values: ["png", "jpg"] },
    },
    required: ["prompt"],
  },
  "seedream/4.5-edit": {
    fields: {
      prompt: { kind: "prompt", maxLength: 3000 },
      image_urls: { kind: "urls", maxItems: 14 },
      aspect_ratio: { kind: "enum", values: ["1:1", "4:3", "3:4", "16:9", "9:16", "2:3", "3:2", "21:9"] },
      quality: { kind: "enum", values: ["basic", "high"] },
      nsfw_checker: { kind: "boolean" },
    },
    required: ["prompt", "image_urls", "aspect_ratio", "quality"],
  },
};

/**
 * Why kie.ai would refuse this createTask body (its 422), or null. Stricter
 * than kie.ai in one way: a field the model does not document is refused
 * (kie.ai may ignore it), since a portrait sent under another model's field
 * name would silently never reach the model.
 */
export function kieInputProblem(model: unknown, input: unknown): string | null {
  const spec = typeof model === "string" ? KIE_MODEL_INPUTS[model] : undefined;
  if (!spec) return `model ${String(model)} is not supported`;
  if (!input || typeof input !== "object") return "input is required";
  const values = input as Record<string, unknown>;
  for (const name of spec.required) if (values[name] === undefined) return `input.${name} is required for ${model}`;
  for (const [name, value] of Object.entries(values)) {
    const field = spec.fields[name];
    if (!field) return `input.${name} is not a parameter of ${model}`;
    const wrong = `input.${name} is invalid for ${model}`;
    if (field.kind === "prompt" && (typeof value !== "string" || value.length === 0 || value.length > field.maxLength)) return `${wrong} (a text of 1 to ${field.maxLength} characters)`;
    if (field.kind === "urls" && (!Array.isArray(value) || value.length > field.maxItems || !value.every((url) => typeof url === "string" && /^https?:\/\//.test(url)))) return `${wrong} (at most ${field.maxItems} image URLs)`;
    if (field.kind === "enum" && !field.values.includes(value as string)) return `${wrong} (one of ${field.values.join(", ")})`;
    if (field.kind === "boolean" && typeof value !== "boolean") return `${wrong} (true or false)`;
  }
  return null;
}

type Task = {
  taskId: string;
  model: string;
  /** The createTask input exactly as sent. */
  input: Record<string, unknown>;
  prompt: string;
  /** The images the task was given, whatever the model calls the field. */
  imageUrls: string[];
  callBackUrl?: string;
  createdAt: number;
  latencyMs: number;
  outcome: "success" | "fail";
};

export async function startFakeKie(initialOptions: FakeKieOptions = {}) {
  const options = { ...initialOptions };
  const defaults = { taskLatencyMs: options.taskLatencyMs, taskLatencyRangeMs: options.taskLatencyRangeMs, sendCallbacks: options.sendCallbacks };
  const latencyOfNewTask = () => {
    const range = options.taskLatencyRangeMs;
    return range ? range[0] + Math.floor(Math.random() * (range[1] - range[0])) : (options.taskLatencyMs ?? 50);
  };
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
  let port = 0;
  // The outage under way, the requests it answered, and the callbacks it swallowed.
  let outage: (Outage & { endsAt: number; timer: NodeJS.Timeout }) | null = null;
  const outages: { mode: OutageMode; startedAt: number; endedAt: number | null }[] = [];
  const outageHits: { endpoint: OutageEndpoint; mode: OutageMode; at: number }[] = [];
  const droppedCallbacks: string[] = [];
  const held = new Set<http.ServerResponse>();
  // Result downloads per task: a paid task is used once it was downloaded.
  const downloads = new Map<string, number>();
  const expired = new Set<string>();
  // What recordInfo answered, in order: a state, "unknown", or the outage's mode.
  const recordInfoAnswers: { taskId: string; answer: string }[] = [];
  let errorTurn = 0;
  // One landscape result image, rendered once.
  const result = await sceneImage(1344, 768);

  const stateOf = (task: Task) => (Date.now() - task.createdAt < task.latencyMs ? "generating" : task.outcome);

  const record = (task: Task) => {
    const state = stateOf(task);
    return {
      taskId: task.taskId,
      model: task.model,
      state,
      param: JSON.stringify({ model: task.model, input: task.input }),
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

  // kie.ai calls back once per task (finishTask may end one before its timer does).
  const calledBack = new Set<string>();
  async function sendCallback(task: Task) {
    if (!options.sendCallbacks || !task.callBackUrl || calledBack.has(task.taskId)) return;
    calledBack.add(task.taskId);
    if (outage?.dropCallbacks) {
      droppedCallbacks.push(task.taskId);
      return;
    }
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

  function endOutage({ comeBack = true } = {}) {
    if (!outage) return;
    clearTimeout(outage.timer);
    const { mode } = outage;
    outage = null;
    outages[outages.length - 1].endedAt = Date.now();
    // A server that comes back does not answer what it dropped.
    for (const res of held) res.socket?.destroy();
    held.clear();
    // Back on its own port; should another process have taken it meanwhile, the test sees kie.ai stay down.
    if (mode === "refused" && comeBack) server.listen(port, "127.0.0.1").once("error", (error) => console.error(`fake kie.ai could not come back on port ${port}`, error));
  }

  // A timer may fire a millisecond before Date.now() says its time is up: the
  // outage lasts its whole duration as the clock reads it.
  function endWhenDue() {
    if (!outage) return;
    const left = outage.endsAt - Date.now();
    if (left > 0) outage.timer = setTimeout(endWhenDue, left);
    else endOutage();
  }

  /** Takes the fake down now for `durationMs` (see OutageMode); it comes back by itself. */
  function startOutage(next: Outage) {
    endOutage();
    const startedAt = Date.now();
    outages.push({ mode: next.mode, startedAt, endedAt: null });
    outage = { ...next, endsAt: startedAt + next.durationMs, timer: setTimeout(endWhenDue, next.durationMs) };
    if (next.mode === "refused") {
      server.close();
      // Open keep-alive connections would still be served: cut them too (after this tick's answers went out).
      setImmediate(() => server.closeAllConnections());
    }
  }

  /** Answers a request the outage catches; false when it is not caught. */
  function failByOutage(endpoint: OutageEndpoint, req: http.IncomingMessage, res: http.ServerResponse) {
    if (!outage || !(outage.mode === "refused" || (outage.endpoints ?? ["createTask", "recordInfo"]).includes(endpoint))) return false;
    outageHits.push({ endpoint, mode: outage.mode, at: Date.now() });
    if (endpoint === "recordInfo") recordInfoAnswers.push({ taskId: new URL(req.url ?? "/", base).searchParams.get("taskId") ?? "", answer: `outage:${outage.mode}` });
    const page = (status: number, title: string) => {
      res.writeHead(status, { "Content-Type": "text/html" });
      res.end(`<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center></body></html>`);
    };
    const turn = errorTurn++;
    // The file host behind result links answers pages, never kie.ai's JSON codes.
    if (endpoint === "download" && (outage.mode === "5xx" || outage.mode === "busy")) {
      if (outage.mode === "busy") page(429, "Too Many Requests");
      else [() => page(502, "Bad Gateway"), () => page(503, "Service Temporarily Unavailable"), () => page(504, "Gateway Time-out")][turn % 3]();
      return true;
    }
    switch (outage.mode) {
      case "5xx":
        [
          () => page(502, "Bad Gateway"),
          () => page(503, "Service Temporarily Unavailable"),
          () => send(res, 200, { code: 500, msg: "Server Error" }),
          () => page(504, "Gateway Time-out"),
          () => send(res, 500, { code: 500, msg: "Internal Server Error" }),
        ][turn % 5]();
        break;
      case "busy":
        if (turn % 2) send(res, 200, { code: 455, msg: "Service unavailable, under maintenance" });
        else send(res, 200, { code: 429, msg: "Too many requests" });
        break;
      case "timeout":
        held.add(res);
        res.on("close", () => held.delete(res));
        break;
      case "reset":
      case "refused":
        req.socket.destroy();
        break;
    }
    return true;
  }

  // Every request that reached this kie.ai, of any kind: the editor test counts them.
  const requests: string[] = [];
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === "/health") return send(res, 200, { code: 200, msg: "ok" });
    if (options.controllable && req.method === "POST" && url.pathname === "/__control") {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const change = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as Partial<typeof defaults> & { reset?: boolean; outage?: Outage };
      if (change.outage) startOutage(change.outage);
      else Object.assign(options, change.reset ? defaults : { ...defaults, ...change });
      return send(res, 200, { code: 200, msg: "ok" });
    }
    if (url.pathname === "/api/v1/jobs/recordInfo" && failByOutage("recordInfo", req, res)) return;
    if (url.pathname.startsWith("/results/")) {
      if (failByOutage("download", req, res)) return;
      const taskId = url.pathname.slice("/results/".length).replace(/\.png$/, "");
      if (!tasks.has(taskId) || expired.has(taskId)) return send(res, 404, { code: 404, msg: "expired" });
      downloads.set(taskId, (downloads.get(taskId) ?? 0) + 1);
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
      // Checked once the body is in, where an earlier create may have started the outage.
      if (failByOutage("createTask", req, res)) return;
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
      const problem = kieInputProblem(body.model, body.input);
      if (problem) return send(res, 200, { code: 422, msg: problem });
      const task: Task = {
        taskId: crypto.randomUUID().replace(/-/g, ""),
        model: body.model,
        input: body.input,
        prompt: body.input.prompt,
        imageUrls: body.input.image_urls ?? body.input.image_input ?? [],
        callBackUrl: body.callBackUrl,
        createdAt: now,
        latencyMs: latencyOfNewTask(),
        outcome: options.outcome?.(body.input.prompt, created) ?? "success",
      };
      created += 1;
      tasks.set(task.taskId, task);
      setTimeout(() => void sendCallback(task), task.latencyMs + 5);
      send(res, 200, { code: 200, msg: "success", data: { taskId: task.taskId } });
      if (options.outage && created === options.outage.afterCreates) startOutage(options.outage);
      return;
    }
    if (req.method === "GET" && url.pathname === "/api/v1/jobs/recordInfo") {
      const taskId = url.searchParams.get("taskId") ?? "";
      const task = tasks.get(taskId);
      if (!task || expired.has(taskId) || options.forgetTasks) {
        recordInfoAnswers.push({ taskId, answer: "unknown" });
        return send(res, 200, { code: options.unknownTaskCode ?? 422, msg: "task not found" });
      }
      const data = record(task);
      recordInfoAnswers.push({ taskId, answer: data.state });
      return send(res, 200, { code: 200, msg: "success", data });
    }
    return send(res, 404, { code: 404, msg: "not found" });
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
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
    requests,
    startOutage,
    /** Every outage so far, when it started and ended. */
    outages,
    /** The requests an outage answered (or left unanswered, or cut). */
    outageHits,
    /** Tasks whose callback an outage dropped. */
    droppedCallbacks,
    /** Result downloads per task id. */
    downloads,
    recordInfoAnswers,
    /** Ends a task's work now (its outcome from then on), so a test need not wait out a latency. */
    finishTask(taskId: string) {
      const task = tasks.get(taskId);
      if (!task) throw new Error(`no task ${taskId}`);
      task.latencyMs = Math.min(task.latencyMs, Date.now() - task.createdAt);
      void sendCallback(task);
    },
    /** kie.ai forgets these tasks (as after their retention): recordInfo answers unknownTaskCode. */
    expireTasks(taskIds: Iterable<string>) {
      for (const taskId of taskIds) expired.add(taskId);
    },
    close() {
      const down = outage?.mode === "refused";
      endOutage({ comeBack: false });
      return new Promise<void>((resolve) => {
        if (down) resolve();
        else server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
