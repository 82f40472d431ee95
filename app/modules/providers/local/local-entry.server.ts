// The built-in compositor in the registry: no key, no network, always there.
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "~/utils/env.server";
import type { ProviderEntry, ThumbnailProvider } from "../provider";
import { compositorSession, shareTopics } from "~/modules/rendering/compositor-sessions.server";
import { describeLocalCell } from "./local-prompt";

/** The compositor on the render threads: each cell a task in the generation's session (the runner opened it with this portrait). */
export const localProvider: ThumbnailProvider = {
  async startBatch(input) {
    const session = compositorSession(input.generationId, async () => input.portrait);
    const topics = shareTopics(input.topicImages);
    session.prepare(
      input.plan.prompts.flatMap((prompt) => input.plan.backgrounds.map((background) => ({ prompt, background }))),
      topics,
    );
    return { render: (cell) => session.renderCell(cell, topics) };
  },
};

/**
 * The compositor, reporting the stages a remote provider reports (it draws
 * at once, so only "generating"), slowed down when LOCAL_RENDER_DELAY_MS asks.
 */
const local: ThumbnailProvider = {
  model: "compositor",
  async startBatch(input) {
    const batch = await localProvider.startBatch(input);
    return {
      async render(cell, context) {
        await context.onStage?.("generating");
        if (env.LOCAL_RENDER_DELAY_MS > 0) await sleep(env.LOCAL_RENDER_DELAY_MS);
        return batch.render(cell, context);
      },
    };
  },
};

export const localEntry: ProviderEntry = {
  name: "local",
  label: "built-in compositor",
  isConfigured: () => true,
  create: () => local,
  describeCell: describeLocalCell,
};
