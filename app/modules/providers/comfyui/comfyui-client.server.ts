// A client for ComfyUI's HTTP API (its server.py): POST /upload/image, POST
// /prompt, GET /history/{prompt_id}, GET /queue and GET /view, with every
// answer's size and time bounded and its failures in words for the creator
// or the self-hoster. ComfyUI is the self-hoster's own server, usually on
// their LAN, so unlike kie.ai's result links its address is not held to the
// public-address rule (docs/decisions/183-comfyui-provider.md); its images
// still come through the guarded download, with no redirects followed.
import { DownloadError, downloadPublicImage } from "~/modules/net/public-download.server";
import { describeNoAnswer, kindOfStatus } from "../provider-answers.server";
import type { ComfyuiWorkflow } from "./comfyui-workflow.server";

/** An error from ComfyUI; `message` is written for the creator. `retryable`: asking again may give another answer. */
export class ComfyuiError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** ComfyUI cannot make any thumbnail as set up (not running, a model or node missing): stop the whole batch. */
export class ComfyuiUnavailableError extends ComfyuiError {
  constructor(message: string) {
    super(message, false);
  }
}

/** ComfyUI no longer has the prompt (it was restarted): definite, asking again never brings it back. */
export class ComfyuiPromptLostError extends ComfyuiError {
  constructor(message: string) {
    super(message, false);
  }
}

export function isTemporaryComfyuiError(error: unknown) {
  return error instanceof ComfyuiError && error.retryable;
}

/** An image ComfyUI saved, as its history names it. */
export type ComfyuiImage = { filename: string; subfolder: string; type: string };

/** A finished prompt: its images, or why it failed. */
export type ComfyuiOutcome = { ok: true; images: ComfyuiImage[] } | { ok: false; reason: string };

export type ComfyuiClientOptions = {
  /** COMFYUI_URL. */
  baseUrl: string;
  /** How long one call may go unanswered. */
  requestTimeoutMs: number;
  /** JSON answers larger than this are refused (a /queue holds every queued workflow; a few MB is plenty). */
  maxAnswerBytes?: number;
  /** Saved images larger than this are refused. */
  maxImageBytes?: number;
};

/** Errors that mean nothing reached ComfyUI: it is not running or not at that address. */
const NOT_CONNECTED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

function causeCode(error: unknown) {
  return error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…` : text);

type NodeError = { type?: string; message?: string; details?: string };
type Refusal = {
  error?: NodeError & { extra_info?: { node_id?: string; class_type?: string } };
  node_errors?: Record<string, { class_type?: string; errors?: NodeError[] }>;
};

function describeNodeError(nodeId: string, classType: string | null, error: NodeError) {
  const node = `node ${nodeId}${classType ? ` (${classType})` : ""}`;
  if (error.type === "value_not_in_list") {
    // details: "unet_name: 'qwen_image_edit_fp8_e4m3fn.safetensors' not in [...]": the file ComfyUI does not have.
    const wanted = /^([^:]+): ('[^']*'|\S+) not in/.exec(error.details ?? "");
    if (wanted) return `${node}: ${wanted[1]} ${wanted[2]} is not installed in ComfyUI (put the file in its models folder)`;
  }
  return `${node}: ${error.message ?? error.type ?? "invalid"}${error.details ? ` (${clip(error.details)})` : ""}`;
}

/** ComfyUI's 400 to POST /prompt ({error, node_errors}) in words: which node, and what it lacks. */
export function describeRefusal(body: Refusal, workflow: ComfyuiWorkflow): string {
  const parts: string[] = [];
  for (const [nodeId, entry] of Object.entries(body.node_errors ?? {})) {
    const classType = entry.class_type ?? workflow[nodeId]?.class_type ?? null;
    for (const error of entry.errors ?? []) parts.push(describeNodeError(nodeId, classType, error));
  }
  const top = body.error;
  if (parts.length === 0 && top) {
    if (top.type === "missing_node_type") {
      const nodeId = top.extra_info?.node_id;
      const classType = top.extra_info?.class_type ?? (nodeId ? workflow[nodeId]?.class_type : null) ?? null;
      parts.push(
        `${nodeId ? `node ${nodeId}` : "a node"}${classType ? ` (${classType})` : ""} is not installed in ComfyUI: update ComfyUI or install the custom node that provides it`,
      );
    } else {
      parts.push(`${top.message ?? top.type ?? "invalid workflow"}${top.details ? ` (${clip(top.details)})` : ""}`);
    }
  }
  return `ComfyUI refused the workflow: ${parts.join("; ") || "no reason given"}`;
}

export function createComfyuiClient(options: ComfyuiClientOptions) {
  const { requestTimeoutMs, maxAnswerBytes = 8 * 1024 * 1024, maxImageBytes = 50 * 1024 * 1024 } = options;
  const base = options.baseUrl.replace(/\/+$/, "");
  const where = `ComfyUI at ${base} (COMFYUI_URL)`;

  /** One call; its answer's body read up to maxAnswerBytes. "Could not connect" is unavailable, any other no-answer temporary. */
  async function call(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(requestTimeoutMs), redirect: "error" });
    } catch (error) {
      const code = causeCode(error);
      if (code && NOT_CONNECTED.has(code)) throw new ComfyuiUnavailableError(`${where} could not be reached (${describeNoAnswer(error)}): is it running?`);
      throw new ComfyuiError(`ComfyUI did not answer (${describeNoAnswer(error)})`, true);
    }
    try {
      return { status: response.status, text: await readCapped(response, maxAnswerBytes) };
    } catch (error) {
      if (error instanceof ComfyuiError) throw error;
      throw new ComfyuiError(`ComfyUI did not answer (${describeNoAnswer(error)})`, true);
    }
  }

  /** A JSON answer to a GET, as temporary as its status when it is not one. */
  async function getJson(path: string, what: string): Promise<unknown> {
    const { status, text } = await call(path);
    if (status !== 200) throw new ComfyuiError(`ComfyUI answered HTTP ${status} to ${what}`, kindOfStatus(status) === "temporary");
    try {
      return JSON.parse(text);
    } catch {
      // A proxy's page or a cut answer with a 200: asking again may give a good one.
      throw new ComfyuiError(`ComfyUI sent an unreadable answer to ${what}`, true);
    }
  }

  return {
    /** Uploads the portrait into ComfyUI's input folder; returns the name LoadImage takes ("subfolder/name"). */
    async uploadImage(bytes: Buffer, { fileName, mimeType, subfolder }: { fileName: string; mimeType: string; subfolder: string }) {
      const form = new FormData();
      form.append("image", new Blob([new Uint8Array(bytes)], { type: mimeType }), fileName);
      form.append("type", "input");
      form.append("subfolder", subfolder);
      // The name is the generation's own: a second upload (a resumed batch) replaces it with the same bytes.
      form.append("overwrite", "true");
      const { status, text } = await call("/upload/image", { method: "POST", body: form });
      if (status !== 200) throw new ComfyuiError(`ComfyUI refused the portrait's upload (HTTP ${status})`, kindOfStatus(status) === "temporary");
      let answer: { name?: unknown; subfolder?: unknown };
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        throw new ComfyuiError("ComfyUI sent an unreadable answer to the portrait's upload", true);
      }
      if (typeof answer.name !== "string" || answer.name === "") throw new ComfyuiError("ComfyUI's answer to the portrait's upload names no file", false);
      return typeof answer.subfolder === "string" && answer.subfolder ? `${answer.subfolder}/${answer.name}` : answer.name;
    },

    /**
     * Queues the workflow; returns ComfyUI's prompt_id. Never retried: an
     * answer lost after ComfyUI queued it would queue the thumbnail twice.
     * A refused workflow (a model file or a node missing) is
     * ComfyuiUnavailableError: every other cell would be refused the same.
     */
    async queuePrompt(workflow: ComfyuiWorkflow, clientId: string): Promise<string> {
      let answer: { status: number; text: string };
      try {
        answer = await call("/prompt", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ prompt: workflow, client_id: clientId }) });
      } catch (error) {
        if (error instanceof ComfyuiError && error.retryable) {
          throw new ComfyuiError(`${error.message} when the thumbnail was queued; it was not sent again, so that it is never queued twice`, false);
        }
        throw error;
      }
      let body: { prompt_id?: unknown } & Refusal;
      try {
        body = JSON.parse(answer.text) as typeof body;
      } catch {
        throw new ComfyuiError(`ComfyUI sent an unreadable answer when the thumbnail was queued (HTTP ${answer.status})`, false);
      }
      if (answer.status === 400) throw new ComfyuiUnavailableError(describeRefusal(body, workflow));
      if (answer.status !== 200) throw new ComfyuiError(`ComfyUI answered HTTP ${answer.status} when the thumbnail was queued`, false);
      if (typeof body.prompt_id !== "string" || body.prompt_id === "") throw new ComfyuiError("ComfyUI's answer when the thumbnail was queued has no prompt_id", false);
      return body.prompt_id;
    },

    /**
     * The prompt's outcome from /history/{id}, or null while it is not
     * finished. A prompt neither in the history nor in the queue is gone:
     * ComfyUI keeps both in memory only, so a restart loses them.
     */
    async outcome(promptId: string): Promise<{ state: "finished"; outcome: ComfyuiOutcome } | { state: "queued" | "running" }> {
      const path = `/history/${encodeURIComponent(promptId)}`;
      const finished = parseHistory(await getJson(path, "a question about the thumbnail"), promptId);
      if (finished) return { state: "finished", outcome: finished };
      const queue = (await getJson("/queue", "a question about its queue")) as { queue_running?: unknown; queue_pending?: unknown } | null;
      if (!queue || typeof queue !== "object" || !Array.isArray(queue.queue_running) || !Array.isArray(queue.queue_pending)) {
        throw new ComfyuiError("ComfyUI sent an unreadable answer about its queue", true);
      }
      const holds = (items: unknown[]) => items.some((item) => Array.isArray(item) && item[1] === promptId);
      if (holds(queue.queue_running)) return { state: "running" };
      if (holds(queue.queue_pending)) return { state: "queued" };
      // It may have finished between the two questions.
      const late = parseHistory(await getJson(path, "a question about the thumbnail"), promptId);
      if (late) return { state: "finished", outcome: late };
      throw new ComfyuiPromptLostError(
        "ComfyUI no longer has this thumbnail's prompt (neither in its history nor in its queue: was ComfyUI restarted?); it was not queued again",
      );
    },

    /** One saved image, through the guarded download: bounded size and time, image bytes only, no redirects. */
    async downloadImage(image: ComfyuiImage): Promise<Buffer> {
      const query = new URLSearchParams({ filename: image.filename, subfolder: image.subfolder, type: image.type });
      try {
        return await downloadPublicImage(`${base}/view?${query}`, {
          timeoutMs: requestTimeoutMs,
          maxBytes: maxImageBytes,
          maxRedirects: 0,
          // The self-hoster's own server, on their LAN: see the decision record.
          isAllowedAddress: () => true,
        });
      } catch (error) {
        if (!(error instanceof DownloadError)) throw error;
        const temporary = error.status ? kindOfStatus(error.status) === "temporary" : error.retryable;
        throw new ComfyuiError(`ComfyUI's image ${image.filename} could not be used (${error.message})`, temporary);
      }
    },
  };
}

export type ComfyuiClient = ReturnType<typeof createComfyuiClient>;

type HistoryEntry = {
  outputs?: Record<string, { images?: unknown }>;
  status?: { status_str?: string; completed?: boolean; messages?: unknown };
};

/** The finished prompt in a /history/{id} answer, or null when it is not there (yet). */
export function parseHistory(body: unknown, promptId: string): ComfyuiOutcome | null {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new ComfyuiError("ComfyUI sent an unreadable history", true);
  const entry = (body as Record<string, HistoryEntry | undefined>)[promptId];
  if (!entry) return null;
  if (typeof entry !== "object") throw new ComfyuiError("ComfyUI sent an unreadable history", true);
  if (entry.status?.status_str === "error") return { ok: false, reason: describeExecutionError(entry.status.messages) };
  const images: ComfyuiImage[] = [];
  for (const output of Object.values(entry.outputs ?? {})) {
    const list = Array.isArray(output?.images) ? (output.images as Partial<ComfyuiImage>[]) : [];
    for (const image of list) {
      if (typeof image?.filename === "string" && image.filename) {
        images.push({ filename: image.filename, subfolder: typeof image.subfolder === "string" ? image.subfolder : "", type: typeof image.type === "string" ? image.type : "output" });
      }
    }
  }
  // Saved images first (SaveImage), then previews (PreviewImage's temp files).
  images.sort((a, b) => Number(b.type === "output") - Number(a.type === "output"));
  return { ok: true, images };
}

/** Why ComfyUI's run failed, from the status messages its history keeps. */
function describeExecutionError(messages: unknown) {
  const list = Array.isArray(messages) ? messages : [];
  for (const message of list) {
    if (!Array.isArray(message)) continue;
    const [event, data] = message as [unknown, { node_id?: string; node_type?: string; exception_message?: string } | undefined];
    if (event === "execution_error") {
      const node = data?.node_id ? ` in node ${data.node_id}${data.node_type ? ` (${data.node_type})` : ""}` : "";
      return `ComfyUI failed${node}: ${clip(String(data?.exception_message ?? "no message").trim())}`;
    }
    if (event === "execution_interrupted") return "ComfyUI's run was interrupted (cancelled in ComfyUI)";
  }
  return "ComfyUI's run failed (it gave no reason)";
}

/** A body read up to `max` bytes; more is refused (a temporary answer: the next may be smaller). */
async function readCapped(response: Response, max: number): Promise<string> {
  if (Number(response.headers.get("content-length") ?? 0) > max) {
    await response.body?.cancel();
    throw new ComfyuiError(`ComfyUI's answer is larger than ${Math.round(max / 1024 / 1024)} MB`, true);
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      throw new ComfyuiError(`ComfyUI's answer is larger than ${Math.round(max / 1024 / 1024)} MB`, true);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
