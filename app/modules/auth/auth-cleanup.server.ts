// Removes expired sessions and login throttle rows that are over. Started by
// every web server (server/index.ts, whatever its RUNNER) at start and then
// every intervalMs; every process may run it, the deletes are idempotent.
import { logger } from "~/utils/logger.server";
import { startPeriodicJob, type Job } from "~/utils/periodic-job.server";
import { deleteStaleLoginThrottles } from "./login-throttle.server";
import { deleteExpiredSessions } from "./user-sessions.server";

export async function cleanUpAuthRows(now = new Date()) {
  const [sessions, loginThrottles] = await Promise.all([deleteExpiredSessions(now), deleteStaleLoginThrottles(now)]);
  return { sessions, loginThrottles };
}

export function startAuthCleanupJob({
  intervalMs = 60 * 60 * 1000,
  onSweep = (_removed: { sessions: number; loginThrottles: number }) => undefined as void,
  onError = (error: unknown) => logger.error({ err: error }, "auth cleanup job failed"),
} = {}): Job {
  return startPeriodicJob({ intervalMs, onError, run: async () => onSweep(await cleanUpAuthRows()) });
}
