// The providers' shared rule for paid tasks, on a virtual clock: a 40 s outage
// with the production settings plays in no time, and the waits are exact.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, test } from "vitest";
import { backoffDelay, describeNoAnswer, kindOfStatus, pollTask, retryTemporary, seededRandom } from "./provider-answers.server";

class Temporary extends Error {}
class Definite extends Error {}
const isTemporary = (error: unknown) => error instanceof Temporary;

/** A clock that only moves when someone waits. */
function virtualTime() {
  let now = 0;
  return { now: () => now, wait: async (ms: number) => void (now += Math.max(0, ms)) };
}

// kie.ai's defaults: KIE_POLL_INTERVAL_MS 2000 (growing to 15 s), KIE_RETRY_BASE_MS 1000, KIE_RETRY_CAP_MS 30000, KIE_TASK_TIMEOUT 900.
const production = { intervalMs: 2000, maxIntervalMs: 15_000, minAskGapMs: 1000, backoff: { baseMs: 1000, capMs: 30_000 }, timeoutMs: 900_000 };

describe("temporary or definite", () => {
  test("HTTP statuses: 408, 425, 429 and 5xx but 501 and 505 are temporary; the rest is definite", () => {
    const temporary = [408, 425, 429, 500, 502, 503, 504, 520, 599];
    const definite = [200, 400, 401, 402, 403, 404, 410, 422, 501, 505];
    expect(temporary.map(kindOfStatus)).toEqual(temporary.map(() => "temporary"));
    expect(definite.map(kindOfStatus)).toEqual(definite.map(() => "definite"));
  });

  test("no answer is named: refused, reset, timed out", async () => {
    const server = http.createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const reset = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const timedOut = await fetch(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, { signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect([describeNoAnswer(refused), describeNoAnswer(reset), describeNoAnswer(timedOut)]).toEqual([
      "the connection was refused",
      "the connection was reset",
      "no answer in time",
    ]);
  });
});

describe("capped exponential backoff with jitter", () => {
  test("doubles from the base up to the cap, each wait between half and all of its step; a seed repeats it", () => {
    const options = { baseMs: 1000, capMs: 30_000, random: seededRandom(21) };
    const waits = Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, options));
    const steps = [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000];
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(steps[i] / 2);
      expect(wait).toBeLessThanOrEqual(steps[i]);
    });
    // Jittered: not all at the same point of their range.
    expect(new Set(waits.map((wait, i) => Math.round((wait / steps[i]) * 100))).size).toBeGreaterThan(5);
    const again = seededRandom(21);
    expect(Array.from({ length: 10 }, (_, i) => backoffDelay(i + 1, { ...options, random: again }))).toEqual(waits);
    // Far past the cap, still the cap.
    expect(backoffDelay(500, { baseMs: 1000, capMs: 30_000, random: () => 0.999 })).toBeLessThanOrEqual(30_000);
  });
});

describe("polling a paid task", () => {
  test("a 40 s outage with the production settings: kie.ai is asked through it and the task is drawn, where the old 5 attempts gave up after 15 s", async () => {
    const clock = virtualTime();
    const outageEndsAt = 40_000;
    const asks: number[] = [];
    const answer = await pollTask({
      ...clock,
      ...production,
      deadline: production.timeoutMs,
      backoff: { ...production.backoff, random: seededRandom(7) },
      isTemporary,
      ask: async () => {
        asks.push(clock.now());
        if (clock.now() < outageEndsAt) throw new Temporary("HTTP 502");
        return "the result";
      },
      timedOut: () => new Error("timed out"),
    });
    expect(answer).toBe("the result");
    // The old policy: 5 asks with waits of 1, 2, 4 and 8 s, then the cell failed.
    const oldBudgetMs = production.backoff.baseMs * (1 + 2 + 4 + 8);
    expect(outageEndsAt).toBeGreaterThan(2 * oldBudgetMs);
    const duringOutage = asks.filter((at) => at < outageEndsAt);
    expect(duringOutage.length).toBeGreaterThan(5);
    // Backing off: the gaps grow and none is longer than the cap ...
    const gaps = asks.slice(1).map((at, i) => at - asks[i]);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(production.backoff.capMs);
    expect(gaps[gaps.length - 1]).toBeGreaterThan(gaps[1]);
    // ... so the task is drawn at most a cap's wait after kie.ai is back.
    expect(asks.at(-1)! - outageEndsAt).toBeLessThanOrEqual(production.backoff.capMs);
  });

  test("the first good answer ends the backoff: a task still working is asked at the polling interval again", async () => {
    const clock = virtualTime();
    const asks: number[] = [];
    await pollTask({
      ...clock,
      ...production,
      deadline: production.timeoutMs,
      backoff: { ...production.backoff, random: () => 0.5 },
      isTemporary,
      ask: async () => {
        asks.push(clock.now());
        if (asks.length <= 6) throw new Temporary("HTTP 503");
        return asks.length < 9 ? null : "done";
      },
      timedOut: () => new Error("timed out"),
    });
    const gaps = asks.slice(1).map((at, i) => at - asks[i]);
    // Six backoff waits (three quarters of 1, 2, 4, 8, 16 and the 30 s cap),
    // then the polling interval from where it was (2 s before the first ask, then 3 s, 4.5 s).
    expect(asks[0]).toBe(2000);
    expect(gaps.slice(0, 6)).toEqual([750, 1500, 3000, 6000, 12_000, 22_500]);
    expect(gaps.slice(6)).toEqual([3000, 4500]);
  });

  test("a definite answer ends it at once: one ask, no backoff", async () => {
    const clock = virtualTime();
    let asks = 0;
    const error = await pollTask({
      ...clock,
      ...production,
      deadline: production.timeoutMs,
      isTemporary,
      ask: async () => {
        asks += 1;
        throw new Definite("no such task");
      },
      timedOut: () => new Error("timed out"),
    }).catch((e: unknown) => e);
    expect(error).toEqual(new Definite("no such task"));
    expect(asks).toBe(1);
    expect(clock.now()).toBe(production.intervalMs);
  });

  test("an outage that outlasts the deadline: given up at the deadline, naming the last answer", async () => {
    const clock = virtualTime();
    let asks = 0;
    const error = await pollTask({
      ...clock,
      ...production,
      deadline: production.timeoutMs,
      isTemporary,
      backoff: { ...production.backoff, random: seededRandom(3) },
      ask: async () => {
        asks += 1;
        throw new Temporary("HTTP 504");
      },
      timedOut: (last) => new Error(`timed out after: ${(last as Error).message}`),
    }).catch((e: unknown) => e);
    expect(error).toEqual(new Error("timed out after: HTTP 504"));
    expect(clock.now()).toBe(production.timeoutMs);
    // About one ask per 15-30 s once the backoff reached its cap.
    expect(asks).toBeGreaterThan(900 / 30);
    expect(asks).toBeLessThan(900 / 15 + 10);
  });
});

describe("retrying a call that made nothing yet", () => {
  test("temporary errors until maxAttempts, or until the deadline; a definite one at once", async () => {
    const fails = (make: () => Error) => {
      let calls = 0;
      const attempt = async () => {
        calls += 1;
        throw make();
      };
      return { attempt, calls: () => calls };
    };
    const backoff = { baseMs: 1000, capMs: 30_000, random: () => 1 };

    const capped = fails(() => new Temporary("HTTP 500"));
    await expect(retryTemporary(capped.attempt, { ...virtualTime(), isTemporary, backoff, maxAttempts: 5 })).rejects.toThrow("HTTP 500");
    expect(capped.calls()).toBe(5);

    const clock = virtualTime();
    const untilDeadline = fails(() => new Temporary("HTTP 500"));
    await expect(retryTemporary(untilDeadline.attempt, { ...clock, isTemporary, backoff, deadline: 100_000 })).rejects.toThrow("HTTP 500");
    // 1 + 2 + 4 + 8 + 16 + 30 + 30 = 91 s, then 9 s more to the deadline.
    expect(untilDeadline.calls()).toBe(9);
    expect(clock.now()).toBe(100_000);

    const definite = fails(() => new Definite("refused"));
    await expect(retryTemporary(definite.attempt, { ...virtualTime(), isTemporary, backoff, deadline: 100_000 })).rejects.toThrow("refused");
    expect(definite.calls()).toBe(1);
  });
});
