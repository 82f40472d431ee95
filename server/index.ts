// Starts Thumbsmith: applies pending migrations, then serves the Remix app.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createApp } from "./app";
import { appEntry, startWebServerJobs } from "./composition-root";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { describeCookieMode } from "~/modules/auth/cookie-security.server";
import { googleTestRootWarning } from "~/modules/youtube/google-hosts.server";
import { describeAddresses, reachableAddresses } from "./addresses";
import { deployMigrations } from "./prisma-cli";
import { onShutdownSignals, shutdownDeadlineMs } from "./shutdown";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { PORT: port, HOST: host, databaseProvider: provider } = env;

if (!env.SKIP_MIGRATIONS) {
  logger.info(`Applying database migrations (${provider})…`);
  deployMigrations(env.DATABASE_URL);
}

const buildPath = path.join(root, "build", "index.js");
const isDev = env.NODE_ENV === "development";

async function loadBuild() {
  // In development `remix dev` rewrites the build; a new URL busts the cache.
  const url = pathToFileURL(buildPath).href + (isDev ? `?t=${fs.statSync(buildPath).mtimeMs}` : "");
  return (await import(url).catch((error) => {
    logger.fatal({ err: error }, `Could not load ${buildPath}: run \`npm run build\` first.`);
    throw error;
  })) as ServerBuild;
}

const build = await loadBuild();
if (isDev) {
  const { broadcastDevReady } = await import("@remix-run/node");
  fs.watch(path.dirname(buildPath), async () => broadcastDevReady(await loadBuild()));
}

const app = createApp({
  build: isDev ? loadBuild : build,
  publicDir: path.join(root, "public"),
  rateLimitMultiplier: env.RATE_LIMIT_MULTIPLIER,
  mode: env.NODE_ENV ?? "production",
});

const entry = appEntry(build);
const background = startWebServerJobs(entry, { runner: env.RUNNER });

const server = app.listen(port, host, async () => {
  if (isDev) (await import("@remix-run/node")).broadcastDevReady(build);
  logger.info(`${describeAddresses(reachableAddresses(host, port))} (database: ${provider})`);
  logger.info(describeCookieMode());
  const googleWarning = googleTestRootWarning();
  if (googleWarning) logger.warn(googleWarning);
});

// Streams end with a reconnect event (pages move to another instance), the
// inline runner finishes its cells or gives them back within the deadline.
onShutdownSignals(() => ({
  server,
  endStreams: entry.endGenerationStreams,
  runner: background.runner,
  jobs: background.jobs,
  closeEventBus: entry.closeGenerationEventBus,
  deadlineMs: shutdownDeadlineMs(),
}));
