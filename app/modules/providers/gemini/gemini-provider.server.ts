// The Google Gemini provider: one generateContent request per cell, the
// portrait inline, on GEMINI_IMAGE_MODEL. A request cannot be looked up or
// resumed later, and each one that makes an image is paid, so: the cell is
// recorded as sent (onTaskCreated, with a marker) before the request leaves;
// a cell that comes back after a restart with that marker is failed with a
// clear message, never sent again (the runner refunds a batch that fails);
// and a request is repeated only when Google answered that it made no image
// (429, 500, 502, 503, 504, or a refused connection), a bounded number of
// times, waiting what Google's RetryInfo asks. See docs/decisions/182-gemini-provider.md.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "~/utils/logger.server";
import { plateKind, ProviderUnavailableError, RenderError, type BatchInput, type BatchRenderer, type ThumbnailProvider } from "../provider";
import { backoffDelay } from "../provider-answers.server";
import { sceneReferences } from "../scene-references.server";
import { createGeminiClient, GeminiError, type GeminiClient } from "./gemini-client.server";
import type { GeminiConfig } from "./gemini-config.server";

/**
 * What a cell's providerTaskId begins with once its request was sent: Gemini
 * has no task id to store, and the column is unique, so a random tail follows.
 */
export const GEMINI_SENT_PREFIX = "gemini:sent:";

/** What a creator reads on a cell whose request was under way when the server stopped. */
export const GEMINI_RESTARTED_MESSAGE =
  "the request to Gemini for this thumbnail was under way when the server restarted; Gemini cannot resume it, " +
  "and it is not sent again so that it is not paid twice";

function seconds(ms: number) {
  return `${Math.round(ms / 100) / 10} s`;
}

export type GeminiProviderDeps = { client?: GeminiClient; random?: () => number; wait?: (ms: number) => Promise<unknown> };

/**
 * Image requests of one generation in flight at once. Google's limits are per
 * project per minute (requests and images), and tight on preview image
 * models and new billing tiers; four at once keeps a batch of twelve to three
 * rounds without meeting 429s on the first one (a 429 waits as RetryInfo
 * asks). Without it a batch took RENDER_CONCURRENCY, meant for the compositor.
 */
const GEMINI_CONCURRENCY = 4;

export function createGeminiProvider(config: GeminiConfig, deps: GeminiProviderDeps = {}): ThumbnailProvider {
  const client =
    deps.client ??
    createGeminiClient({
      apiKey: config.GEMINI_API_KEY,
      baseUrl: config.GEMINI_BASE_URL,
      model: config.GEMINI_IMAGE_MODEL,
      timeoutMs: config.GEMINI_REQUEST_TIMEOUT_MS,
    });
  const wait = deps.wait ?? sleep;
  const backoff = { baseMs: config.GEMINI_RETRY_BASE_MS, capMs: config.GEMINI_RETRY_CAP_MS, random: deps.random };
  logger.info({ geminiModel: config.GEMINI_IMAGE_MODEL }, `Gemini provider ready: model ${config.GEMINI_IMAGE_MODEL}`);

  /** One image, asking again only after answers that say no image was made. */
  async function generate(request: Parameters<GeminiClient["generateImage"]>[0]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.generateImage(request);
      } catch (error) {
        if (!(error instanceof GeminiError) || error.kind !== "temporary") throw error;
        if (attempt >= config.GEMINI_RETRY_ATTEMPTS) {
          throw new GeminiError(`${error.message}, ${attempt} times in a row; try again later`, "definite");
        }
        if (error.retryAfterMs !== null && error.retryAfterMs > config.GEMINI_RETRY_CAP_MS) {
          throw new GeminiError(`${error.message}; Google asks to wait ${seconds(error.retryAfterMs)}, longer than Thumbsmith waits`, "definite");
        }
        const waitMs = error.retryAfterMs ?? backoffDelay(attempt, backoff);
        logger.warn({ attempt, waitMs: Math.round(waitMs), reason: error.message }, "Gemini made no image this time; asking again");
        await wait(waitMs);
      }
    }
  }

  return {
    concurrency: GEMINI_CONCURRENCY,
    model: config.GEMINI_IMAGE_MODEL,
    async startBatch(input: BatchInput): Promise<BatchRenderer> {
      // Gemini draws from words alone: a scene without topic images needs no picture to start from.
      const referencesFor = sceneReferences(input, { needsImage: false });
      return {
        // The cell's stored prompt (context.prompt) is the whole request's text.
        async render(cell, context) {
          // Sent before a restart: Google may have made and charged for it, and there is nothing to ask it about.
          if (context.existingTaskId) throw new RenderError(GEMINI_RESTARTED_MESSAGE);
          await context.onTaskCreated?.(`${GEMINI_SENT_PREFIX}${randomUUID()}`);
          await context.onStage?.("sent");
          try {
            const images = (await referencesFor(cell)).map((image) => ({ bytes: image.bytes, mimeType: image.type }));
            const { bytes } = await generate({ prompt: context.prompt, images });
            // With text by Thumbsmith the model was asked for a text-free scene: the runner letters it.
            return { image: bytes, plate: plateKind(input.modelDraws) };
          } catch (error) {
            if (error instanceof GeminiError) {
              throw error.kind === "account" ? new ProviderUnavailableError(error.message) : new RenderError(error.message);
            }
            throw error;
          }
        },
      };
    },
  };
}
