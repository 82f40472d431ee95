// OpenAI's settings, read when used (not at start-up) so that the provider
// can be switched on by setting OPENAI_API_KEY without touching anything
// else. The settings themselves are declared and checked in env.server.ts.
import { readOpenAISettings, type EnvSource, type OpenAISettings } from "~/utils/env.server";

export type OpenAIConfig = OpenAISettings & { OPENAI_API_KEY: string };

export function readOpenAIConfig(source?: EnvSource): OpenAIConfig | null {
  const settings = readOpenAISettings(source);
  return settings.OPENAI_API_KEY ? (settings as OpenAIConfig) : null;
}
