// Removes expired sessions and login throttle rows that are over. Started by
// the composition root (server/index.ts, server/worker.ts) at start and then
// every intervalMs; every process may run it, the deletes are idempotent.
import { logger } from "~/utils/logger.server";
import { deleteStaleLoginThrottles } from "./login-throttle.server";
import { deleteExpiredSessions } from "./user-sessions.server";

export async function cleanUpAuthRows(now = new Date()) {
  const [sessions, loginThrottles] = await Promise.all([deleteExpiredSessions(now), deleteStaleLoginThrottles(now)]);
  return { sessions, loginThrottles };
}

type Job = { stop(): Promise<void> };

export function startAuthCleanupJob({
  intervalMs = 60 * 60 * 1000,
  onSweep = (_removed: { sessions: number; loginThrottles: number }) => undefined as void,
  onError = (error: unknown) => logger.error({ err: error }, "auth cleanup job failed"),
} = {}): Job {
  let stopped = false;
  let wake: () => void = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        onSweep(await cleanUpAuthRows());
      } catch (error) {
        onError(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        // A sleeping cleanup must not keep a process alive that is otherwise done.
        timer.unref?.();
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake();
      await loop;
    },
  };
}
