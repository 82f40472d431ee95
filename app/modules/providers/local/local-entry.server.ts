// The built-in compositor in the registry: no key, no network, always there.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "~/utils/env.server";
import type { ProviderEntry, ThumbnailProvider } from "../provider";
import { localProvider } from "./compositor.server";
import { describeLocalCell } from "./local-prompt";

/** The compositor, slowed down when LOCAL_RENDER_DELAY_MS asks for it. */
const local: ThumbnailProvider =
  env.LOCAL_RENDER_DELAY_MS > 0
    ? {
        async startBatch(input) {
          const batch = await localProvider.startBatch(input);
          return {
            async render(cell, context) {
              await sleep(env.LOCAL_RENDER_DELAY_MS);
              return batch.render(cell, context);
            },
          };
        },
      }
    : localProvider;

export const localEntry: ProviderEntry = {
  name: "local",
  label: "built-in compositor",
  isConfigured: () => true,
  create: () => local,
  describeCell: describeLocalCell,
};
