// The bus of a single process (SQLite): events and wakes go straight to the
// listeners of this process, synchronously.
import { createLocalFanOut, type GenerationEventBus } from "./event-bus";

export function createInProcessEventBus(): GenerationEventBus {
  const local = createLocalFanOut();
  return {
    async publish(event) {
      local.deliver(event.generation.id, event);
    },
    subscribe: local.subscribe,
    ready: async () => {},
    async wake(wake) {
      local.wake(wake);
    },
    onWake: local.onWake,
    listenerCount: local.listenerCount,
    close: async () => {},
  };
}
