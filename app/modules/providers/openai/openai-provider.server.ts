// The OpenAI provider: one POST /v1/images/edits per cell, the portrait as
// its first image, the cell's stored prompt, the landscape size; the answer's
// image comes inline (b64_json), so there is nothing to poll or download.
//
// Never paid twice. An image request has no task id: a request cut off by a
// restart cannot be resumed or looked up, and sending it again would make
// (and bill) a second image. So the cell is marked as sent (onTaskCreated,
// with a marker in place of a task id) before the request goes out, and a
// cell that comes back after a restart with that marker is failed with a
// clear message (the runner refunds a batch that made nothing) instead of
// being sent again. Within one run, a request is repeated only after an
// answer that proves no image was made: a 429 rate limit, a 5xx server
// error, a connection refused before anything was sent. A timeout or a cut
// connection may come after OpenAI drew the image: not repeated.
// See docs/decisions/181-openai-images.md.
import crypto from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "~/utils/logger.server";
import { plateKind, ProviderUnavailableError, RenderError, type BatchInput, type BatchRenderer, type ThumbnailProvider } from "../provider";
import { backoffDelay, seededRandom } from "../provider-answers.server";
import { sceneReferences } from "../scene-references.server";
import { createOpenAIImageClient, OpenAIImageError, type EditRequest, type OpenAIImageClient } from "./openai-client.server";
import type { OpenAIConfig } from "./openai-config.server";

/** What a cell's providerTaskId holds once its request was sent: there is no task id to keep. */
export const SENT_MARKER_PREFIX = "openai-sent:";

/** Said on a cell whose request went out before a restart. */
export const SENT_BEFORE_RESTART =
  "the server restarted while OpenAI was making this thumbnail; it was not asked again, so that the image is not paid for twice";

/** Requests for one cell at most, the first included, when the answers made no image. */
export const MAX_ATTEMPTS = 5;
/** The longest wait between two of them chosen by backoff. */
const RETRY_CAP_MS = 30_000;
/** OpenAI's Retry-After is followed up to this; asked to wait longer, the cell fails rather than hold the batch. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Image requests of one generation in flight at once. OpenAI's image rate
 * limits are per minute and low on new accounts (a few images a minute on
 * the first tier): more at once would only meet 429s.
 */
const OPENAI_CONCURRENCY = 4;

export type OpenAIProviderDeps = {
  client?: OpenAIImageClient;
  /** The backoff's jitter; Math.random unless a test seeds it. */
  random?: () => number;
  wait?: (ms: number) => Promise<unknown>;
};

/**
 * Runs one image request, repeating it only after answers that made no
 * image, up to MAX_ATTEMPTS, waiting as OpenAI asks (Retry-After) or by
 * capped backoff. Throws the last OpenAIImageError.
 */
async function requestImage(client: OpenAIImageClient, request: EditRequest, config: OpenAIConfig, deps: OpenAIProviderDeps) {
  const { random = Math.random, wait = sleep } = deps;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.edit(request);
    } catch (error) {
      if (!(error instanceof OpenAIImageError) || error.failure !== "no-image") throw error;
      if (attempt >= MAX_ATTEMPTS) {
        throw new OpenAIImageError(`${error.message}; it was asked ${attempt} times and made no image`, "final");
      }
      if (error.retryAfterMs !== null && error.retryAfterMs > MAX_RETRY_AFTER_MS) {
        throw new OpenAIImageError(`${error.message} and asked to wait ${Math.ceil(error.retryAfterMs / 1000)} seconds; no image was made`, "final");
      }
      const waitMs = error.retryAfterMs ?? backoffDelay(attempt, { baseMs: config.OPENAI_RETRY_BASE_MS, capMs: RETRY_CAP_MS, random });
      logger.warn({ attempt, waitMs: Math.round(waitMs), reason: error.message }, "OpenAI made no image; asking again");
      await wait(waitMs);
    }
  }
}

export function createOpenAIProvider(config: OpenAIConfig, injected: OpenAIProviderDeps = {}): ThumbnailProvider {
  const client =
    injected.client ??
    createOpenAIImageClient({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.OPENAI_IMAGE_MODEL,
      quality: config.OPENAI_IMAGE_QUALITY,
      timeoutSeconds: config.OPENAI_REQUEST_TIMEOUT_SECONDS,
    });
  const deps: OpenAIProviderDeps = { random: seededRandom(crypto.randomInt(2 ** 31)), ...injected };
  logger.info(
    { openaiModel: config.OPENAI_IMAGE_MODEL, openaiQuality: config.OPENAI_IMAGE_QUALITY },
    `OpenAI provider ready: model ${config.OPENAI_IMAGE_MODEL}, quality ${config.OPENAI_IMAGE_QUALITY}`,
  );

  return {
    concurrency: OPENAI_CONCURRENCY,
    model: config.OPENAI_IMAGE_MODEL,
    async startBatch(input: BatchInput): Promise<BatchRenderer> {
      // The edits endpoint needs at least one image: a scene without topic images is painted over a canvas.
      const referencesFor = sceneReferences(input, { needsImage: true });
      return {
        // The cell's stored prompt (context.prompt) is the whole request's text.
        async render(cell, context) {
          // Sent before a restart: OpenAI may have drawn and billed it, and it cannot be asked for it.
          if (context.existingTaskId) throw new RenderError(SENT_BEFORE_RESTART);
          try {
            const images = await referencesFor(cell);
            // Written before the request goes out: a restart from here on finds the marker.
            await context.onTaskCreated?.(`${SENT_MARKER_PREFIX}${crypto.randomUUID()}`);
            await context.onStage?.("sent");
            const image = await requestImage(client, { prompt: context.prompt, images }, config, deps);
            // With text by Thumbsmith the model was asked for a text-free scene: the runner letters it.
            return { image, plate: plateKind(input.modelDraws) };
          } catch (error) {
            if (!(error instanceof OpenAIImageError)) throw error;
            if (error.failure === "account") throw new ProviderUnavailableError(error.message);
            throw new RenderError(error.message);
          }
        },
      };
    },
  };
}
