// Start-up wiring: which background work each process runs. The jobs are
// started from the Remix build's entry module, never imported here, so they
// share one copy of every module with the routes (one Prisma client, one
// event bus that carries the runner's progress to the pages).
import type { ServerBuild } from "@remix-run/node";
import { combineJobs, type Job } from "~/utils/periodic-job.server";

type Runner = { stop(options?: { deadlineMs?: number }): Promise<void> };

/** What app/entry.server.tsx exports for the processes to start (the composition-root test keeps the two in step). */
export type AppEntry = {
  startGenerationRunner(options?: { slots?: number }): Runner;
  startPortraitAnalysisJob(): Job;
  startStorageSweepJob(): Job;
  startAuthCleanupJob(): Job;
  startWebhookSender(): Job;
  endGenerationStreams(): number;
  closeGenerationEventBus(): Promise<void>;
  startRenderThreads(): void;
};

export function appEntry(build: ServerBuild) {
  return build.entry.module as unknown as AppEntry;
}

/**
 * Whatever makes generations also analyses portraits, sweeps orphaned
 * files and sends webhooks: with RUNNER=off the web server does none of it,
 * so the workers do (several sweeping or sending at once is harmless: a
 * webhook is claimed before it is sent). Stopped together, the runner
 * given the shutdown deadline. The render threads start with it.
 */
export function startGenerationWork(entry: AppEntry, { slots = 1 }: { slots?: number } = {}) {
  entry.startRenderThreads();
  return combineJobs(entry.startGenerationRunner({ slots }), entry.startPortraitAnalysisJob(), entry.startStorageSweepJob(), entry.startWebhookSender());
}

/**
 * The web server's background work: generations only with RUNNER=inline
 * (with RUNNER=off, `npm run worker` makes them), and the auth cleanup
 * (expired sessions, spent login throttles) in every web process.
 */
export function startWebServerJobs(entry: AppEntry, { runner }: { runner: "inline" | "off" }) {
  // Previews and checks draw on the render threads even when workers make the generations.
  entry.startRenderThreads();
  return {
    runner: runner === "inline" ? startGenerationWork(entry) : null,
    jobs: [entry.startAuthCleanupJob()],
  };
}
