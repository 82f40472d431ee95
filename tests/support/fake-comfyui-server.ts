// A fake ComfyUI on loopback that speaks its HTTP API as its server.py does:
// POST /upload/image (multipart: image, type, subfolder, overwrite; answers
// {name, subfolder, type}), POST /prompt ({prompt, client_id}; answers
// {prompt_id, number, node_errors}, or 400 {error, node_errors} for a
// workflow it cannot run), GET /history/{prompt_id} ({} until finished, then
// outputs and status), GET /queue ({queue_running, queue_pending}, items as
// [number, prompt_id, prompt, extra_data, outputs]) and GET /view. Prompts
// run one at a time, as on one GPU. It validates a workflow the way ComfyUI
// does for what Thumbsmith relies on: every node's class must be installed,
// the loaders' model files must be in its models folders, and LoadImage's
// image must be a file uploaded to it. Failures switch per test. Tests only;
// it imports nothing from app/.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sceneImage } from "../images";

/**
 * "execution-error": a prompt fails while running (the history's status is
 * error with an execution_error message). "hang": questions about prompts
 * (/history, /queue) get no answer at all. "malformed": they get a 200 that
 * is not JSON. "non-image": /view answers text instead of the picture.
 * "no-images": the workflow finishes without saving an image.
 * "malformed-prompt-answer": POST /prompt queues the prompt, but its answer
 * is cut (a 200 that is not JSON).
 */
export type FakeComfyuiFailure = "execution-error" | "hang" | "malformed" | "malformed-prompt-answer" | "non-image" | "no-images";

export type FakeComfyuiOptions = {
  /** How long one prompt runs once it reaches the head of the queue. */
  runMs?: number;
  /** Node classes installed (default: the core ones the shipped workflow uses). */
  nodeClasses?: string[];
  /** Model files in its folders, by the loader input that names them. */
  models?: Partial<Record<"unet_name" | "clip_name" | "vae_name", string[]>>;
};

export const QWEN_EDIT_MODELS = {
  unet_name: ["qwen_image_edit_fp8_e4m3fn.safetensors"],
  clip_name: ["qwen_2.5_vl_7b_fp8_scaled.safetensors"],
  vae_name: ["qwen_image_vae.safetensors"],
};

const CORE_NODES = [
  "UNETLoader",
  "CLIPLoader",
  "VAELoader",
  "ModelSamplingAuraFlow",
  "CFGNorm",
  "LoadImage",
  "TextEncodeQwenImageEdit",
  "EmptySD3LatentImage",
  "KSampler",
  "VAEDecode",
  "SaveImage",
  "PreviewImage",
];

const LOADER_FOLDERS: Record<string, "unet_name" | "clip_name" | "vae_name"> = { UNETLoader: "unet_name", CLIPLoader: "clip_name", VAELoader: "vae_name" };

type Workflow = Record<string, { class_type?: string; inputs?: Record<string, unknown> }>;
type Queued = { number: number; promptId: string; prompt: Workflow; clientId: unknown; startedAt?: number };
type HistoryEntry = { prompt: unknown[]; outputs: Record<string, { images: { filename: string; subfolder: string; type: string }[] }>; status: { status_str: string; completed: boolean; messages: unknown[] } };

export async function startFakeComfyui(options: FakeComfyuiOptions = {}) {
  const nodeClasses = new Set(options.nodeClasses ?? CORE_NODES);
  const models = { ...QWEN_EDIT_MODELS, ...options.models };
  const state = {
    runMs: options.runMs ?? 30,
    failure: null as FakeComfyuiFailure | null,
    /** Prompts stay running until release() (to restart the app mid-prompt). */
    hold: false,
  };
  /** Every POST /prompt that reached it, accepted or not. */
  let promptRequests = 0;
  /** Accepted prompts, in order, with the workflow as received. */
  const accepted: Queued[] = [];
  const uploads = new Map<string, { bytes: Buffer; type: string }>();
  const files = new Map<string, Buffer>();
  let pending: Queued[] = [];
  let running: Queued | null = null;
  let history: Record<string, HistoryEntry> = {};
  let number = 0;
  let saved = 0;
  /** How long each prompt ran, from the head of the queue to its history entry (ms). */
  const runs: number[] = [];
  let runTimer: NodeJS.Timeout | null = null;

  function startNext() {
    if (running || pending.length === 0) return;
    running = pending.shift()!;
    running.startedAt = performance.now();
    if (!state.hold) runTimer = setTimeout(finishRunning, state.runMs);
  }

  async function finishRunning() {
    const item = running;
    if (!item) return;
    const entry: HistoryEntry = {
      prompt: [item.number, item.promptId, item.prompt, { client_id: item.clientId }, []],
      outputs: {},
      status: { status_str: "success", completed: true, messages: [["execution_start", { prompt_id: item.promptId }], ["execution_success", { prompt_id: item.promptId }]] },
    };
    if (state.failure === "execution-error") {
      const [nodeId] = Object.entries(item.prompt).find(([, node]) => node.class_type === "KSampler") ?? ["1"];
      entry.status = {
        status_str: "error",
        completed: false,
        messages: [
          ["execution_start", { prompt_id: item.promptId }],
          ["execution_error", { prompt_id: item.promptId, node_id: nodeId, node_type: "KSampler", exception_message: "CUDA out of memory. Tried to allocate 2.00 GiB", exception_type: "torch.OutOfMemoryError", traceback: [] }],
        ],
      };
    } else if (state.failure !== "no-images") {
      for (const [nodeId, node] of Object.entries(item.prompt)) {
        if (node.class_type !== "SaveImage") continue;
        const prefix = String(node.inputs?.filename_prefix ?? "ComfyUI");
        const slash = prefix.lastIndexOf("/");
        const subfolder = slash >= 0 ? prefix.slice(0, slash) : "";
        const filename = `${prefix.slice(slash + 1)}_${String(++saved).padStart(5, "0")}_.png`;
        const hue = [...item.promptId].reduce((sum, c) => sum + c.charCodeAt(0), 0) % 200;
        files.set(`output/${subfolder}/${filename}`, await sceneImage(1344, 768, `rgb(${40 + hue},90,${Math.round(200 - hue / 2)})`));
        entry.outputs[nodeId] = { images: [{ filename, subfolder, type: "output" }] };
      }
    }
    // As ComfyUI's task_done does under its lock: into the history and out of the queue at once.
    if (running !== item) return; // Forgotten (a restart) while its image was being made.
    history[item.promptId] = entry;
    runs.push(performance.now() - item.startedAt!);
    running = null;
    runTimer = null;
    startNext();
  }

  /** What ComfyUI's validate_prompt says about a workflow, or null when it would run it. */
  function validate(prompt: Workflow): { error: unknown; node_errors: Record<string, unknown> } | null {
    for (const [nodeId, node] of Object.entries(prompt)) {
      if (!node?.class_type || !nodeClasses.has(node.class_type)) {
        return {
          error: {
            type: "missing_node_type",
            message: `Node '${node?.class_type ?? `ID #${nodeId}`}' not found. The custom node may not be installed.`,
            details: `Node ID '#${nodeId}'`,
            extra_info: { node_id: nodeId, class_type: node?.class_type ?? null, node_title: node?.class_type ?? null },
          },
          node_errors: {},
        };
      }
    }
    const nodeErrors: Record<string, unknown> = {};
    for (const [nodeId, node] of Object.entries(prompt)) {
      const inputs = node.inputs ?? {};
      const folder = LOADER_FOLDERS[node.class_type!];
      const errors: unknown[] = [];
      if (folder && !models[folder].includes(String(inputs[folder]))) {
        errors.push({ type: "value_not_in_list", message: "Value not in list", details: `${folder}: '${String(inputs[folder])}' not in ${JSON.stringify(models[folder])}`, extra_info: { input_name: folder } });
      }
      if (node.class_type === "LoadImage" && !uploads.has(String(inputs.image))) {
        errors.push({ type: "custom_validation_failed", message: "Failed to validate prompt for output", details: `image - Invalid image file: ${String(inputs.image)}`, extra_info: {} });
      }
      if (node.class_type === "KSampler" && !Number.isInteger(inputs.seed)) {
        errors.push({ type: "invalid_input_type", message: "Failed to convert an input value to a INT value", details: `seed, ${String(inputs.seed)}`, extra_info: {} });
      }
      if (errors.length > 0) nodeErrors[nodeId] = { errors, dependent_outputs: [], class_type: node.class_type };
    }
    if (Object.keys(nodeErrors).length === 0) return null;
    return { error: { type: "prompt_outputs_failed_validation", message: "Prompt outputs failed validation", details: "", extra_info: {} }, node_errors: nodeErrors };
  }

  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", "http://fake");
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);

    if (req.method === "POST" && url.pathname === "/upload/image") {
      // Parsed by the platform's own multipart reader, as aiohttp parses it for ComfyUI.
      const form = await new Request("http://fake/upload/image", { method: "POST", headers: req.headers as Record<string, string>, body }).formData();
      const image = form.get("image");
      if (!(image instanceof File) || !image.name) return res.writeHead(400).end();
      const subfolder = String(form.get("subfolder") ?? "");
      const type = String(form.get("type") ?? "input");
      let name = image.name;
      const key = (n: string) => (subfolder ? `${subfolder}/${n}` : n);
      if (form.get("overwrite") !== "true" && form.get("overwrite") !== "1") {
        for (let i = 1; uploads.has(key(name)); i++) name = image.name.replace(/(\.[^.]*)?$/, ` (${i})$1`);
      }
      uploads.set(key(name), { bytes: Buffer.from(await image.arrayBuffer()), type: image.type });
      return json(res, 200, { name, subfolder, type });
    }

    if (req.method === "POST" && url.pathname === "/prompt") {
      promptRequests += 1;
      let data: { prompt?: Workflow; client_id?: unknown };
      try {
        data = JSON.parse(body.toString("utf8"));
      } catch {
        return res.writeHead(500).end("Internal Server Error");
      }
      if (!data.prompt) return json(res, 400, { error: { type: "no_prompt", message: "No prompt provided", details: "No prompt provided", extra_info: {} }, node_errors: {} });
      const refusal = validate(data.prompt);
      if (refusal) return json(res, 400, refusal);
      const item: Queued = { number: number++, promptId: crypto.randomUUID(), prompt: data.prompt, clientId: data.client_id };
      accepted.push(item);
      pending.push(item);
      startNext();
      if (state.failure === "malformed-prompt-answer") return res.writeHead(200, { "Content-Type": "application/json" }).end("{\"prompt_id\": \"");
      return json(res, 200, { prompt_id: item.promptId, number: item.number, node_errors: {} });
    }

    if (req.method === "GET" && (url.pathname.startsWith("/history/") || url.pathname === "/queue")) {
      if (state.failure === "hang") return; // No answer: the socket stays open until the fake closes.
      if (state.failure === "malformed") return res.writeHead(200, { "Content-Type": "application/json" }).end("{\"oops\": ");
      if (url.pathname === "/queue") {
        const row = (item: Queued) => [item.number, item.promptId, item.prompt, { client_id: item.clientId }, []];
        return json(res, 200, { queue_running: running ? [row(running)] : [], queue_pending: pending.map(row) });
      }
      const promptId = decodeURIComponent(url.pathname.slice("/history/".length));
      return json(res, 200, history[promptId] ? { [promptId]: history[promptId] } : {});
    }

    if (req.method === "GET" && url.pathname === "/view") {
      const type = url.searchParams.get("type") ?? "output";
      const file = files.get(`${type}/${url.searchParams.get("subfolder") ?? ""}/${url.searchParams.get("filename")}`);
      if (!file) return res.writeHead(404).end();
      if (state.failure === "non-image") return res.writeHead(200, { "Content-Type": "text/plain" }).end("this is not a picture");
      return res.writeHead(200, { "Content-Type": "image/png" }).end(file);
    }
    res.writeHead(404).end();
  }

  let server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    state,
    get promptRequests() {
      return promptRequests;
    },
    accepted,
    /** ms each finished prompt ran, from the head of the queue to its history entry. */
    runs,
    uploads,
    /** Lets held prompts run (each takes runMs). */
    release() {
      state.hold = false;
      if (running && !runTimer) runTimer = setTimeout(finishRunning, state.runMs);
    },
    /** ComfyUI restarted: its queue and history are gone (they live in memory). */
    forgetEverything() {
      if (runTimer) clearTimeout(runTimer);
      runTimer = null;
      running = null;
      pending = [];
      history = {};
    },
    /** Stops listening: connections are refused, as when ComfyUI is not running. */
    refuseConnections: stop,
    /** Listens again on the same port. */
    async listenAgain() {
      server = http.createServer((req, res) => {
        handle(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
      });
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    async close() {
      if (runTimer) clearTimeout(runTimer);
      if (server.listening) await stop();
    },
  };
}

export type FakeComfyui = Awaited<ReturnType<typeof startFakeComfyui>>;
