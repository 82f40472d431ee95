// The kie.ai provider: the portrait goes to kie's file upload once per batch,
// then one google/nano-banana-edit task per cell. The task id is persisted
// before waiting; completion comes by callback (with PUBLIC_URL) or by
// polling recordInfo, whichever is first; the result is downloaded at once.
import { setTimeout as sleep } from "node:timers/promises";
import {
  ProviderUnavailableError,
  RenderError,
  type BatchInput,
  type BatchRenderer,
  type ThumbnailProvider,
} from "../provider";
import { waitForKieCallback } from "./kie-callbacks.server";
import { createKieClient, KieAccountError, KieError, type KieTask } from "./kie-client.server";
import type { KieConfig } from "./kie-config.server";

function formatDuration(seconds: number) {
  return seconds >= 60 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds * 10) / 10} seconds`;
}

async function waitForTask(
  client: ReturnType<typeof createKieClient>,
  taskId: string,
  config: KieConfig,
): Promise<KieTask> {
  const callback = waitForKieCallback(taskId);
  const deadline = Date.now() + config.KIE_TASK_TIMEOUT * 1000;
  let interval = config.KIE_POLL_INTERVAL_MS;
  try {
    for (;;) {
      // No task finishes the moment it is created: wait first, then ask.
      const wait = Math.min(interval, Math.max(0, deadline - Date.now()));
      const early = await Promise.race([callback.arrived, sleep(wait).then(() => null)]);
      if (early) return early;
      const task = await client.getTask(taskId);
      if (task.state === "success" || task.state === "fail") return task;
      if (Date.now() >= deadline) {
        throw new RenderError(`kie.ai did not finish this thumbnail within ${formatDuration(config.KIE_TASK_TIMEOUT)}`);
      }
      interval = Math.min(interval * 1.5, 15_000);
    }
  } finally {
    callback.cancel();
  }
}

export function createKieProvider(config: KieConfig): ThumbnailProvider {
  const client = createKieClient({
    apiKey: config.KIE_API_KEY,
    baseUrl: config.KIE_BASE_URL,
    uploadBaseUrl: config.KIE_UPLOAD_BASE_URL,
    retryBaseMs: config.KIE_RETRY_BASE_MS,
  });
  const asRenderError = (error: unknown) => {
    if (error instanceof KieAccountError) return new ProviderUnavailableError(error.message);
    if (error instanceof KieError) return new RenderError(error.message);
    return error;
  };

  return {
    concurrency: config.KIE_CONCURRENCY,
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
            const task = await waitForTask(client, taskId, config);
            if (task.state === "fail" || task.resultUrls.length === 0) {
              throw new RenderError(`kie.ai could not make this thumbnail${task.failMessage ? ` (${task.failMessage})` : ""}`);
            }
            return { image: await client.downloadResult(task.resultUrls[0]) };
          } catch (error) {
            throw asRenderError(error);
          }
        },
      };
    },
  };
}
