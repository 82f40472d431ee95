// What every generation event bus offers: generation changes (publish and
// subscribe) and a wake channel that tells runners and waiting renderers in
// any process that something happened. See docs/decisions/016.
import type { GenerationEvent, GenerationStreamSnapshot } from "~/modules/generations/lifecycle";

/**
 * generations: a generation was submitted (runners claim at once);
 * kie-task: kie.ai called back for this task (its renderer asks kie.ai);
 * reconnected: this process may have missed wakes (everyone re-checks).
 */
export type Wake = { kind: "generations" } | { kind: "kie-task"; taskId: string } | { kind: "reconnected" };

export type GenerationSubscriber = {
  onEvent(event: GenerationEvent): void;
  /**
   * The bus may have missed events (its connection dropped): here is the
   * whole current state, thumbnails included, read again from the database.
   */
  onResync?(snapshot: GenerationStreamSnapshot): void;
};

export interface GenerationEventBus {
  /** Resolves once the event is on its way to every process (in order with this process's other events). */
  publish(event: GenerationEvent): Promise<void>;
  subscribe(generationId: string, subscriber: GenerationSubscriber): () => void;
  /** Resolves when events published from now on will reach this process's subscribers. */
  ready(): Promise<void>;
  wake(wake: Wake): Promise<void>;
  onWake(listener: (wake: Wake) => void): () => void;
  listenerCount(generationId: string): number;
  close(): Promise<void>;
}

/** Local subscribers and wake listeners, kept the same way by every implementation. */
export function createLocalFanOut() {
  const subscribers = new Map<string, Set<GenerationSubscriber>>();
  const wakeListeners = new Set<(wake: Wake) => void>();
  return {
    subscribers,
    subscribe(generationId: string, subscriber: GenerationSubscriber) {
      // A fresh object per call: the same listener subscribed twice counts twice.
      const entry = { ...subscriber };
      let set = subscribers.get(generationId);
      if (!set) subscribers.set(generationId, (set = new Set()));
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0 && subscribers.get(generationId) === set) subscribers.delete(generationId);
      };
    },
    deliver(generationId: string, event: GenerationEvent) {
      for (const subscriber of [...(subscribers.get(generationId) ?? [])]) subscriber.onEvent(event);
    },
    resync(generationId: string, snapshot: GenerationStreamSnapshot) {
      for (const subscriber of [...(subscribers.get(generationId) ?? [])]) subscriber.onResync?.(snapshot);
    },
    onWake(listener: (wake: Wake) => void) {
      wakeListeners.add(listener);
      return () => void wakeListeners.delete(listener);
    },
    wake(wake: Wake) {
      for (const listener of [...wakeListeners]) listener(wake);
    },
    listenerCount: (generationId: string) => subscribers.get(generationId)?.size ?? 0,
  };
}
