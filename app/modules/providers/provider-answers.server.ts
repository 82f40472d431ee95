// What a provider's answer means for a task that was already created, and so
// paid for. The rule every provider follows (kie.ai now; OpenAI, Gemini and
// ComfyUI when they come): an answer is either temporary or definite, and only
// a definite one may fail a cell. Temporary is anything that says "not now":
// no answer at all (refused, reset, timed out), 408, 425, 429 and 5xx. A paid
// task is asked again, with capped exponential backoff, until the task's
// deadline; giving up earlier throws away work that is still running at the
// provider (issue 21: a 40 s outage lost nine paid tasks). Definite is the
// provider's own word: the task failed, or it is unknown or expired.
// See docs/decisions/120-provider-outages.md.
import { setTimeout as sleep } from "node:timers/promises";

export type AnswerKind = "temporary" | "definite";

/**
 * An HTTP status by what it says about asking again. 501 (the server lacks the method)
 * and 505 (version not supported) are 5xx that no retry changes.
 */
export function kindOfStatus(status: number): AnswerKind {
  if (status === 408 || status === 425 || status === 429) return "temporary";
  if (status >= 500 && status <= 599 && status !== 501 && status !== 505) return "temporary";
  return "definite";
}

/**
 * Why a request got no answer, in words for a log or a thumbnail. No answer
 * is always temporary: the provider said nothing, so nothing is decided.
 */
export function describeNoAnswer(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "TimeoutError" || name === "AbortError") return "no answer in time";
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  switch (cause?.code) {
    case "ECONNREFUSED":
      return "the connection was refused";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return "the connection was reset";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return "no answer in time";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "its address could not be resolved";
    default:
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}

export type BackoffOptions = {
  /** The first wait after a temporary answer. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** A number in [0, 1); Math.random unless a test injects a seeded one. */
  random?: () => number;
};

/**
 * The wait after the `failures`-th temporary answer in a row: base, 2×base,
 * 4×base ... up to the cap, with "equal jitter" (between half and all of it),
 * so the cells of a batch that all saw the same outage do not come back in
 * one burst, and no wait shrinks to nothing.
 */
export function backoffDelay(failures: number, { baseMs, capMs, random = Math.random }: BackoffOptions) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(0, failures - 1), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A small seeded generator (mulberry32) for jitter the tests can repeat. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The clock and the wait, injectable so a test can play a long outage in no time. */
export type Timekeeping = { now?: () => number; wait?: (ms: number) => Promise<unknown> };

/**
 * Runs `attempt` until it returns. A temporary error is tried again after a
 * backoff, until `deadline` (epoch ms) or `maxAttempts`, whichever comes
 * first; then, or at once for a definite error, the error is thrown.
 */
export async function retryTemporary<T>(
  attempt: () => Promise<T>,
  options: Timekeeping & { isTemporary: (error: unknown) => boolean; backoff: BackoffOptions; deadline?: number; maxAttempts?: number },
): Promise<T> {
  const { now = Date.now, wait = sleep, isTemporary, backoff, deadline = Number.POSITIVE_INFINITY, maxAttempts = Number.POSITIVE_INFINITY } = options;
  for (let failures = 1; ; failures++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTemporary(error) || failures >= maxAttempts) throw error;
      const delay = Math.min(backoffDelay(failures, backoff), deadline - now());
      if (delay <= 0) throw error;
      await wait(delay);
    }
  }
}

export type PollOptions<T> = Timekeeping & {
  /** Asks the provider once: the task's final answer, or null while it is still working. */
  ask: () => Promise<T | null>;
  /** Resolves when there is news of the task (a callback): ask before the interval is up. */
  nextHint?: () => Promise<void>;
  /** When the task is given up (epoch ms). */
  deadline: number;
  /** The first wait; it grows by half after each "still working", up to maxIntervalMs. */
  intervalMs: number;
  maxIntervalMs: number;
  /** Hints cannot make the provider be asked more often than this (a replayed callback may come in a flood). */
  minAskGapMs: number;
  /** The waits after temporary answers. */
  backoff: BackoffOptions;
  isTemporary: (error: unknown) => boolean;
  /** Told of each temporary answer and the wait before the next ask (for the log). */
  onTemporary?: (error: unknown, waitMs: number) => void;
  /** The error thrown at the deadline; `lastTemporary` is the last answer if it was a temporary error. */
  timedOut: (lastTemporary: unknown) => Error;
};

/**
 * Polls a paid task until the provider gives a final answer. A temporary
 * answer never ends the wait: the next ask comes after a capped exponential
 * backoff, and the first answer that gets through resets it. A definite error
 * is thrown at once; the deadline throws `timedOut`.
 */
export async function pollTask<T>(options: PollOptions<T>): Promise<T> {
  const { now = Date.now, wait = sleep, ask, nextHint, deadline, maxIntervalMs, minAskGapMs, backoff, isTemporary, onTemporary, timedOut } = options;
  let interval = options.intervalMs;
  let failures = 0;
  let backingOff: number | null = null;
  let lastTemporary: unknown = null;
  let askedAt = now();
  for (;;) {
    // No task finishes the moment it is created: wait first, then ask.
    const planned = backingOff ?? interval;
    const pause = Math.min(planned, Math.max(0, deadline - now()));
    const woken = nextHint ? await Promise.race([nextHint().then(() => true), wait(pause).then(() => false)]) : (await wait(pause), false);
    if (woken) await wait(Math.max(0, askedAt + Math.min(minAskGapMs, interval) - now()));
    else if (backingOff === null) interval = Math.min(interval * 1.5, maxIntervalMs);
    askedAt = now();
    try {
      const answer = await ask();
      failures = 0;
      backingOff = null;
      lastTemporary = null;
      if (answer !== null) return answer;
    } catch (error) {
      if (!isTemporary(error)) throw error;
      failures += 1;
      lastTemporary = error;
      backingOff = backoffDelay(failures, backoff);
      onTemporary?.(error, backingOff);
    }
    if (now() >= deadline) throw timedOut(lastTemporary);
  }
}
