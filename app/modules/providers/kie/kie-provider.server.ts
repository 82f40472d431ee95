// The kie.ai provider: the portrait goes to kie's file upload once per batch,
// then one task per cell on the configured model (KIE_MODEL). The task id is persisted
// before waiting; kie.ai's recordInfo is asked when a callback (PUBLIC_URL)
// hints that the task ended or when the poll interval passes, and only its
// answer counts; the result is downloaded at once, through the guarded download.
// A task once created is paid for: only kie.ai's definite word fails it (its
// fail state, or no such task), never an outage (provider-answers.server.ts).
import {
  plateKind,
  ProviderUnavailableError,
  RenderError,
  type BatchInput,
  type BatchRenderer,
  type ThumbnailProvider,
} from "../provider";
import { pollTask, seededRandom } from "../provider-answers.server";
import { sceneReferences, type ReferenceImage } from "../scene-references.server";
import { listenForKieCallbacks } from "./kie-callbacks.server";
import { createKieClient, isTemporaryKieError, KieAccountError, KieError, type KieTask } from "./kie-client.server";
import { kieModelSettings, type KieConfig } from "./kie-config.server";
import { describeKieModel } from "./kie-models.server";
import { logger } from "~/utils/logger.server";

function formatDuration(seconds: number) {
  return seconds >= 60 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds * 10) / 10} seconds`;
}

/** Callbacks cannot make kie.ai be asked more often than this (a replayed one could come in a flood). */
const MIN_ASK_GAP_MS = 1000;

/** The longest wait between two asks while a task is still working. */
const MAX_POLL_INTERVAL_MS = 15_000;

/**
 * Waits until kie.ai says the task is finished. kie.ai is asked when a
 * callback arrives (a hint only: see kie-callbacks.server.ts) or when the
 * polling interval has passed, whichever is first; only its answer counts.
 * Temporary answers (an outage) are waited out with backoff until
 * KIE_TASK_TIMEOUT; the task is paid for and may well still finish.
 */
async function waitForTask(
  client: ReturnType<typeof createKieClient>,
  taskId: string,
  config: KieConfig,
  onGenerating: () => Promise<void>,
  deadline: number,
  deps: KieProviderDeps,
): Promise<KieTask> {
  const callbacks = listenForKieCallbacks(taskId);
  const timeout = formatDuration(config.KIE_TASK_TIMEOUT);
  try {
    return await pollTask({
      async ask() {
        const task = await client.getTask(taskId);
        if (task.state === "success" || task.state === "fail") return task;
        if (task.state === "generating") await onGenerating();
        return null;
      },
      nextHint: () => callbacks.next(),
      deadline,
      intervalMs: config.KIE_POLL_INTERVAL_MS,
      maxIntervalMs: MAX_POLL_INTERVAL_MS,
      minAskGapMs: MIN_ASK_GAP_MS,
      backoff: { baseMs: config.KIE_RETRY_BASE_MS, capMs: config.KIE_RETRY_CAP_MS, random: deps.random },
      isTemporary: isTemporaryKieError,
      onTemporary: (error, waitMs) =>
        logger.warn({ taskId, err: error, waitMs: Math.round(waitMs) }, "kie.ai gave a temporary answer about a task; asking again"),
      timedOut: (lastTemporary) =>
        new RenderError(
          `kie.ai did not finish this thumbnail within ${timeout}` +
            (lastTemporary instanceof Error ? ` (its last answer: ${lastTemporary.message})` : ""),
        ),
    });
  } finally {
    callbacks.cancel();
  }
}

/** The backoff's jitter source: Math.random, or a seeded one a test can repeat. */
export type KieProviderDeps = { random?: () => number };

export function createKieProvider(config: KieConfig, injected: KieProviderDeps = {}): ThumbnailProvider {
  const seeded = config.KIE_JITTER_SEED === undefined ? undefined : seededRandom(config.KIE_JITTER_SEED);
  const deps: KieProviderDeps = { random: injected.random ?? seeded };
  const client = createKieClient({
    apiKey: config.KIE_API_KEY,
    baseUrl: config.KIE_BASE_URL,
    uploadBaseUrl: config.KIE_UPLOAD_BASE_URL,
    retryBaseMs: config.KIE_RETRY_BASE_MS,
    retryCapMs: config.KIE_RETRY_CAP_MS,
    requestTimeoutMs: config.KIE_REQUEST_TIMEOUT_MS,
    random: deps.random,
    allowPrivateResultUrls: config.KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS,
    modelSettings: kieModelSettings(config),
  });
  logger.info({ kieModel: config.KIE_MODEL }, `kie.ai provider ready: model ${describeKieModel(kieModelSettings(config))}`);
  if (config.KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS) {
    logger.warn("KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS is set: kie.ai result downloads may reach private addresses. It is for tests only.");
  }
  const asRenderError = (error: unknown) => {
    if (error instanceof KieAccountError) return new ProviderUnavailableError(error.message);
    if (error instanceof KieError) return new RenderError(error.message);
    return error;
  };

  return {
    concurrency: config.KIE_CONCURRENCY,
    model: config.KIE_MODEL,
    async startBatch(input: BatchInput): Promise<BatchRenderer> {
      // Nothing is paid before a task exists, but an outage shorter than the
      // task timeout should not fail a batch either: creating (and the
      // portrait's upload) are retried through temporary answers for as long.
      const budgetMs = config.KIE_TASK_TIMEOUT * 1000;
      // kie.ai's models all edit images: a scene without topic images is painted over a canvas.
      const referencesFor = sceneReferences(input, { needsImage: true });
      // Each image is uploaded once per batch (by its name), then named by URL in every task.
      const uploads = new Map<string, Promise<string>>();
      const upload = (image: ReferenceImage) => {
        let url = uploads.get(image.name);
        if (!url) {
          url = client.uploadImage(image.bytes, { fileName: `${input.generationId}-${image.name}`, mimeType: image.type, until: Date.now() + budgetMs });
          // A failed upload is tried again by the next cell, not remembered.
          url.catch(() => uploads.get(image.name) === url && uploads.delete(image.name));
          uploads.set(image.name, url);
        }
        return url;
      };
      return {
        // The cell's stored prompt (context.prompt) is the whole request's text.
        async render(cell, context) {
          try {
            let taskId = context.existingTaskId ?? null;
            if (!taskId) {
              const callBackUrl =
                config.PUBLIC_URL && context.callbackToken
                  ? new URL(`/resources/kie/callback/${context.callbackToken}`, config.PUBLIC_URL).toString()
                  : undefined;
              const until = Date.now() + budgetMs;
              const imageUrls = await Promise.all((await referencesFor(cell)).map(upload));
              taskId = await client.createTask({ prompt: context.prompt, imageUrls, callBackUrl, until });
              await context.onTaskCreated?.(taskId);
            }
            // kie.ai has it (also a task resumed after a restart): waiting or queuing there until it says generating.
            await context.onStage?.("sent");
            // One deadline for the paid task: finishing at kie.ai and drawing its result.
            const deadline = Date.now() + budgetMs;
            const task = await waitForTask(client, taskId, config, async () => context.onStage?.("generating"), deadline, deps);
            if (task.state === "fail" || task.resultUrls.length === 0) {
              throw new RenderError(`kie.ai could not make this thumbnail${task.failMessage ? ` (${task.failMessage})` : ""}`);
            }
            await context.onStage?.("downloading");
            // With text by Thumbsmith the model was asked for a text-free scene: the runner letters it.
            return { image: await client.downloadResult(task.resultUrls[0], { until: deadline }), plate: plateKind(input.modelDraws) };
          } catch (error) {
            throw asRenderError(error);
          }
        },
      };
    },
  };
}
