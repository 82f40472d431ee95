// A render thread (piscina's worker file): runs one task, and sends its
// result's pixel buffers back by moving them, not copying. A task that fails
// answers with its error as data, so that a rejected run on the main thread
// always means the thread itself died or was stopped (render-pool.server.ts
// retries those once).
import { Piscina } from "piscina";
import fs from "node:fs";
import os from "node:os";
import { env } from "~/utils/env.server";
import { linuxThreadId, runRenderTask, type RenderTask } from "./render-tasks.server";

// Pages before pictures: this thread runs at low priority (RENDER_THREAD_NICE),
// so a request the main thread serves preempts the drawing on a busy core.
// Where threads have no priority of their own, it runs as the process does.
const tid = linuxThreadId();
if (tid !== null && env.RENDER_THREAD_NICE > 0) os.setPriority(tid, env.RENDER_THREAD_NICE);

// The pixel work of sharp's operations runs on libvips' own worker threads,
// shared by the process and started as libvips needs them. A batch that
// prepares its cells ahead keeps them busy in bursts, so each one new since
// the last task gets the same low priority (the main thread's few image
// operations, an upload's, wait behind pages too).
const checkedThreads = new Set<string>();
function lowerLibvipsWorkers() {
  if (tid === null || env.RENDER_THREAD_NICE === 0) return;
  try {
    for (const id of fs.readdirSync("/proc/self/task")) {
      if (checkedThreads.has(id)) continue;
      checkedThreads.add(id);
      if (fs.readFileSync(`/proc/self/task/${id}/comm`, "utf8").startsWith("libvips worker")) os.setPriority(Number(id), env.RENDER_THREAD_NICE);
    }
  } catch {
    // A thread that ended between the listing and the read: the next task looks again.
  }
}

export type ThreadAnswer = { ok: true; value: unknown } | { ok: false; name: string; message: string };

/** The buffers of a result that are safe to move: whole ArrayBuffers only (sharp's and ours), never shared memory. */
function movable(value: unknown, found: ArrayBuffer[] = [], seen = new Set<unknown>()): ArrayBuffer[] {
  if (!value || typeof value !== "object" || seen.has(value)) return found;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    const { buffer } = value;
    // A view into a larger buffer (Node's pooled small Buffers) would move its neighbours too: that one is copied.
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength && !found.includes(buffer)) found.push(buffer);
    return found;
  }
  for (const item of Array.isArray(value) ? value : Object.values(value)) movable(item, found, seen);
  return found;
}

export default async function renderThreadTask(task: RenderTask) {
  let answer: ThreadAnswer;
  try {
    answer = { ok: true, value: await runRenderTask(task) };
  } catch (error) {
    answer = error instanceof Error ? { ok: false, name: error.name, message: error.message } : { ok: false, name: "Error", message: String(error) };
  }
  lowerLibvipsWorkers();
  const transfer = movable(answer);
  return transfer.length ? Piscina.move({ [Piscina.transferableSymbol]: transfer, [Piscina.valueSymbol]: answer } as never) : answer;
}
