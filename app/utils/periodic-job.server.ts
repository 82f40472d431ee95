// Background work that runs now, then again every interval until stopped:
// portrait analysis, the storage sweep, the auth cleanup. One loop for all of
// them, so that stop() means the same everywhere: no new run starts, a
// sleeping loop wakes at once, and stop() resolves when the run in progress
// has finished.

export type Job = { stop(): Promise<void> };

export function startPeriodicJob({
  intervalMs,
  run,
  onError,
  keepProcessAlive = false,
}: {
  intervalMs: number;
  run: (shouldStop: () => boolean) => Promise<unknown>;
  onError: (error: unknown) => void;
  /** By default a sleeping job does not keep a process alive that is otherwise done. */
  keepProcessAlive?: boolean;
}): Job {
  let stopped = false;
  let wake: () => void = () => undefined;
  const shouldStop = () => stopped;
  const loop = (async () => {
    while (!stopped) {
      try {
        await run(shouldStop);
      } catch (error) {
        onError(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        if (!keepProcessAlive) timer.unref();
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

/** Jobs started together, stopped together: the first one's other methods stay. */
export function combineJobs<T extends Job>(main: T, ...others: Job[]): T {
  return {
    ...main,
    async stop(...args: Parameters<T["stop"]>) {
      await Promise.all([(main.stop as (...a: unknown[]) => Promise<void>)(...args), ...others.map((job) => job.stop())]);
    },
  };
}
