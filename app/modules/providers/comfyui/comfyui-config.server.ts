// ComfyUI's settings, read when used (not only at start) so that setting
// COMFYUI_URL switches the provider on like KIE_API_KEY does for kie.ai. The
// settings, and the rule a workflow file must meet, are declared and checked
// in env.server.ts.
import { readComfyuiSettings, type ComfyuiSettings, type EnvSource } from "~/utils/env.server";

export type ComfyuiConfig = ComfyuiSettings & { COMFYUI_URL: string };

export function readComfyuiConfig(source?: EnvSource): ComfyuiConfig | null {
  const settings = readComfyuiSettings(source);
  return settings.COMFYUI_URL ? (settings as ComfyuiConfig) : null;
}
