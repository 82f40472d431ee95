// The kie.ai provider: the portrait goes to kie's file upload once per batch,
// then one google/nano-banana-edit task per cell. The task id is persisted
// before waiting; completion comes by callback (with PUBLIC_URL) or by
// polling recordInfo, whichever is first; the result is downloaded at once.
import { setTimeout as sleep } from "node:timers/promises";
import type { BackgroundSpec, PromptVariant } from "~/modules/generations/plan";
import { paletteFor } from "~/modules/providers/local/palettes";
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

const BACKGROUND_WORDS: Record<BackgroundSpec["kind"], string> = {
  burst: "a bold radial sunburst of light rays",
  gradient: "a smooth diagonal colour gradient with a soft glow behind the person",
  split: "a hard diagonal split into two contrasting colour halves",
  blur: "a blurred, colour-tinted studio backdrop",
  pattern: "a graphic pattern of diagonal stripes and halftone dots",
  spotlight: "a dark stage with a spotlight behind the person",
};

/** The prompt sent to kie.ai for one cell, built from the keywords, the background and the variant's style. */
export function buildKiePrompt(keywords: string, prompt: PromptVariant, background: BackgroundSpec) {
  const palette = paletteFor(background.paletteIndex);
  const headline = prompt.words.join(" ");
  const side = prompt.layout === "person-right" ? "right" : "left";
  const decoration =
    prompt.decoration === "arrow"
      ? "a thick arrow pointing from the headline to the person"
      : prompt.decoration === "badge"
        ? `a round badge reading "${prompt.badgeText}"`
        : "a bold underline under the headline";
  return [
    `A YouTube thumbnail, 16:9, about: ${keywords}.`,
    `Keep the person from the photo, large and sharp, on the ${side} third, with an expressive face.`,
    `Bold upper-case headline "${headline}" on the other side, "${prompt.words[prompt.accentIndex]}" in an accent colour, thick black outline and drop shadow, readable at small sizes.`,
    `Background: ${BACKGROUND_WORDS[background.kind]} in ${palette.name} (${palette.a}, ${palette.b}).`,
    `Add ${decoration}.`,
    ...(prompt.prop ? [`Beside the headline, a large ${prompt.prop.emoji} (${prompt.prop.keyword}) as a 3D prop.`] : []),
    `Leave the bottom-right corner free of text and faces. High contrast, saturated, clean.`,
  ].join(" ");
}

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
    name: "kie",
    concurrency: config.KIE_CONCURRENCY,
    async startBatch(input: BatchInput): Promise<BatchRenderer> {
      let portraitUrl: Promise<string> | null = null;
      const uploadPortrait = () =>
        (portraitUrl ??= client.uploadImage(input.portrait.bytes, {
          fileName: `${input.generationId}.${input.portrait.hasAlpha ? "png" : "jpg"}`,
          mimeType: input.portrait.hasAlpha ? "image/png" : "image/jpeg",
        }));
      return {
        async render(cell, context = {}) {
          const prompt = buildKiePrompt(input.keywords, cell.prompt, cell.background);
          try {
            let taskId = context.existingTaskId ?? null;
            if (!taskId) {
              const callBackUrl =
                config.PUBLIC_URL && context.callbackToken
                  ? new URL(`/resources/kie/callback/${context.callbackToken}`, config.PUBLIC_URL).toString()
                  : undefined;
              taskId = await client.createTask({ prompt, imageUrls: [await uploadPortrait()], callBackUrl });
              await context.onTaskCreated?.(taskId);
            }
            const task = await waitForTask(client, taskId, config);
            if (task.state === "fail" || task.resultUrls.length === 0) {
              throw new RenderError(`kie.ai could not make this thumbnail${task.failMessage ? ` (${task.failMessage})` : ""}`);
            }
            return { image: await client.downloadResult(task.resultUrls[0]), prompt };
          } catch (error) {
            throw asRenderError(error);
          }
        },
      };
    },
  };
}
