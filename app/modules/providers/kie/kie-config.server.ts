// kie.ai settings, read when used (not at start-up) so that the provider can
// be switched on by setting KIE_API_KEY without touching anything else. The
// settings themselves are declared and checked in env.server.ts.
import { readKieSettings, type EnvSource, type KieSettings } from "~/utils/env.server";
import type { KieModelSettings } from "./kie-models.server";

export type KieConfig = KieSettings & { KIE_API_KEY: string };

export function readKieConfig(source?: EnvSource): KieConfig | null {
  const settings = readKieSettings(source);
  return settings.KIE_API_KEY ? (settings as KieConfig) : null;
}

/** The model settings in the builders' terms. */
export function kieModelSettings(config: KieConfig): KieModelSettings {
  return { model: config.KIE_MODEL, resolution: config.KIE_RESOLUTION, quality: config.KIE_QUALITY };
}
