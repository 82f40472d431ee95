// Callbacks from kie.ai reach the webhook route; a renderer waiting on the
// same task in this process is told at once. Polling stays the backstop for
// everything else (a runner in another process, a lost callback).
import { EventEmitter } from "node:events";
import type { KieTask } from "./kie-client.server";

const callbacks = new EventEmitter();
callbacks.setMaxListeners(0);

export function notifyKieTask(task: KieTask) {
  callbacks.emit(task.taskId, task);
}

/** Resolves with the task when its callback arrives; `cancel` stops listening. */
export function waitForKieCallback(taskId: string) {
  let cancel = () => {};
  const arrived = new Promise<KieTask>((resolve) => {
    const listener = (task: KieTask) => {
      if (task.state === "success" || task.state === "fail") {
        callbacks.off(taskId, listener);
        resolve(task);
      }
    };
    callbacks.on(taskId, listener);
    cancel = () => callbacks.off(taskId, listener);
  });
  return { arrived, cancel };
}

export function kieCallbackListenerCount(taskId: string) {
  return callbacks.listenerCount(taskId);
}
