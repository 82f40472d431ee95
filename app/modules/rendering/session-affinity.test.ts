import { Piscina } from "piscina";
import { describe, expect, test } from "vitest";
import { sessionAffinityBalancer, withAffinity } from "./session-affinity.server";

type Balancer = ReturnType<typeof sessionAffinityBalancer>;
type FakeWorker = { id: number; currentUsage: number; isRunningAbortableTask: boolean };

// Piscina hands the balancer its queued task (queue options included) and the workers' views.
const task = (session: string | null) => withAffinity({}, session) as unknown as Parameters<Balancer>[0];
const workers = (...usage: number[]): FakeWorker[] => usage.map((currentUsage, i) => ({ id: i + 1, currentUsage, isRunningAbortableTask: false }));
const pick = (balance: Balancer, session: string | null, pool: FakeWorker[]) =>
  (balance(task(session), pool as unknown as Parameters<Balancer>[1]) as FakeWorker | null)?.id ?? null;

describe("render thread choice", () => {
  test("a generation's tasks keep going to the thread that prepared it, whichever is less busy", () => {
    const balance = sessionAffinityBalancer(2);
    const pool = workers(0, 0);
    const home = pick(balance, "gen-a", pool);
    pool[home! - 1].currentUsage = 1;
    expect(pick(balance, "gen-a", pool)).toBe(home);
  });

  test("new generations are spread over the threads, so two batches draw on two cores", () => {
    const balance = sessionAffinityBalancer(2);
    const pool = workers(0, 0);
    const first = pick(balance, "gen-a", pool);
    const second = pick(balance, "gen-b", pool);
    expect(second).not.toBe(first);
    // The third goes where the fewest live, the least busy among those.
    pool[0].currentUsage = 2;
    pool[1].currentUsage = 1;
    expect(pick(balance, "gen-c", pool)).toBe(2);
  });

  test("a task waits for room on its home thread rather than prepare the batch again elsewhere", () => {
    const balance = sessionAffinityBalancer(2);
    const pool = workers(0, 0);
    const home = pick(balance, "gen-a", pool)!;
    pool[home - 1].currentUsage = 2;
    expect(pick(balance, "gen-a", pool)).toBeNull();
    // A task of no generation takes the free thread.
    expect(pick(balance, null, pool)).toBe(home === 1 ? 2 : 1);
  });

  test("a thread running one task for its time limit still counts as one task, not as full", () => {
    const balance = sessionAffinityBalancer(2);
    const pool = workers(0);
    pick(balance, "gen-a", pool);
    // piscina reports a worker with one abortable task as infinitely busy.
    pool[0].currentUsage = Infinity;
    pool[0].isRunningAbortableTask = true;
    expect(pick(balance, "gen-a", pool)).toBe(1);
  });

  test("when its home thread died, a generation gets a new one", () => {
    const balance = sessionAffinityBalancer(2);
    pick(balance, "gen-a", workers(0));
    const replaced = [{ id: 7, currentUsage: 0, isRunningAbortableTask: false }];
    expect(pick(balance, "gen-a", replaced)).toBe(7);
    expect(pick(balance, "gen-a", [...replaced, ...workers(0)])).toBe(7);
  });

  test("the session travels with the task as piscina's queue options", () => {
    const wrapped = withAffinity({ kind: "ping" }, "gen-a") as Record<symbol, unknown>;
    expect(wrapped[Piscina.queueOptionsSymbol]).toEqual({ session: "gen-a" });
  });

  test("a thread that replaced a dead one gets its share of new generations, not all of them until it has as many as the others had", () => {
    // (lru-cache reads a start time of 0 as "no expiry".)
    let now = 1_000_000;
    {
      const balance = sessionAffinityBalancer(1, { now: () => now });
      const pool = workers(0, 0);
      for (let i = 0; i < 20; i++) pick(balance, `old-${i}`, pool);
      // Thread 2 dies and thread 3 takes its place; an hour later the old generations are long finished.
      now += 60 * 60_000;
      const replaced = [pool[0], { id: 3, currentUsage: 0, isRunningAbortableTask: false }];
      const homes = ["new-a", "new-b", "new-c", "new-d"].map((name) => pick(balance, name, replaced));
      expect(homes.filter((id) => id === 1)).toHaveLength(2);
      expect(homes.filter((id) => id === 3)).toHaveLength(2);
    }
  });
});
