// `npm run worker`: a generation runner and the portrait analysis job without
// the web server, for setups that run several web instances and separate
// workers (RUNNER=off on the web instances). Uses the same build, database
// and storage configuration.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { appEntry, startGenerationWork } from "./composition-root";
import { deployMigrations } from "./prisma-cli";
import { onShutdownSignals, shutdownDeadlineMs } from "./shutdown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
if (!env.SKIP_MIGRATIONS) deployMigrations(env.DATABASE_URL);

const build = (await import(pathToFileURL(path.join(root, "build", "index.js")).href)) as ServerBuild;
const entry = appEntry(build);
const work = startGenerationWork(entry, { slots: env.WORKER_SLOTS });
logger.info(`Thumbsmith worker ${process.pid} is processing generations (database: ${env.databaseProvider})`);

// Stop claiming; finish the cells in flight or give them back to the other workers within the deadline.
onShutdownSignals(() => ({
  runner: work,
  closeEventBus: entry.closeGenerationEventBus,
  deadlineMs: shutdownDeadlineMs(),
}));
