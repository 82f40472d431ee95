// The ComfyUI provider: the self-hoster's own GPU runs an image-edit
// workflow (the shipped Qwen-Image-Edit one, or COMFYUI_WORKFLOW). The
// portrait is uploaded once per batch; each cell queues the workflow with its
// prompt, portrait and seed written in, stores the prompt_id (onTaskCreated)
// before waiting, and polls /history until ComfyUI has finished it; a cell
// resumed after a restart polls the stored prompt_id and never queues a
// second one. See docs/decisions/183-comfyui-provider.md.
import crypto from "node:crypto";
import { logger } from "~/utils/logger.server";
import { sceneReferences, type ReferenceImage } from "../scene-references.server";
import { plateKind, ProviderUnavailableError, RenderError, type BatchInput, type BatchRenderer, type ThumbnailProvider } from "../provider";
import { pollTask, retryTemporary, type Timekeeping } from "../provider-answers.server";
import {
  ComfyuiError,
  ComfyuiUnavailableError,
  createComfyuiClient,
  isTemporaryComfyuiError,
  type ComfyuiClient,
  type ComfyuiOutcome,
} from "./comfyui-client.server";
import type { ComfyuiConfig } from "./comfyui-config.server";
import { fillWorkflow, loadComfyuiWorkflow, seedFor, type ComfyuiWorkflow } from "./comfyui-workflow.server";

/** The longest wait between two questions about a prompt still running. */
const MAX_POLL_INTERVAL_MS = 5000;

/** Waits after temporary answers while polling: from 250 ms, doubling, up to 5 s. */
const BACKOFF = { baseMs: 250, capMs: 5000 };

export type ComfyuiProviderDeps = Timekeeping & {
  /**
   * How long ComfyUI may be unreachable while a prompt is waiting before the
   * batch stops (a crashed ComfyUI has lost its queue anyway): 30 s, or the
   * cell's timeout when that is shorter.
   */
  unreachableGraceMs?: number;
};

function formatDuration(seconds: number) {
  return seconds >= 60 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds * 10) / 10} seconds`;
}

/**
 * Polls ComfyUI about a queued prompt until it is finished. Temporary answers
 * (5xx, no answer, an unreadable page) are asked again until the deadline;
 * ComfyUI unreachable for longer than the grace stops the batch; a prompt
 * ComfyUI no longer has fails the cell (ComfyuiPromptLostError).
 */
async function waitForPrompt(
  client: ComfyuiClient,
  promptId: string,
  { deadline, timeout, onRunning, graceMs, deps }: { deadline: number; timeout: string; onRunning: () => Promise<void>; graceMs: number; deps: ComfyuiProviderDeps },
  config: ComfyuiConfig,
): Promise<ComfyuiOutcome> {
  const now = deps.now ?? Date.now;
  let unreachableSince: number | null = null;
  return pollTask({
    async ask() {
      try {
        const answer = await client.outcome(promptId);
        unreachableSince = null;
        if (answer.state === "finished") return answer.outcome;
        if (answer.state === "running") await onRunning();
        return null;
      } catch (error) {
        if (!(error instanceof ComfyuiUnavailableError)) {
          if (isTemporaryComfyuiError(error)) unreachableSince = null;
          throw error;
        }
        unreachableSince ??= now();
        if (now() - unreachableSince >= graceMs) throw error;
        throw new ComfyuiError(error.message, true);
      }
    },
    deadline,
    intervalMs: config.COMFYUI_POLL_INTERVAL_MS,
    maxIntervalMs: Math.max(MAX_POLL_INTERVAL_MS, config.COMFYUI_POLL_INTERVAL_MS),
    minAskGapMs: 0,
    backoff: { ...BACKOFF, capMs: Math.max(BACKOFF.baseMs, Math.min(BACKOFF.capMs, graceMs)) },
    isTemporary: isTemporaryComfyuiError,
    now: deps.now,
    wait: deps.wait,
    onTemporary: (error, waitMs) => logger.warn({ promptId, err: error, waitMs: Math.round(waitMs) }, "ComfyUI gave a temporary answer about a prompt; asking again"),
    timedOut: (lastTemporary) =>
      new RenderError(
        `ComfyUI did not finish this thumbnail within ${timeout} (COMFYUI_TIMEOUT)` +
          (lastTemporary instanceof Error ? ` (its last answer: ${lastTemporary.message})` : ""),
      ),
  });
}

export function createComfyuiProvider(config: ComfyuiConfig, deps: ComfyuiProviderDeps = {}): ThumbnailProvider {
  // Read and checked once: a workflow without its placeholders is refused here (and at start, env.server.ts).
  let workflow: ComfyuiWorkflow;
  try {
    workflow = loadComfyuiWorkflow(config.COMFYUI_WORKFLOW);
  } catch (error) {
    throw new ProviderUnavailableError((error as Error).message);
  }
  const client = createComfyuiClient({ baseUrl: config.COMFYUI_URL, requestTimeoutMs: config.COMFYUI_REQUEST_TIMEOUT_MS });
  const clientId = `thumbsmith-${crypto.randomUUID()}`;
  const timeoutMs = config.COMFYUI_TIMEOUT * 1000;
  const graceMs = Math.min(deps.unreachableGraceMs ?? 30_000, timeoutMs);
  const timeout = formatDuration(config.COMFYUI_TIMEOUT);
  logger.info({ comfyuiUrl: config.COMFYUI_URL, workflow: config.COMFYUI_WORKFLOW ?? "shipped" }, `ComfyUI provider ready at ${config.COMFYUI_URL}`);

  const asRenderError = (error: unknown) => {
    if (error instanceof ComfyuiUnavailableError) return new ProviderUnavailableError(error.message);
    if (error instanceof ComfyuiError) return new RenderError(error.message);
    return error;
  };

  return {
    concurrency: config.COMFYUI_CONCURRENCY,
    model: config.COMFYUI_WORKFLOW ? "comfyui:custom" : "comfyui:qwen-image-edit",
    async startBatch(input: BatchInput): Promise<BatchRenderer> {
      // The shipped workflow edits one image ({{image}}): the first reference, a canvas for a scene without topic images.
      const referencesFor = sceneReferences(input, { needsImage: true });
      // Once per batch per image, and only for a cell that queues a prompt (resumed ones need no upload).
      const uploads = new Map<string, Promise<string>>();
      const upload = (image: ReferenceImage) => {
        let name = uploads.get(image.name);
        if (!name) {
          name = client.uploadImage(image.bytes, { fileName: `${input.generationId}-${image.name}`, mimeType: image.type, subfolder: "thumbsmith" });
          name.catch(() => uploads.get(image.name) === name && uploads.delete(image.name));
          uploads.set(image.name, name);
        }
        return name;
      };
      return {
        // The cell's stored prompt (context.prompt) is the whole request's text.
        async render(cell, context) {
          try {
            let promptId = context.existingTaskId ?? null;
            if (!promptId) {
              const [first] = await referencesFor(cell);
              const image = await upload(first);
              const filled = fillWorkflow(workflow, { prompt: context.prompt, image, seed: seedFor(input.generationId, context.prompt) });
              promptId = await client.queuePrompt(filled, clientId);
              // Stored before any waiting: a restart from here on resumes this prompt_id.
              await context.onTaskCreated?.(promptId);
            }
            await context.onStage?.("sent");
            const deadline = (deps.now ?? Date.now)() + timeoutMs;
            const outcome = await waitForPrompt(
              client,
              promptId,
              { deadline, timeout, onRunning: async () => context.onStage?.("generating"), graceMs, deps },
              config,
            );
            if (!outcome.ok) throw new RenderError(outcome.reason);
            if (outcome.images.length === 0) {
              throw new RenderError("ComfyUI finished without an image: the workflow needs a SaveImage node fed by the picture");
            }
            await context.onStage?.("downloading");
            const image = await retryTemporary(() => client.downloadImage(outcome.images[0]), {
              isTemporary: isTemporaryComfyuiError,
              backoff: BACKOFF,
              deadline,
              now: deps.now,
              wait: deps.wait,
            });
            // With text by Thumbsmith the workflow was asked for a text-free scene: the runner letters it.
            return { image, plate: plateKind(input.modelDraws) };
          } catch (error) {
            throw asRenderError(error);
          }
        },
      };
    },
  };
}
