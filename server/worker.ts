// `npm run worker`: a generation runner and the portrait analysis job without
// the web server, for setups that run several web instances and separate
// workers (RUNNER=off on the web instances). Uses the same build, database
// and storage configuration.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { deployMigrations } from "./prisma-cli";
import { onShutdownSignals, shutdownDeadlineMs } from "./shutdown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!env.SKIP_MIGRATIONS) deployMigrations(env.DATABASE_URL);

const build = (await import(pathToFileURL(path.join(root, "build", "index.js")).href)) as ServerBuild;
type Job = { stop(options?: { deadlineMs?: number }): Promise<void> };
const entry = build.entry.module as unknown as {
  closeGenerationEventBus(): Promise<void>;
  startGenerationRunner(options?: { slots?: number }): Job;
  startPortraitAnalysisJob(): Job;
  startStorageSweepJob(): Job;
};
const runner = entry.startGenerationRunner({ slots: env.WORKER_SLOTS });
const analysis = entry.startPortraitAnalysisJob();
// Orphaned files: with RUNNER=off the web server does not sweep, so workers do (several at once is harmless).
const sweep = entry.startStorageSweepJob();
logger.info(`Thumbsmith worker ${process.pid} is processing generations (database: ${env.databaseProvider})`);

// Stop claiming; finish the cells in flight or give them back to the other workers within the deadline.
onShutdownSignals(() => ({
  runner,
  jobs: [analysis, sweep],
  closeEventBus: entry.closeGenerationEventBus,
  deadlineMs: shutdownDeadlineMs(),
}));
