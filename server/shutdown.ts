// What SIGTERM (or SIGINT) does to a web server: stop taking connections,
// end the event streams with a `reconnect` event so pages move to another
// instance, let the runner finish or give back its cells within the
// deadline, close the event bus, then exit. The worker does the same
// without the HTTP part. See docs/decisions (events across processes).
import type { Server } from "node:http";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";

type Job = { stop(options?: { deadlineMs?: number }): Promise<void> } | null;

export type ShutdownParts = {
  server?: Server;
  /** Ends every open event stream with a final `reconnect` event; returns how many. */
  endStreams?: () => number;
  /** The generation runner (and what runs with it); given the deadline. */
  runner?: Job;
  /** Other background jobs, stopped alongside. */
  jobs?: Job[];
  closeEventBus?: () => Promise<void>;
  deadlineMs: number;
  log?: (message: string) => void;
  exit?: (code: number) => void;
};

export function shutdownGracefully(signal: string, parts: ShutdownParts) {
  const { server, endStreams, runner, jobs = [], closeEventBus, deadlineMs, log = (message: string) => logger.info(message), exit = process.exit } = parts;
  log(`${signal} received: finishing the thumbnails in flight (up to ${Math.round(deadlineMs / 1000)} s)…`);
  // Whatever hangs, the process ends a little after the deadline.
  setTimeout(() => exit(1), deadlineMs + 5_000).unref();
  const serverClosed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  const streams = endStreams?.() ?? 0;
  if (streams > 0) log(`ended ${streams} event stream(s) with a reconnect event`);
  return Promise.all([runner?.stop({ deadlineMs }), ...jobs.map((job) => job?.stop())])
    .then(() => closeEventBus?.())
    .then(() => {
      // Keep-alive connections that are idle now would hold close() open.
      server?.closeIdleConnections();
      return serverClosed;
    })
    .then(
      () => exit(0),
      (error) => {
        logger.error({ err: error }, "shutdown failed");
        exit(1);
      },
    );
}

/** SHUTDOWN_TIMEOUT_SECONDS, as parsed at start, in milliseconds. */
export function shutdownDeadlineMs() {
  return env.SHUTDOWN_TIMEOUT_SECONDS * 1000;
}

/** Runs shutdownGracefully once, on the first SIGTERM or SIGINT. */
export function onShutdownSignals(parts: () => ShutdownParts) {
  let started = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (started) return;
      started = true;
      void shutdownGracefully(signal, parts());
    });
  }
}
