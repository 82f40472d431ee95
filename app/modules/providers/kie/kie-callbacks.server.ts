// A callback from kie.ai is a hint, never an answer: kie.ai signs only
// "taskId.timestamp", so a captured callback can be replayed within the
// signature's window with any body. All a callback does is wake the renderer
// waiting on that task in this process, which then asks kie.ai itself
// (recordInfo) and uses only that answer. Polling stays the backstop for
// everything else (a runner in another process, a lost callback).
import { EventEmitter } from "node:events";

const callbacks = new EventEmitter();
callbacks.setMaxListeners(0);

/** Tells the renderer waiting on this task, if any, that kie.ai called back. */
export function wakeKieTask(taskId: string) {
  callbacks.emit(taskId);
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
