// Every thumbnail provider this server has, by the name stored on each
// generation. The runner, the gallery and new generations read providers
// from here; nothing outside providers/ branches on a provider's name.
//
// Adding a provider: a new folder next to local/, kie/ and openai/ whose entry file
// exports a ProviderEntry (provider.ts), and its line in PROVIDERS below
// (with the import above it). Nothing else changes.
import { geminiEntry } from "./gemini/gemini-entry.server";
import { comfyuiEntry } from "./comfyui/comfyui-entry.server";
import { kieEntry } from "./kie/kie-entry.server";
import { localEntry } from "./local/local-entry.server";
import { openaiEntry } from "./openai/openai-entry.server";
import type { ProviderEntry } from "./provider";

/** In order of preference: a new generation uses the first one configured. */
const PROVIDERS: readonly ProviderEntry[] = [kieEntry, openaiEntry, geminiEntry, comfyuiEntry, localEntry];

/** The provider a generation was made with, or undefined when this server has none by that name. */
export function findProvider(name: string) {
  return PROVIDERS.find((entry) => entry.name === name);
}

/** The provider a new generation uses when the creator picks none. */
export function defaultProvider() {
  const entry = PROVIDERS.find((candidate) => candidate.isConfigured());
  if (!entry) throw new Error("No thumbnail provider is configured");
  return entry;
}

/** The services a creator can pick on the Generate page, the default first. */
export function offeredProviders() {
  return PROVIDERS.filter((entry) => entry.isConfigured()).map((entry) => ({
    name: entry.name,
    label: entry.label,
    drawsScenes: Boolean(entry.drawsScenes),
  }));
}

/** A provider picked for a new batch is no longer set up on this server. */
export class ProviderNotOfferedError extends Error {
  constructor(name: string) {
    super(`${providerLabel(name)} is not set up on this server any more. Pick another image service.`);
  }
}

/**
 * The provider a new batch is made with: the one picked, when this server
 * still has it set up, else the default. `strict` refuses a pick it no
 * longer has (the Generate form) instead of falling back (Regenerate).
 */
export function providerForNewBatch(picked: string | null | undefined, { strict }: { strict: boolean }) {
  if (picked) {
    const entry = findProvider(picked);
    if (entry?.isConfigured()) return entry;
    if (strict) throw new ProviderNotOfferedError(picked);
  }
  return defaultProvider();
}

/** What the page of a running batch should warn about its provider's setup, if anything. */
export function providerNotice(name: string) {
  return findProvider(name)?.notice?.() ?? null;
}

/** Every provider's current notice, for /healthz: what a self-hoster should fix. */
export function providerNotices() {
  return PROVIDERS.flatMap((entry) => {
    const message = entry.notice?.();
    return message ? [{ provider: entry.name, message }] : [];
  });
}

/** Every provider with whether it is configured, its setting and its notice, for the admin page. */
export function providerStatuses() {
  return PROVIDERS.map((entry) => ({
    name: entry.name,
    label: entry.label,
    configured: entry.isConfigured(),
    setting: entry.setting?.() ?? null,
    notice: entry.notice?.() ?? null,
  }));
}

/** How the gallery names a generation's provider (its stored name when this server no longer has it). */
export function providerLabel(name: string) {
  return findProvider(name)?.label ?? name;
}
