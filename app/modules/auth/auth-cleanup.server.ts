// Removes expired sessions, login throttle rows that are over, and API
// Idempotency-Keys past their day (the API's side of who-did-what). Started by
// every web server (server/index.ts, whatever its RUNNER) at start and then
// every intervalMs; every process may run it, the deletes are idempotent.
import { deleteExpiredIdempotencyKeys } from "~/modules/api/idempotency.server";
import { logger } from "~/utils/logger.server";
import { startPeriodicJob, type Job } from "~/utils/periodic-job.server";
import { deleteStaleLoginThrottles } from "./login-throttle.server";
import { deleteExpiredSessions } from "./user-sessions.server";

export async function cleanUpAuthRows(now = new Date()) {
  const [sessions, loginThrottles, idempotencyKeys] = await Promise.all([
    deleteExpiredSessions(now),
    deleteStaleLoginThrottles(now),
    deleteExpiredIdempotencyKeys(now),
  ]);
  return { sessions, loginThrottles, idempotencyKeys };
}

export function startAuthCleanupJob({
  intervalMs = 60 * 60 * 1000,
  onSweep = (_removed: Awaited<ReturnType<typeof cleanUpAuthRows>>) => undefined as void,
  onError = (error: unknown) => logger.error({ err: error }, "auth cleanup job failed"),
} = {}): Job {
  return startPeriodicJob({ intervalMs, onError, run: async () => onSweep(await cleanUpAuthRows()) });
}
