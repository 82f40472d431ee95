// kie.ai in the registry: available once KIE_API_KEY is set.
import { RenderError, type ProviderEntry, type ThumbnailProvider } from "../provider";
import { kieCallbacksRefused } from "./kie-callback-health.server";
import { kieModelSettings, readKieConfig } from "./kie-config.server";
import { describeKieModel } from "./kie-models.server";
import { describeSceneCell } from "../scene-prompt";
import { createKieProvider } from "./kie-provider.server";

let cached: { key: string; provider: ThumbnailProvider } | null = null;

/** One kie.ai provider per configuration, so its rate limiter covers the whole process. */
function kieProvider() {
  const config = readKieConfig();
  if (!config) {
    throw new RenderError("this batch was made for kie.ai, but KIE_API_KEY is not set any more");
  }
  const key = [
    config.KIE_API_KEY,
    config.KIE_BASE_URL,
    config.KIE_UPLOAD_BASE_URL,
    config.PUBLIC_URL ?? "",
    config.KIE_MODEL,
    config.KIE_RESOLUTION,
    config.KIE_QUALITY,
  ].join("|");
  if (cached?.key !== key) cached = { key, provider: createKieProvider(config) };
  return cached.provider;
}

export const kieEntry: ProviderEntry = {
  name: "kie",
  label: "kie.ai",
  isConfigured: () => readKieConfig() !== null,
  create: kieProvider,
  describeCell: describeSceneCell,
  drawsScenes: true,
  notice: () => kieCallbacksRefused()?.message ?? null,
  setting: () => {
    const config = readKieConfig();
    return config ? `Model: ${describeKieModel(kieModelSettings(config))}` : null;
  },
};
