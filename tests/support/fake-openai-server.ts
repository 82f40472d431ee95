// A fake OpenAI Images API on loopback: POST /v1/images/edits as OpenAI
// documents it (platform.openai.com/docs/api-reference/images/createEdit):
// multipart form data with `model`, `prompt`, `image[]` (one or more images),
// `size`, `n`, `quality`; the answer holds `data[].b64_json`. Errors come in
// OpenAI's shape, {"error": {"message", "type", "param", "code"}}, with the
// status codes of its error guide (401 key, 429 rate limit or quota, 400
// moderation, 500). Failure modes are switched per test. It counts every
// request it received and every image it made, so a test can prove that
// nothing was paid for twice. It imports nothing from app/: its reading of the
// protocol is its own, so a client that drifted from it fails against it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { sceneImage } from "../images";

/**
 * How the fake answers. "ok" makes an image. The others are OpenAI's
 * documented failures, plus a hang (no answer at all), a cut JSON answer
 * and images that are not images.
 */
export type FakeOpenAIMode =
  | "ok"
  | "unauthorized"
  | "rate-limit"
  | "insufficient-quota"
  | "moderation"
  | "server-error"
  | "hang"
  | "malformed-json"
  | "not-an-image"
  | "no-image"
  | "oversized";

export type FakeOpenAIOptions = {
  apiKey?: string;
  /** Answers to the first requests, in order; then `mode` (default "ok"). */
  answers?: FakeOpenAIMode[];
  mode?: FakeOpenAIMode;
  /** The Retry-After header (seconds) on a rate limit answer; none when null. */
  retryAfterSeconds?: number | null;
  /** How long making an image takes. */
  latencyMs?: number;
  /** The colour of the images it makes. */
  colour?: string;
  /** Where it listens (a free port when unset). */
  port?: number;
};

/** One request as the fake read it off the wire. */
export type ReceivedEdit = {
  authorization: string | null;
  fields: Record<string, string>;
  images: { field: string; name: string; type: string; bytes: Buffer }[];
  answer: FakeOpenAIMode;
};

// The sizes each model family accepts (the API reference's `size`).
const GPT_IMAGE_SIZES = ["1024x1024", "1536x1024", "1024x1536", "auto"];
const QUALITIES = ["low", "medium", "high", "auto"];
const KNOWN_FIELDS = new Set(["model", "prompt", "size", "n", "quality", "background", "output_format", "output_compression", "input_fidelity", "user", "moderation", "stream", "partial_images"]);

const errorBody = (message: string, type: string, param: string | null, code: string | null) => ({ error: { message, type, param, code } });

/** OpenAI's answers for each failure, as its error guide words them. */
function failureAnswer(
  mode: FakeOpenAIMode,
  apiKeyShown: string,
  retryAfterSeconds: number | null,
): { status: number; body: unknown; headers?: Record<string, string> } | null {
  switch (mode) {
    case "unauthorized":
      return {
        status: 401,
        body: errorBody(
          `Incorrect API key provided: ${apiKeyShown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
          "invalid_request_error",
          null,
          "invalid_api_key",
        ),
      };
    case "rate-limit":
      return {
        status: 429,
        headers: retryAfterSeconds === null ? {} : ({ "retry-after": String(retryAfterSeconds) } as Record<string, string>),
        body: errorBody(
          "Rate limit reached for gpt-image-1 in organization org-fake on images per minute (IPM): Limit 5, Used 5, Requested 1. Please try again in 12s.",
          "requests",
          null,
          "rate_limit_exceeded",
        ),
      };
    case "insufficient-quota":
      return {
        status: 429,
        body: errorBody(
          "You exceeded your current quota, please check your plan and billing details.",
          "insufficient_quota",
          null,
          "insufficient_quota",
        ),
      };
    case "moderation":
      return {
        status: 400,
        body: errorBody(
          "Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system.",
          "image_generation_user_error",
          null,
          "moderation_blocked",
        ),
      };
    case "server-error":
      return {
        status: 500,
        body: errorBody("The server had an error while processing your request. Sorry about that!", "server_error", null, null),
      };
    default:
      return null;
  }
}

/** Why OpenAI would refuse this edit request (its 400 invalid_request_error), or null. */
function requestProblem(fields: Record<string, string>, images: ReceivedEdit["images"]): { message: string; param: string } | null {
  for (const name of Object.keys(fields)) {
    if (!KNOWN_FIELDS.has(name)) return { message: `Unknown parameter: '${name}'.`, param: name };
  }
  if (!fields.prompt) return { message: "Missing required parameter: 'prompt'.", param: "prompt" };
  if (fields.prompt.length > 32_000) return { message: "Invalid 'prompt': string too long.", param: "prompt" };
  if (!/^gpt-image-/.test(fields.model ?? "")) return { message: `Invalid value for 'model' = ${fields.model}.`, param: "model" };
  if (fields.size !== undefined && !GPT_IMAGE_SIZES.includes(fields.size)) {
    return { message: `Invalid value: '${fields.size}'. Supported values are: ${GPT_IMAGE_SIZES.map((s) => `'${s}'`).join(", ")}.`, param: "size" };
  }
  if (fields.quality !== undefined && !QUALITIES.includes(fields.quality)) return { message: `Invalid value: '${fields.quality}'.`, param: "quality" };
  if (fields.n !== undefined && !(Number(fields.n) >= 1 && Number(fields.n) <= 10)) return { message: "Invalid 'n'.", param: "n" };
  if (images.length === 0) return { message: "Missing required parameter: 'image'.", param: "image" };
  if (images.length > 16) return { message: "Invalid 'image': too many images (at most 16).", param: "image" };
  for (const image of images) {
    if (!["image/png", "image/jpeg", "image/webp"].includes(image.type)) {
      return { message: `Invalid file 'image': unsupported mimetype ('${image.type}'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.`, param: "image" };
    }
    if (image.bytes.length > 50 * 1024 * 1024) return { message: "Invalid 'image': file too large (at most 50 MB).", param: "image" };
  }
  return null;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}) {
  const apiKey = options.apiKey ?? `sk-fake-${Math.random().toString(36).slice(2)}-secret`;
  const answers = [...(options.answers ?? [])];
  let mode: FakeOpenAIMode = options.mode ?? "ok";
  const received: ReceivedEdit[] = [];
  // With latencyMs: how long each image took, from the request read to the answer sent.
  const served: number[] = [];
  let imagesMade = 0;
  const hanging = new Set<http.ServerResponse>();
  const sockets = new Set<import("node:net").Socket>();
  const image = await sceneImage(1536, 1024, options.colour ?? "#1e40af");

  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json", "x-request-id": `req_${received.length}`, ...headers }).end(text);
  };

  const server = http.createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/images/edits") {
      send(res, 404, errorBody(`Invalid URL (${req.method} ${req.url})`, "invalid_request_error", null, null));
      return;
    }
    // The multipart body read the way a server would: by a standard parser.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let form: FormData;
    try {
      const request = new Request("http://fake/v1/images/edits", {
        method: "POST",
        headers: { "content-type": req.headers["content-type"] ?? "" },
        body: Buffer.concat(chunks),
      });
      form = await request.formData();
    } catch {
      send(res, 400, errorBody("Could not parse multipart form", "invalid_request_error", null, null));
      return;
    }
    const fields: Record<string, string> = {};
    const images: ReceivedEdit["images"] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") fields[field] = value;
      else if (field === "image" || field === "image[]") {
        images.push({ field, name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      } else fields[field] = "(file)";
    }
    const authorization = req.headers.authorization ?? null;
    const answer: FakeOpenAIMode = authorization !== `Bearer ${apiKey}` ? "unauthorized" : (answers.shift() ?? mode);
    received.push({ authorization, fields, images, answer });

    const failure = failureAnswer(answer, `${(authorization ?? "").slice(7, 12)}***${(authorization ?? "").slice(-2)}`, options.retryAfterSeconds === undefined ? 1 : options.retryAfterSeconds);
    if (failure) return send(res, failure.status, failure.body, failure.headers);
    if (answer === "hang") {
      // No answer at all until the fake closes.
      hanging.add(res);
      return;
    }
    const problem = requestProblem(fields, images);
    if (problem) return send(res, 400, errorBody(problem.message, "invalid_request_error", problem.param, "invalid_value"));
    if (options.latencyMs) {
      const readAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      res.once("finish", () => served.push(performance.now() - readAt));
    }
    if (answer === "oversized") {
      // An answer that says it is 64 MB (more than any image): a client that reads it all has no cap.
      imagesMade += 1;
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(64 * 1024 * 1024) });
      res.write(`{"created": ${Math.floor(Date.now() / 1000)}, "data": [{"b64_json": "`);
      setTimeout(() => res.destroy(), 200);
      return;
    }
    if (answer === "malformed-json") {
      imagesMade += 1;
      return send(res, 200, `{"created": ${Math.floor(Date.now() / 1000)}, "data": [{"b64_json": "iVBORw0KGgo`);
    }
    const b64 =
      answer === "not-an-image" ? Buffer.from("this is not an image, only text pretending to be one").toString("base64") : image.toString("base64");
    imagesMade += answer === "no-image" ? 0 : Number(fields.n ?? 1);
    send(res, 200, {
      created: Math.floor(Date.now() / 1000),
      background: "opaque",
      data: answer === "no-image" ? [] : Array.from({ length: Number(fields.n ?? 1) }, () => ({ b64_json: b64 })),
      output_format: "png",
      quality: fields.quality ?? "auto",
      size: fields.size ?? "auto",
      usage: { input_tokens: 400, input_tokens_details: { image_tokens: 323, text_tokens: 77 }, output_tokens: 1584, total_tokens: 1984 },
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    /** The SDK's base URL (OpenAI's is https://api.openai.com/v1). */
    url: `http://127.0.0.1:${port}/v1`,
    apiKey,
    /** Every request received, answered or not. */
    received,
    /** With latencyMs: ms from each request read to its answer sent, as this fake served them. */
    served,
    /** Images made, that is paid for at OpenAI. */
    get imagesMade() {
      return imagesMade;
    },
    setMode(next: FakeOpenAIMode) {
      mode = next;
    },
    /** Stops listening for `ms`: connections are refused, nothing reaches OpenAI. */
    async refuseConnectionsFor(ms: number) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      setTimeout(() => server.listen(port, "127.0.0.1"), ms);
    },
    close() {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

export type FakeOpenAI = Awaited<ReturnType<typeof startFakeOpenAI>>;
