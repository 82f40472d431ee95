import { setTimeout as sleep } from "node:timers/promises";
import { env } from "~/utils/env.server";
import { localProvider } from "./local/compositor.server";
import type { ThumbnailProvider } from "./provider";

/** The local compositor, slowed down when LOCAL_RENDER_DELAY_MS asks for it. */
const local: ThumbnailProvider =
  env.LOCAL_RENDER_DELAY_MS > 0
    ? {
        name: "local",
        async startBatch(input) {
          const batch = await localProvider.startBatch(input);
          return {
            async render(cell) {
              await sleep(env.LOCAL_RENDER_DELAY_MS);
              return batch.render(cell);
            },
          };
        },
      }
    : localProvider;

const providers: Record<string, ThumbnailProvider> = { local };

export function getProvider(name: string) {
  const provider = providers[name];
  if (!provider) throw new Error(`Unknown thumbnail provider "${name}"`);
  return provider;
}
