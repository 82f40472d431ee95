// OpenAI's image edit endpoint (POST /v1/images/edits) through the official
// SDK, with the error handling the provider needs: every failure becomes an
// OpenAIImageError worded for the creator and sorted by what it says about
// asking again (docs/decisions/181-openai-images.md). The SDK's own retries
// are off (maxRetries 0): it would resend a request that timed out, which
// OpenAI may still be drawing, and bill twice. The provider retries only the
// answers that made no image.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, toFile } from "openai";
import sharp from "sharp";
import { describeNoAnswer } from "../provider-answers.server";

/**
 * What a failure means. "account": the key or the account cannot be used at
 * all (stop the batch). "no-image": OpenAI made no image and said so (a rate
 * limit, a server error) or never heard the request: asking again pays
 * nothing twice. "final": this cell's answer, or an answer that may have come
 * after OpenAI drew (and billed) an image: not asked again.
 */
export type OpenAIFailure = "account" | "no-image" | "final";

/** A failed image request; `message` is written for the creator. */
export class OpenAIImageError extends Error {
  constructor(
    message: string,
    readonly failure: OpenAIFailure,
    /** How long OpenAI asked to wait before the next request (Retry-After), when it said. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** An answer larger than any image OpenAI makes: not read further. */
class AnswerTooLargeError extends Error {}

/** The largest answer read: a 1536x1024 PNG is a few MB, as base64 in JSON a third more. */
export const MAX_ANSWER_BYTES = 40 * 1024 * 1024;
/** The largest image accepted from an answer, in pixels (decompression bombs). */
const MAX_IMAGE_PIXELS = 40_000_000;

/**
 * fetch with the answer's size capped: a declared length over the cap is
 * refused before reading, and a body that grows past it is cut.
 */
function cappedFetch(maxBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (Number(response.headers.get("content-length")) > maxBytes) {
      await response.body?.cancel();
      throw new AnswerTooLargeError();
    }
    if (!response.body) return response;
    let seen = 0;
    const capped = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > maxBytes) controller.error(new AnswerTooLargeError());
          else controller.enqueue(chunk);
        },
      }),
    );
    return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The error codes of a failure's cause chain (ECONNREFUSED, UND_ERR_SOCKET, ...). */
function causeCodes(error: unknown) {
  const codes: string[] = [];
  for (let cause = error, depth = 0; cause && depth < 6; cause = (cause as { cause?: unknown }).cause, depth++) {
    if (cause instanceof AnswerTooLargeError) codes.push("TOO_LARGE");
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
  }
  return codes;
}

/** Connection failures that prove the request never reached OpenAI. */
const NEVER_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/** The Retry-After of an answer in ms (OpenAI's retry-after-ms first, then seconds), or null. */
function retryAfterOf(headers: Headers | undefined): number | null {
  const ms = Number(headers?.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** OpenAI's own words, with anything that looks like a key masked (its 401 quotes part of the key). */
export function maskKeys(text: string, apiKey?: string) {
  const masked = apiKey ? text.split(apiKey).join("[key]") : text;
  return masked.replace(/\bsk-[A-Za-z0-9_*.-]+/g, "sk-[masked]");
}

/** An SDK failure in the provider's terms. */
export function classifyOpenAIError(error: unknown, { timeoutSeconds, apiKey }: { timeoutSeconds: number; apiKey?: string }): OpenAIImageError {
  if (error instanceof OpenAIImageError) return error;
  const codes = causeCodes(error);
  if (codes.includes("TOO_LARGE")) {
    return new OpenAIImageError(`OpenAI's answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB, more than any image; it was not read`, "final");
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new OpenAIImageError(
      `OpenAI did not answer within ${timeoutSeconds} seconds; the request was not sent again, since OpenAI may still have made (and billed) the image`,
      "final",
    );
  }
  if (error instanceof APIConnectionError) {
    if (codes.some((code) => NEVER_SENT.has(code))) {
      return new OpenAIImageError(`OpenAI could not be reached (${describeNoAnswer(error.cause ?? error)})`, "no-image");
    }
    return new OpenAIImageError(
      `the connection to OpenAI broke before its answer came (${describeNoAnswer(error.cause ?? error)}); the request was not sent again, since OpenAI may have made the image`,
      "final",
    );
  }
  if (error instanceof APIError && error.status !== undefined) {
    const code = typeof error.code === "string" ? error.code : null;
    const type = typeof error.type === "string" ? error.type : null;
    const said = maskKeys(String((error.error as { message?: unknown } | undefined)?.message ?? ""), apiKey).slice(0, 300);
    const status = error.status;
    if (status === 401) return new OpenAIImageError("OpenAI refused the API key (check OPENAI_API_KEY)", "account");
    if (status === 429 && (code === "insufficient_quota" || type === "insufficient_quota")) {
      return new OpenAIImageError("the OpenAI account has run out of credits or reached its spending limit (check its billing)", "account");
    }
    if (status === 429) return new OpenAIImageError("OpenAI is rate limiting requests", "no-image", retryAfterOf(error.headers));
    if (status === 403) return new OpenAIImageError(`OpenAI refused access${said ? ` (${said})` : ""}`, "account");
    if (status === 404) return new OpenAIImageError(`OpenAI does not offer this model to this account${said ? ` (${said})` : ""}`, "account");
    if (status === 400 && (code === "moderation_blocked" || code === "content_policy_violation" || /safety system/i.test(said))) {
      return new OpenAIImageError("OpenAI's image service refused the request: its safety system flagged the prompt or the photo", "final");
    }
    // 500, 502 and 503 are OpenAI's "not now": no image was made. A 504 is a
    // gateway that stopped waiting while OpenAI may still be drawing.
    if (status === 500 || status === 502 || status === 503) {
      return new OpenAIImageError(`OpenAI had a server error (${status})`, "no-image", retryAfterOf(error.headers));
    }
    if (status === 504) {
      return new OpenAIImageError("OpenAI's gateway gave up waiting (504); the request was not sent again, since OpenAI may have made the image", "final");
    }
    return new OpenAIImageError(`OpenAI refused the request (${status}${said ? `: ${said}` : ""})`, "final");
  }
  // A 200 whose body is not JSON: OpenAI may have made the image.
  if (error instanceof SyntaxError) return new OpenAIImageError("OpenAI sent an answer that could not be read", "final");
  return new OpenAIImageError(`the request to OpenAI failed (${maskKeys(error instanceof Error ? error.message : String(error), apiKey).slice(0, 200)})`, "final");
}

export type OpenAIClientOptions = {
  apiKey: string;
  /** https://api.openai.com/v1 in production. */
  baseURL: string;
  model: string;
  quality: "low" | "medium" | "high" | "auto";
  timeoutSeconds: number;
};

/** The landscape size GPT Image models make; the runner brings it to 1280x720. */
export const OPENAI_IMAGE_SIZE = "1536x1024";

export type EditRequest = {
  prompt: string;
  /** The reference images, the one the prompt builds on first (scene-references.server.ts). */
  images: { bytes: Buffer; name: string; type: "image/png" | "image/jpeg" | "image/webp" }[];
};

export function createOpenAIImageClient(options: OpenAIClientOptions) {
  const sdk = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    // Everything else the SDK would read from the environment is set here:
    // settings come from env.server.ts only.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    // Deliberate: no retries inside the SDK (see the top of this file).
    maxRetries: 0,
    timeout: Math.max(1, Math.round(options.timeoutSeconds * 1000)),
    // The SDK's logger stays silent: its debug lines carry request details.
    logLevel: "off",
    fetch: cappedFetch(MAX_ANSWER_BYTES),
  });

  return {
    /**
     * One paid request: an image drawn from the prompt and the images.
     * Returns the image's bytes, checked to be an image; throws OpenAIImageError.
     */
    async edit({ prompt, images }: EditRequest): Promise<Buffer> {
      let answer: OpenAI.Images.ImagesResponse;
      try {
        const files = await Promise.all(images.map((image) => toFile(image.bytes, image.name, { type: image.type })));
        answer = await sdk.images.edit({
          model: options.model,
          prompt,
          image: files,
          size: OPENAI_IMAGE_SIZE,
          quality: options.quality,
          n: 1,
        });
      } catch (error) {
        throw classifyOpenAIError(error, { timeoutSeconds: options.timeoutSeconds, apiKey: options.apiKey });
      }
      const b64 = answer?.data?.[0]?.b64_json;
      if (typeof b64 !== "string" || b64.length === 0) throw new OpenAIImageError("OpenAI's answer held no image", "final");
      return checkImage(Buffer.from(b64, "base64"));
    },
  };
}

export type OpenAIImageClient = ReturnType<typeof createOpenAIImageClient>;

/** The decoded bytes must be an image sharp reads, of a sane size. */
async function checkImage(bytes: Buffer) {
  try {
    const { format, width, height } = await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata();
    if (!format || !["png", "jpeg", "webp"].includes(format) || !width || !height || width * height > MAX_IMAGE_PIXELS) {
      throw new Error(`format ${format}, ${width}x${height}`);
    }
    return bytes;
  } catch {
    throw new OpenAIImageError("OpenAI's answer was not an image that could be read", "final");
  }
}
