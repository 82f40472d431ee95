// The render threads: a piscina pool that runs every drawing and pixel
// measuring task (render-tasks.server.ts), so pages stay responsive while a
// batch renders (docs/decisions/170-render-threads.md). RENDER_THREADS=0
// runs the tasks on the calling thread instead (a one-core box, a debugger).
import fs from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import type { ThreadAnswer } from "./render-thread.server";
import type { RenderResults, RenderTask } from "./render-tasks.server";
import { sessionAffinityBalancer, withAffinity } from "./session-affinity.server";

/** A task that stopped without an answer: its thread died, or it ran past RENDER_TASK_TIMEOUT_SECONDS. */
export class RenderThreadError extends Error {
  override name = "RenderThreadError";
}

/** A task that ran past its time limit: its thread was stopped (a fresh one replaces it). */
export class RenderTimeoutError extends RenderThreadError {
  override name = "RenderTimeoutError";
}

/** Threads by default: one core is left to the main thread (requests, the database, encoding on libuv). */
export function defaultRenderThreads(cores = os.availableParallelism()) {
  return Math.max(1, cores - 1);
}

/**
 * The thread's file. Running from the TypeScript sources (tests, benchmarks,
 * scripts under tsx), the thread runs them too. Bundled into build/index.js,
 * production runs the compiled server-build/render-thread.js (`npm run
 * build`), and `npm run dev` the sources.
 */
function threadFile(): string {
  const here = import.meta.url;
  if (here.endsWith(".ts")) return new URL("./render-thread.tsx.mjs", here).href;
  const exists = (url: URL) => fs.existsSync(fileURLToPath(url));
  const source = new URL("../app/modules/rendering/render-thread.tsx.mjs", here);
  const compiled = new URL("../server-build/render-thread.js", here);
  if (env.NODE_ENV !== "production" && exists(source)) return source.href;
  if (exists(compiled)) return compiled.href;
  throw new Error("The render thread's file is missing: run `npm run build` (server-build/render-thread.js).");
}

let pool: Piscina | null = null;
let inFlight = 0;
// Threads that fail before ever answering cannot load their code (a bad
// build): tasks then fail at once with the reason, instead of each waiting
// out its time limit while piscina starts thread after thread.
let answered = false;
let cannotStart: Error | null = null;

/** The pool, started on first use with RENDER_THREADS threads (null when tasks run inline). */
export function renderPool(): Piscina | null {
  const threads = env.RENDER_THREADS ?? defaultRenderThreads();
  if (threads === 0) return null;
  if (!pool) {
    // One task at a time per thread. With 2 or 4 (while a cell waits on
    // sharp, its thread draws another) 1 thread drew 4 batches at 25 to 30
    // thumbnails/s against 15 to 17, but with more of sharp's work in flight
    // on the cores and libuv threads that requests share, page p95 during
    // batches rose from 28-33 ms to 36-41 ms. Pages come first (decision 170).
    const perThread = 1;
    pool = new Piscina({
      filename: threadFile(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: perThread,
      loadBalancer: sessionAffinityBalancer(perThread),
      idleTimeout: Infinity,
    });
    // A thread that dies is replaced by piscina; its tasks are retried below. Logged, never thrown.
    pool.on("error", (error: unknown) => {
      logger.error({ err: error }, "a render thread failed");
      if (!answered) cannotStart = error instanceof Error ? error : new Error(String(error));
    });
  }
  return pool;
}

/** Tasks sent to threads and not yet answered (the crash test waits on it). */
export const renderTasksInFlight = () => inFlight;

async function runOnThread(threads: Piscina, task: RenderTask): Promise<ThreadAnswer> {
  const signal = AbortSignal.timeout(env.RENDER_TASK_TIMEOUT_SECONDS * 1000);
  if (cannotStart) throw new RenderThreadError(`the render threads cannot start: ${cannotStart.message}`);
  inFlight++;
  try {
    const session = "session" in task ? task.session.id : null;
    const answer = (await threads.run(withAffinity({ ...task }, session), { signal })) as ThreadAnswer;
    answered = true;
    return answer;
  } catch (error) {
    if (signal.aborted) throw new RenderTimeoutError(`drawing took longer than ${env.RENDER_TASK_TIMEOUT_SECONDS} s and was stopped`);
    throw new RenderThreadError(`the render thread stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    inFlight--;
  }
}

/**
 * Runs a task on a render thread. A thread that dies under it (a crash, a
 * terminate) costs one retry on a fresh thread, never the process; a task
 * past its time limit is stopped and fails. A task's own error comes back
 * as an Error with the same name and message.
 */
export async function runRenderTask<K extends RenderTask["kind"]>(task: Extract<RenderTask, { kind: K }>): Promise<RenderResults[K]> {
  const threads = renderPool();
  if (!threads) {
    const { runRenderTask: runInline } = await import("./render-tasks.server");
    return (await runInline(task)) as RenderResults[K];
  }
  let answer: ThreadAnswer;
  try {
    answer = await runOnThread(threads, task);
  } catch (error) {
    if (!(error instanceof RenderThreadError) || error instanceof RenderTimeoutError) throw error;
    logger.warn({ err: error, task: task.kind }, "a render thread died mid-task; trying once more on a fresh one");
    answer = await runOnThread(threads, task);
  }
  if (!answer.ok) throw Object.assign(new Error(answer.message), { name: answer.name });
  return answer.value as RenderResults[K];
}

/**
 * Starts the threads when the process starts (the web server, a worker), so
 * the first batch or preview after a start does not wait for them to load
 * their code, fonts and models.
 */
export function startRenderThreads() {
  const threads = renderPool();
  if (!threads) return;
  for (let i = 0; i < threads.options.maxThreads; i++) {
    runRenderTask<"ping">({ kind: "ping" }).catch((error: unknown) => logger.error({ err: error }, "the render threads did not start"));
  }
}

/** Stops the threads (shutdown, the end of a test file); the next task starts a new pool. */
export async function closeRenderPool() {
  const closing = pool;
  pool = null;
  answered = false;
  cannotStart = null;
  await closing?.destroy();
}
