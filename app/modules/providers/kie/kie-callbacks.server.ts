// A callback from kie.ai is a hint, never an answer: kie.ai signs only
// "taskId.timestamp", so a captured callback can be replayed within the
// signature's window with any body. All a callback does is wake the renderer
// waiting on that task, in whatever process it runs (the wake rides on the
// generation event bus), which then asks kie.ai itself (recordInfo) and uses
// only that answer. Polling stays the backstop (a lost callback or wake).
import { EventEmitter } from "node:events";
import { onWake, sendWake } from "~/modules/events/generation-events.server";

const callbacks = new EventEmitter();
callbacks.setMaxListeners(0);
// Every renderer in this process waits on its own task; one bus listener feeds them all.
let stopListening: (() => void) | null = null;

function listenToBus() {
  stopListening ??= onWake((wake) => {
    if (wake.kind === "kie-task") callbacks.emit(wake.taskId);
    // The bus was disconnected and may have dropped callbacks: everyone asks kie.ai once.
    if (wake.kind === "reconnected") for (const taskId of callbacks.eventNames()) callbacks.emit(taskId);
  });
}

/** Tells the renderer waiting on this task, wherever it runs, that kie.ai called back. */
export function wakeKieTask(taskId: string) {
  return sendWake({ kind: "kie-task", taskId });
}

/**
 * Listens for callbacks of one task for as long as a renderer waits on it.
 * `next()` resolves at the next callback, or at once if one came since the
 * last `next()` (so a callback that lands while kie.ai is being asked is not
 * lost); several callbacks in between count as one. `cancel` stops listening.
 */
export function listenForKieCallbacks(taskId: string) {
  let pending = false;
  let wake: (() => void) | null = null;
  const listener = () => {
    if (wake) {
      wake();
      wake = null;
    } else {
      pending = true;
    }
  };
  listenToBus();
  callbacks.on(taskId, listener);
  return {
    next(): Promise<void> {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => (wake = resolve));
    },
    cancel: () => callbacks.off(taskId, listener),
  };
}

export function kieCallbackListenerCount(taskId: string) {
  return callbacks.listenerCount(taskId);
}
