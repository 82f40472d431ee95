// The kie.ai provider: the portrait goes to kie's file upload once per batch,
// then one task per cell on the configured model (KIE_MODEL). The task id is persisted
// before waiting; kie.ai's recordInfo is asked when a callback (PUBLIC_URL)
// hints that the task ended or when the poll interval passes, and only its
// answer counts; the result is downloaded at once, through the guarded download.
import { setTimeout as sleep } from "node:timers/promises";
import {
  ProviderUnavailableError,
  RenderError,
  type BatchInput,
  type BatchRenderer,
  type ThumbnailProvider,
} from "../provider";
import { listenForKieCallbacks } from "./kie-callbacks.server";
import { createKieClient, KieAccountError, KieError, type KieTask } from "./kie-client.server";
import { kieModelSettings, type KieConfig } from "./kie-config.server";
import { describeKieModel } from "./kie-models.server";
import { logger } from "~/utils/logger.server";

function formatDuration(seconds: number) {
  return seconds >= 60 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds * 10) / 10} seconds`;
}

/** Callbacks cannot make kie.ai be asked more often than this (a replayed one could come in a flood). */
const MIN_ASK_GAP_MS = 1000;

/**
 * Waits until kie.ai says the task is finished. kie.ai is asked when a
 * callback arrives (a hint only: see kie-callbacks.server.ts) or when the
 * polling interval has passed, whichever is first; only its answer counts.
 */
async function waitForTask(
  client: ReturnType<typeof createKieClient>,
  taskId: string,
  config: KieConfig,
  onGenerating: () => Promise<void>,
): Promise<KieTask> {
  const callbacks = listenForKieCallbacks(taskId);
  const deadline = Date.now() + config.KIE_TASK_TIMEOUT * 1000;
  let interval = config.KIE_POLL_INTERVAL_MS;
  let askedAt = Date.now();
  try {
    for (;;) {
      // No task finishes the moment it is created: wait first, then ask.
      const wait = Math.min(interval, Math.max(0, deadline - Date.now()));
      const woken = await Promise.race([callbacks.next().then(() => true), sleep(wait).then(() => false)]);
      if (woken) await sleep(Math.max(0, askedAt + Math.min(MIN_ASK_GAP_MS, interval) - Date.now()));
      else interval = Math.min(interval * 1.5, 15_000);
      askedAt = Date.now();
      const task = await client.getTask(taskId);
      if (task.state === "success" || task.state === "fail") return task;
      if (task.state === "generating") await onGenerating();
      if (Date.now() >= deadline) {
        throw new RenderError(`kie.ai did not finish this thumbnail within ${formatDuration(config.KIE_TASK_TIMEOUT)}`);
      }
    }
  } finally {
    callbacks.cancel();
  }
}

export function createKieProvider(config: KieConfig): ThumbnailProvider {
  const client = createKieClient({
    apiKey: config.KIE_API_KEY,
    baseUrl: config.KIE_BASE_URL,
    uploadBaseUrl: config.KIE_UPLOAD_BASE_URL,
    retryBaseMs: config.KIE_RETRY_BASE_MS,
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
      let portraitUrl: Promise<string> | null = null;
      const uploadPortrait = () =>
        (portraitUrl ??= client.uploadImage(input.portrait.bytes, {
          fileName: `${input.generationId}.${input.portrait.hasAlpha ? "png" : "jpg"}`,
          mimeType: input.portrait.hasAlpha ? "image/png" : "image/jpeg",
        }));
      return {
        // The cell's stored prompt (context.prompt) is the whole request; the cell itself adds nothing.
        async render(_cell, context) {
          try {
            let taskId = context.existingTaskId ?? null;
            if (!taskId) {
              const callBackUrl =
                config.PUBLIC_URL && context.callbackToken
                  ? new URL(`/resources/kie/callback/${context.callbackToken}`, config.PUBLIC_URL).toString()
                  : undefined;
              taskId = await client.createTask({ prompt: context.prompt, imageUrls: [await uploadPortrait()], callBackUrl });
              await context.onTaskCreated?.(taskId);
            }
            // kie.ai has it (also a task resumed after a restart): waiting or queuing there until it says generating.
            await context.onStage?.("sent");
            const task = await waitForTask(client, taskId, config, async () => context.onStage?.("generating"));
            if (task.state === "fail" || task.resultUrls.length === 0) {
              throw new RenderError(`kie.ai could not make this thumbnail${task.failMessage ? ` (${task.failMessage})` : ""}`);
            }
            await context.onStage?.("downloading");
            // With text by Thumbsmith the model was asked for a text-free scene: the runner letters it.
            return { image: await client.downloadResult(task.resultUrls[0]), textFree: input.textBy === "thumbsmith" };
          } catch (error) {
            throw asRenderError(error);
          }
        },
      };
    },
  };
}
