// OpenAI in the registry: available once OPENAI_API_KEY is set.
import { RenderError, type ProviderEntry, type ThumbnailProvider } from "../provider";
import { describeSceneCell } from "../scene-prompt";
import { readOpenAIConfig } from "./openai-config.server";
import { createOpenAIProvider } from "./openai-provider.server";

let cached: { key: string; provider: ThumbnailProvider } | null = null;

/** One OpenAI provider per configuration, made again when a setting changes. */
function openaiProvider() {
  const config = readOpenAIConfig();
  if (!config) {
    throw new RenderError("this batch was made for OpenAI, but OPENAI_API_KEY is not set any more");
  }
  const key = [
    config.OPENAI_API_KEY,
    config.OPENAI_BASE_URL,
    config.OPENAI_IMAGE_MODEL,
    config.OPENAI_IMAGE_QUALITY,
    config.OPENAI_REQUEST_TIMEOUT_SECONDS,
    config.OPENAI_RETRY_BASE_MS,
  ].join("|");
  if (cached?.key !== key) cached = { key, provider: createOpenAIProvider(config) };
  return cached.provider;
}

export const openaiEntry: ProviderEntry = {
  name: "openai",
  label: "OpenAI",
  isConfigured: () => readOpenAIConfig() !== null,
  create: openaiProvider,
  // The same scene prompt as kie.ai's: the plan's design in words, text-free unless the model letters.
  describeCell: describeSceneCell,
  drawsScenes: true,
  setting: () => {
    const config = readOpenAIConfig();
    return config ? `Model: ${config.OPENAI_IMAGE_MODEL} (quality ${config.OPENAI_IMAGE_QUALITY})` : null;
  },
};
