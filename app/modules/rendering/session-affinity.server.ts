// Which render thread runs a task. A generation's cut-out, backgrounds and
// headline art are prepared in the thread that draws its first task and
// kept there (render-tasks.server.ts), so the generation's later tasks go
// to that thread, its home: on another thread they would prepare it all
// again. Measured on 2 cores, 4 batches at once on 2 threads drew 20
// thumbnails/s with piscina's own balancer, no more than 1 thread, each
// thread preparing every batch; 22 with homes, where 1 thread draws 15 to 17
// (docs/decisions/170-render-threads.md).
import { Piscina } from "piscina";
import { LRUCache } from "lru-cache";

// piscina exports the option, not its type.
type PiscinaLoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>["loadBalancer"]>;

type Worker = Parameters<PiscinaLoadBalancer>[1][number];

/** What a task tells the balancer: the generation it draws for, if any. */
export type TaskAffinity = { session: string | null };

/** Wraps a task so the balancer can read its session (piscina passes the wrapper's queue options to it). */
export function withAffinity<T extends object>(task: T, session: string | null): T {
  return Object.assign(task, { [Piscina.queueOptionsSymbol]: { session } satisfies TaskAffinity });
}

/**
 * Tasks in a worker: piscina reports a worker running one abortable task
 * (each of ours is, for its time limit) as infinitely busy, to keep it to
 * one task; our threads take `perThread` at once, and a task stopped for
 * its time limit costs its neighbour one retry (render-pool.server.ts).
 */
const tasksIn = (worker: Worker) => (worker.currentUsage === Infinity ? 1 : worker.currentUsage);

/**
 * A generation's tasks go to its home thread, and wait for room there even
 * when another thread has some: measured, letting an idle thread take them
 * made 4 batches at once slower on 2 threads (25 thumbnails/s against 29,
 * 2 tasks per thread), each thread preparing the same batches. A new generation's home is the
 * thread the fewest recent generations live on, the least busy among those;
 * a home that has died is chosen again. Tasks of no generation (portrait
 * analysis) go to the least busy thread.
 */
export function sessionAffinityBalancer(perThread: number, clock: { now(): number } = performance): PiscinaLoadBalancer {
  // Only recent generations count toward a thread's share: with every home
  // ever made counted, a thread that replaced a dead one would be handed
  // every new generation until it caught up. Ten minutes idle is how long a
  // session is kept (compositor-sessions.server.ts).
  const homes = new LRUCache<string, number>({ max: 64, ttl: 10 * 60_000, ttlResolution: 0, updateAgeOnGet: true, perf: clock });
  return (task, workers) => {
    const open = workers.filter((worker) => tasksIn(worker) < perThread);
    const leastBusy = (candidates: Worker[]) => candidates.reduce((best, worker) => (tasksIn(worker) < tasksIn(best) ? worker : best));
    const session = ((task as unknown as Record<symbol, TaskAffinity | null>)[Piscina.queueOptionsSymbol])?.session ?? null;
    if (session === null) return open.length > 0 ? leastBusy(open) : null;
    const homeId = homes.get(session);
    const home = workers.find((worker) => worker.id === homeId);
    if (home) return tasksIn(home) < perThread ? home : null;
    if (open.length === 0) return null;
    const homed = new Map<number, number>();
    for (const id of homes.values()) homed.set(id, (homed.get(id) ?? 0) + 1);
    const fewest = Math.min(...open.map((worker) => homed.get(worker.id) ?? 0));
    const chosen = leastBusy(open.filter((worker) => (homed.get(worker.id) ?? 0) === fewest));
    homes.set(session, chosen.id);
    return chosen;
  };
}
