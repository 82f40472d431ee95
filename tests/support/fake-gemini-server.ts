// A fake Gemini API on loopback that speaks the documented REST protocol of
// generateContent (ai.google.dev/api/generate-content): POST
// /v1beta/models/{model}:generateContent with the key in x-goog-api-key (or
// ?key=), camelCase or snake_case fields as proto JSON allows, an answer of
// candidates[].content.parts[] with the image as inlineData, and errors in
// Google's shape {"error": {"code", "message", "status", "details"}}
// (ai.google.dev/gemini-api/docs/troubleshooting). Each request's answer is
// chosen by the test (FakeGeminiAnswer). It imports nothing from app/: the
// request checks are its own reading of the documentation, so a provider
// that drifted from it fails here. Tests only; never used by the app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { sceneImage } from "../images";

/**
 * What the fake answers one request. "image": a 16:9 PNG (1344x768, the
 * size Google documents for 16:9 at 1K). The others are Google's documented
 * failures: a refused key (400 INVALID_ARGUMENT, API_KEY_INVALID), 403
 * PERMISSION_DENIED, 404 NOT_FOUND (no such model), 429 RESOURCE_EXHAUSTED
 * with a RetryInfo, a blocked prompt (promptFeedback.blockReason), a
 * candidate stopped for safety (finishReason), a text-only answer, 500
 * INTERNAL, 503 UNAVAILABLE, no answer at all ("hang"), a cut JSON body
 * ("malformed"), and inline data that is no image ("not-an-image").
 */
export type FakeGeminiAnswer =
  | "image"
  | "invalid-key"
  | "forbidden"
  | "no-such-model"
  | "rate-limited"
  | "prompt-blocked"
  | "safety"
  | "image-safety"
  | "prohibited-content"
  | "text-only"
  | "internal"
  | "unavailable"
  | "hang"
  | "malformed"
  | "not-an-image";

export type FakeGeminiOptions = {
  apiKey?: string;
  /** Answers for the first requests, in order; then `otherwise`. */
  answers?: FakeGeminiAnswer[];
  /** The answer once `answers` is used up (default "image"). */
  otherwise?: FakeGeminiAnswer;
  /** RetryInfo.retryDelay of a 429 (a proto Duration: "36s", "0.250s"). */
  retryDelay?: string;
  /** Worst case for the tests of secrets: every error message repeats the key the request carried. */
  echoKeyInErrors?: boolean;
  /** Told of each request as it arrives (before it is answered). */
  onRequest?: (request: FakeGeminiRequest) => void;
  /** How long making an answer takes, once the request was read and accepted (benchmarks). */
  latencyMs?: number;
};

/** One request as the fake read it. */
export type FakeGeminiRequest = {
  at: number;
  model: string;
  /** The key, and where it came: the header (what the SDK uses) or the query. */
  key: string | null;
  keyIn: "header" | "query" | null;
  url: string;
  prompt: string | null;
  /** The first inline image part's declared type and its decoded bytes. */
  image: { mimeType: string; bytes: Buffer } | null;
  /** Every inline image part, in order. */
  images: { mimeType: string; bytes: Buffer }[];
  responseModalities: string[];
  aspectRatio: string | null;
  answer: FakeGeminiAnswer | "refused";
  /** Why the fake refused the request (400 INVALID_ARGUMENT), when it did. */
  problem: string | null;
};

/** The documented aspect ratios of imageConfig. */
const ASPECT_RATIOS = ["1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"];

/** A field by its proto JSON name, camelCase or snake_case. */
function field(object: unknown, camel: string): unknown {
  if (!object || typeof object !== "object") return undefined;
  const record = object as Record<string, unknown>;
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return record[camel] ?? record[snake];
}

/** The image format of some bytes by their signature, or null. */
function imageTypeOf(bytes: Buffer) {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.subarray(0, 4).toString("latin1") === "RIFF" && bytes.subarray(8, 12).toString("latin1") === "WEBP") return "image/webp";
  return null;
}

type Parsed = Pick<FakeGeminiRequest, "prompt" | "image" | "images" | "responseModalities" | "aspectRatio">;

/** Reads a generateContent body; throws the reason Google would give for a 400. */
function readBody(body: unknown): Parsed {
  const contents = field(body, "contents");
  if (!Array.isArray(contents) || contents.length === 0) throw new Error("contents is not specified");
  const parts = contents.flatMap((content) => {
    const list = field(content, "parts");
    return Array.isArray(list) ? list : [];
  });
  let prompt: string | null = null;
  const images: Parsed["images"] = [];
  for (const part of parts) {
    const text = field(part, "text");
    const inline = field(part, "inlineData");
    if (typeof text === "string") prompt = (prompt ?? "") + text;
    else if (inline) {
      const mimeType = field(inline, "mimeType");
      const data = field(inline, "data");
      if (typeof mimeType !== "string" || typeof data !== "string") throw new Error("inline_data needs mime_type and data");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new Error("Invalid value at 'contents[0].parts[0].inline_data.data' (TYPE_BYTES), Base64 decoding failed");
      const bytes = Buffer.from(data, "base64");
      if (imageTypeOf(bytes) !== mimeType) throw new Error(`Unable to process input image: it is not ${mimeType}`);
      images.push({ mimeType, bytes });
    } else throw new Error("a part must have text or inline_data");
  }
  const config = field(body, "generationConfig");
  const modalities = field(config, "responseModalities");
  const responseModalities = Array.isArray(modalities) ? modalities.map((m) => String(m).toUpperCase()) : [];
  for (const modality of responseModalities) if (!["TEXT", "IMAGE", "AUDIO"].includes(modality)) throw new Error(`Invalid value at 'generation_config.response_modalities': ${modality}`);
  const aspect = field(field(config, "imageConfig"), "aspectRatio");
  if (aspect !== undefined && !ASPECT_RATIOS.includes(String(aspect))) throw new Error(`aspect_ratio ${String(aspect)} is not supported`);
  return { prompt, image: images[0] ?? null, images, responseModalities, aspectRatio: aspect === undefined ? null : String(aspect) };
}

function googleError(code: number, status: string, message: string, details: object[] = []) {
  return { error: { code, message, status, ...(details.length ? { details } : {}) } };
}

export async function startFakeGemini(options: FakeGeminiOptions = {}) {
  const apiKey = options.apiKey ?? "AIzaFakeGeminiKey-0123456789abcdef";
  // A scene, not one flat colour: the runner fails a blank plate (what a safety filter sends).
  const image = await sceneImage(1344, 768);
  const requests: FakeGeminiRequest[] = [];
  // With latencyMs: how long each answer took, from the request read to the answer sent.
  const served: number[] = [];
  const sockets = new Set<Socket>();
  let answers = [...(options.answers ?? [])];
  let otherwise: FakeGeminiAnswer = options.otherwise ?? "image";

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://fake");
    const send = (status: number, body: unknown) => res.writeHead(status, { "Content-Type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
    const match = req.method === "POST" ? /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(url.pathname) : null;
    if (!match) return send(404, googleError(404, "NOT_FOUND", `The requested URL ${url.pathname} was not found on this server.`));

    const headerKey = req.headers["x-goog-api-key"];
    const key = typeof headerKey === "string" ? headerKey : url.searchParams.get("key");
    const record: FakeGeminiRequest = {
      at: Date.now(),
      model: decodeURIComponent(match[1]),
      key,
      keyIn: typeof headerKey === "string" ? "header" : key ? "query" : null,
      url: req.url ?? "",
      prompt: null,
      image: null,
      images: [],
      responseModalities: [],
      aspectRatio: null,
      answer: "refused",
      problem: null,
    };
    requests.push(record);
    options.onRequest?.(record);
    const echo = options.echoKeyInErrors && key ? ` (key: ${key})` : "";

    if (key !== apiKey) {
      record.answer = "invalid-key";
      return send(
        400,
        googleError(400, "INVALID_ARGUMENT", `API key not valid. Please pass a valid API key.${echo}`, [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com", metadata: { service: "generativelanguage.googleapis.com" } },
        ]),
      );
    }
    let parsed: Parsed;
    try {
      parsed = readBody(JSON.parse(Buffer.concat(chunks).toString("utf8")));
    } catch (error) {
      record.problem = error instanceof Error ? error.message : String(error);
      return send(400, googleError(400, "INVALID_ARGUMENT", record.problem));
    }
    Object.assign(record, parsed);
    const answer = answers.shift() ?? otherwise;
    record.answer = answer;
    if (options.latencyMs && answer !== "hang") {
      const readAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      res.once("finish", () => served.push(performance.now() - readAt));
    }
    const usage = { promptTokenCount: 1300, candidatesTokenCount: 1290, totalTokenCount: 2590 };
    const candidate = (parts: object[], finishReason = "STOP") => ({
      candidates: [{ content: { role: "model", parts }, finishReason, index: 0 }],
      usageMetadata: usage,
      modelVersion: record.model,
      responseId: `fake-${requests.length}`,
    });
    switch (answer) {
      case "image":
        return send(200, candidate([{ text: "Here is your thumbnail scene." }, { inlineData: { mimeType: "image/png", data: image.toString("base64") } }]));
      case "invalid-key":
        return send(400, googleError(400, "INVALID_ARGUMENT", `API key not valid. Please pass a valid API key.${echo}`, [
          { "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason: "API_KEY_INVALID", domain: "googleapis.com" },
        ]));
      case "forbidden":
        return send(403, googleError(403, "PERMISSION_DENIED", `Your API key was reported as leaked. Please use another API key.${echo}`));
      case "no-such-model":
        return send(404, googleError(404, "NOT_FOUND", `models/${record.model} is not found for API version v1beta, or is not supported for generateContent.${echo}`));
      case "rate-limited":
        return send(
          429,
          googleError(429, "RESOURCE_EXHAUSTED", `You exceeded your current quota, please check your plan and billing details.${echo}`, [
            { "@type": "type.googleapis.com/google.rpc.QuotaFailure", violations: [{ quotaMetric: "generativelanguage.googleapis.com/generate_content_paid_tier_requests", quotaId: "GenerateRequestsPerMinutePerProjectPerModel" }] },
            { "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: options.retryDelay ?? "1s" },
          ]),
        );
      case "prompt-blocked":
        return send(200, { promptFeedback: { blockReason: "SAFETY", safetyRatings: [{ category: "HARM_CATEGORY_DANGEROUS_CONTENT", probability: "HIGH" }] }, usageMetadata: usage });
      case "safety":
        return send(200, candidate([], "SAFETY"));
      case "image-safety":
        return send(200, candidate([{ text: "I can't create that image." }], "IMAGE_SAFETY"));
      case "prohibited-content":
        return send(200, { candidates: [{ finishReason: "PROHIBITED_CONTENT", index: 0 }], usageMetadata: usage });
      case "text-only":
        return send(200, candidate([{ text: "I'm unable to edit photos of real people in that way." }]));
      case "internal":
        return send(500, googleError(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"));
      case "unavailable":
        return send(503, googleError(503, "UNAVAILABLE", "The model is overloaded. Please try again later."));
      case "hang":
        return; // No answer: the socket stays open until the client gives up or the fake closes.
      case "malformed":
        return res.writeHead(200, { "Content-Type": "application/json; charset=UTF-8" }).end('{"candidates": [{"content": {"parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBOR');
      case "not-an-image":
        return send(200, candidate([{ inlineData: { mimeType: "image/png", data: Buffer.from("<html>this is not an image</html>").toString("base64") } }]));
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    apiKey,
    /** The PNG every "image" answer carries. */
    image,
    /** Every request, in order of arrival: the count proves how many were sent (and paid). */
    requests,
    /** With latencyMs: ms from each request read to its answer sent, as this fake served them. */
    served,
    /** Changes the answers from the next request on. */
    setAnswers(next: FakeGeminiAnswer[], then: FakeGeminiAnswer = "image") {
      answers = [...next];
      otherwise = then;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export type FakeGemini = Awaited<ReturnType<typeof startFakeGemini>>;
