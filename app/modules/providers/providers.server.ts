import { setTimeout as sleep } from "node:timers/promises";
import { env } from "~/utils/env.server";
import { localProvider } from "./local/compositor.server";
import { createKieProvider } from "./kie/kie-provider.server";
import { readKieConfig } from "./kie/kie-config.server";
import { RenderError, type ThumbnailProvider } from "./provider";

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

let kie: { key: string; provider: ThumbnailProvider } | null = null;

/** One kie.ai provider per configuration, so its rate limiter covers the whole process. */
function kieProvider() {
  const config = readKieConfig();
  if (!config) {
    throw new RenderError("this batch was made for kie.ai, but KIE_API_KEY is not set any more");
  }
  const key = `${config.KIE_API_KEY}|${config.KIE_BASE_URL}|${config.KIE_UPLOAD_BASE_URL}|${config.PUBLIC_URL ?? ""}`;
  if (kie?.key !== key) kie = { key, provider: createKieProvider(config) };
  return kie.provider;
}

export function getProvider(name: string): ThumbnailProvider {
  if (name === "local") return local;
  if (name === "kie") return kieProvider();
  throw new Error(`Unknown thumbnail provider "${name}"`);
}
