// A generation runner in its own process, for the restart, multi-process and
// shutdown tests: it runs the same modules as `npm run worker`, straight from
// the sources, with the same SIGTERM handling. With TEST_RENDER_LOG set,
// every cell it starts rendering is appended to that file.
import { onShutdownSignals, shutdownDeadlineMs } from "#server/shutdown";
import { closeGenerationEventBus, generationEventBus } from "~/modules/events/generation-events.server";
import { startGenerationRunner } from "~/modules/generations/queue.server";
import { kieEntry } from "~/modules/providers/kie/kie-entry.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { recordRenders } from "./render-log";

if (process.env.TEST_RENDER_LOG) {
  recordRenders(localProvider, process.env.TEST_RENDER_LOG);
  recordRendersOfEntry(kieEntry, process.env.TEST_RENDER_LOG);
}
const runner = startGenerationRunner({ pollMs: Number(process.env.TEST_WORKER_POLL_MS ?? 100) });
// Wakes and events from other processes only count once LISTEN is in place.
await generationEventBus().ready();
onShutdownSignals(() => ({ runner, closeEventBus: closeGenerationEventBus, deadlineMs: shutdownDeadlineMs() }));
console.log("worker ready");

/** kie.ai's provider is made on first use (and kept): wrap it once, when it appears. */
function recordRendersOfEntry(entry: typeof kieEntry, file: string) {
  const create = entry.create.bind(entry);
  const wrapped = new WeakSet<object>();
  (entry as { create: typeof entry.create }).create = () => {
    const provider = create();
    if (!wrapped.has(provider)) {
      wrapped.add(provider);
      recordRenders(provider, file);
    }
    return provider;
  };
}
