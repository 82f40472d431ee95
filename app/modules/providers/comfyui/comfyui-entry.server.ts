// ComfyUI in the registry: available once COMFYUI_URL is set.
import { RenderError, type ProviderEntry, type ThumbnailProvider } from "../provider";
import { describeSceneCell } from "../scene-prompt";
import { readComfyuiConfig } from "./comfyui-config.server";
import { createComfyuiProvider } from "./comfyui-provider.server";

let cached: { key: string; provider: ThumbnailProvider } | null = null;

/** One provider per configuration (the workflow file is read once, when it is made). */
function comfyuiProvider() {
  const config = readComfyuiConfig();
  if (!config) throw new RenderError("this batch was made for ComfyUI, but COMFYUI_URL is not set any more");
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, provider: createComfyuiProvider(config) };
  return cached.provider;
}

export const comfyuiEntry: ProviderEntry = {
  name: "comfyui",
  label: "ComfyUI",
  isConfigured: () => readComfyuiConfig() !== null,
  create: comfyuiProvider,
  // The same scene wording as kie.ai's image-edit models: a text-free plate when Thumbsmith letters it.
  describeCell: describeSceneCell,
  drawsScenes: true,
  setting: () => {
    const config = readComfyuiConfig();
    if (!config) return null;
    return `${config.COMFYUI_URL}, workflow: ${config.COMFYUI_WORKFLOW ?? "Qwen-Image-Edit (shipped)"}`;
  },
};
