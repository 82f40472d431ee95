// Google Gemini in the registry: available once GEMINI_API_KEY is set.
import { RenderError, type ProviderEntry, type ThumbnailProvider } from "../provider";
import { describeSceneCell } from "../scene-prompt";
import { readGeminiConfig } from "./gemini-config.server";
import { createGeminiProvider } from "./gemini-provider.server";

let cached: { key: string; provider: ThumbnailProvider } | null = null;

/** One Gemini provider per configuration (its SDK client is kept). */
function geminiProvider() {
  const config = readGeminiConfig();
  if (!config) throw new RenderError("this batch was made for Gemini, but GEMINI_API_KEY is not set any more");
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, provider: createGeminiProvider(config) };
  return cached.provider;
}

export const geminiEntry: ProviderEntry = {
  name: "gemini",
  label: "Google Gemini",
  isConfigured: () => readGeminiConfig() !== null,
  create: geminiProvider,
  describeCell: describeSceneCell,
  drawsScenes: true,
  setting: () => {
    const config = readGeminiConfig();
    return config ? `Model: ${config.GEMINI_IMAGE_MODEL}` : null;
  },
};
