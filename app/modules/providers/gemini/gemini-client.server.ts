// One image from Google's Gemini API through the official SDK (@google/genai):
// models.generateContent with the portrait as an inline image part, the
// prompt as text, IMAGE among the response modalities and a 16:9 image
// config; the answer's image is an inlineData part of candidates[0]. Google's
// errors ({"error": {"code", "message", "status", "details"}}) and refusals
// become GeminiErrors worded for the creator. The SDK itself never retries
// (no retryOptions) and runs one request per call (automaticContinuation
// off): what may be asked again is the provider's decision
// (gemini-provider.server.ts), since every request that makes an image is paid.
import { referenceTypeOf } from "../scene-references.server";
import { ApiError, GoogleGenAI, Modality, type GenerateContentResponse } from "@google/genai";
import { describeNoAnswer } from "../provider-answers.server";

/**
 * What a failed request means. "account": the key or project cannot be used
 * (the whole batch stops). "temporary": Google made no image and says so
 * (429, 500, 502, 503, 504, or the connection was refused before anything
 * was sent): asking again is safe. "declined": the model refused this
 * cell. "definite": anything else, among them an answer that may have been
 * paid (a timeout, an unreadable answer): never asked again.
 */
export type GeminiErrorKind = "account" | "temporary" | "declined" | "definite";

/** An error from Gemini; `message` is written for the creator and never holds the key. */
export class GeminiError extends Error {
  constructor(
    message: string,
    readonly kind: GeminiErrorKind,
    /** Google's RetryInfo: how long it asks to wait before asking again. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** Finish reasons that mean the model would not draw this cell (the Gemini API's FinishReason). */
const REFUSALS = new Set([
  "SAFETY",
  "IMAGE_SAFETY",
  "PROHIBITED_CONTENT",
  "IMAGE_PROHIBITED_CONTENT",
  "BLOCKLIST",
  "SPII",
  "RECITATION",
  "IMAGE_RECITATION",
  "IMAGE_OTHER",
  "NO_IMAGE",
  "OTHER",
]);

const DECLINED = "the image service (Gemini) declined to draw this thumbnail";

/** A proto Duration as JSON ("36s", "0.250s") in milliseconds, or null. */
export function durationMs(value: unknown) {
  if (typeof value !== "string") return null;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

type GoogleErrorBody = { error?: { code?: number; message?: string; status?: string; details?: { "@type"?: string; reason?: string; retryDelay?: string }[] } };

/** Google's error body from the SDK's ApiError, whose message is that body as JSON (or a non-JSON page wrapped as one). */
function googleErrorOf(error: ApiError): GoogleErrorBody["error"] {
  try {
    return (JSON.parse(error.message) as GoogleErrorBody).error ?? {};
  } catch {
    return {};
  }
}

function errorFor(error: unknown, model: string): GeminiError {
  if (error instanceof GeminiError) return error;
  if (error instanceof ApiError) {
    const body = googleErrorOf(error);
    const status = typeof body?.status === "string" ? body.status : "";
    const details = Array.isArray(body?.details) ? body.details : [];
    const said = `HTTP ${error.status}${status ? ` ${status}` : ""}`;
    const keyRefused = details.some((d) => d?.reason === "API_KEY_INVALID") || /api key not valid/i.test(body?.message ?? "");
    if (error.status === 401 || (error.status === 400 && keyRefused)) {
      return new GeminiError("Google refused the Gemini API key (check GEMINI_API_KEY)", "account");
    }
    if (error.status === 403) {
      return new GeminiError(`Google does not let this Gemini API key generate images (${said}; check the key and its project)`, "account");
    }
    if (error.status === 404) {
      return new GeminiError(`Gemini has no image model "${model}" (${said}; check GEMINI_IMAGE_MODEL)`, "account");
    }
    if (error.status === 400 && status === "FAILED_PRECONDITION") {
      return new GeminiError(`Gemini cannot be used by this API key's project yet (${said}; billing may need to be enabled)`, "account");
    }
    if (error.status === 429) {
      const retryInfo = details.find((d) => d?.["@type"]?.endsWith("google.rpc.RetryInfo"));
      return new GeminiError(`Gemini's quota or rate limit was reached (${said})`, "temporary", durationMs(retryInfo?.retryDelay));
    }
    if ([500, 502, 503, 504].includes(error.status)) {
      return new GeminiError(`Gemini had a temporary problem (${said})`, "temporary");
    }
    if (error.status === 400) {
      return new GeminiError(`Gemini refused the request (${said}${body?.message ? `: ${body.message.slice(0, 200)}` : ""})`, "definite");
    }
    return new GeminiError(`Gemini answered with an error (${said})`, "definite");
  }
  // An answer cut short, or not JSON: it may have been a paid image.
  if (error instanceof SyntaxError) return new GeminiError("Gemini sent an unreadable answer", "definite");
  const name = error instanceof Error ? error.name : "";
  if (name === "AbortError" || name === "TimeoutError") {
    return new GeminiError("Gemini did not answer in time; the request is not sent again, since Google may have made (and charged for) the image", "definite");
  }
  const code = error instanceof Error ? (error.cause as { code?: string } | undefined)?.code : undefined;
  // Refused or unresolved: the request never left, so nothing was made.
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new GeminiError(`Gemini could not be reached (${describeNoAnswer(error)})`, "temporary");
  }
  return new GeminiError(`Gemini could not be reached (${describeNoAnswer(error)}); the request is not sent again, since it may have arrived`, "definite");
}

/** The image of a generateContent answer, or the GeminiError that says why there is none. */
function imageOf(response: GenerateContentResponse): { bytes: Buffer; mimeType: string } {
  const blocked = response.promptFeedback?.blockReason;
  if (blocked) throw new GeminiError(`${DECLINED} (its request was blocked: ${blocked})`, "declined");
  const candidate = response.candidates?.[0];
  if (!candidate) throw new GeminiError("Gemini sent an answer with no image and no reason", "definite");
  const finish = candidate.finishReason ? String(candidate.finishReason) : null;
  if (finish && REFUSALS.has(finish)) throw new GeminiError(`${DECLINED} (${finish})`, "declined");
  const parts = candidate.content?.parts ?? [];
  const inline = parts.find((part) => part.inlineData?.data)?.inlineData;
  if (!inline?.data) {
    if (parts.some((part) => part.text)) throw new GeminiError(`${DECLINED} (it answered with words only)`, "declined");
    throw new GeminiError(`Gemini sent an answer with no image${finish ? ` (${finish})` : ""}`, "definite");
  }
  const bytes = Buffer.from(inline.data, "base64");
  const mimeType = referenceTypeOf(bytes);
  if (!mimeType) throw new GeminiError(`Gemini sent data that is not an image (declared ${inline.mimeType ?? "without a type"})`, "definite");
  return { bytes, mimeType };
}

export type GeminiClientOptions = {
  apiKey: string;
  /** https://generativelanguage.googleapis.com in production. */
  baseUrl: string;
  model: string;
  /** How long one request may go unanswered. */
  timeoutMs: number;
};

export function createGeminiClient({ apiKey, baseUrl, model, timeoutMs }: GeminiClientOptions) {
  // The key travels in the x-goog-api-key header (the SDK's way), never in a
  // URL. The Gemini API itself, whatever GOOGLE_GENAI_USE_VERTEXAI says on the host.
  const ai = new GoogleGenAI({ apiKey, vertexai: false, httpOptions: { baseUrl, timeout: timeoutMs } });
  /** The key itself, wherever an answer repeats it, is never passed on. */
  const scrub = (error: GeminiError) =>
    error.message.includes(apiKey) ? new GeminiError(error.message.split(apiKey).join("[redacted]"), error.kind, error.retryAfterMs) : error;

  return {
    /** One request: the reference images (none for a scene from words alone) and the prompt in, one 16:9 image out. Throws GeminiError. */
    async generateImage({ prompt, images }: { prompt: string; images: { bytes: Buffer; mimeType: string }[] }) {
      try {
        const imageParts = images.map((image) => ({ inlineData: { mimeType: image.mimeType, data: image.bytes.toString("base64") } }));
        const response = await ai.models.generateContent({
          model,
          contents: [{ role: "user", parts: [...imageParts, { text: prompt }] }],
          config: {
            responseModalities: [Modality.TEXT, Modality.IMAGE],
            imageConfig: { aspectRatio: "16:9" },
            // One request, one answer: no follow-up requests behind our back.
            automaticContinuation: false,
          },
        });
        return imageOf(response);
      } catch (error) {
        throw scrub(errorFor(error, model));
      }
    },
  };
}

export type GeminiClient = ReturnType<typeof createGeminiClient>;
