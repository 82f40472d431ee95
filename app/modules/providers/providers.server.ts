import { localProvider } from "./local/compositor.server";
import type { ThumbnailProvider } from "./provider";

const providers: Record<string, ThumbnailProvider> = { local: localProvider };

export function getProvider(name: string) {
  const provider = providers[name];
  if (!provider) throw new Error(`Unknown thumbnail provider "${name}"`);
  return provider;
}
