// Google Gemini's settings, read when used (not at start-up) so that setting
// GEMINI_API_KEY switches the provider on without touching anything else. The
// settings themselves are declared and checked in env.server.ts.
import { readGeminiSettings, type EnvSource, type GeminiSettings } from "~/utils/env.server";

export type GeminiConfig = GeminiSettings & { GEMINI_API_KEY: string };

export function readGeminiConfig(source?: EnvSource): GeminiConfig | null {
  const settings = readGeminiSettings(source);
  return settings.GEMINI_API_KEY ? (settings as GeminiConfig) : null;
}
