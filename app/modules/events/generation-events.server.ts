// The in-process bus that carries generation updates from the runner to the
// gallery's event streams. One emitter channel per generation id.
import { EventEmitter } from "node:events";
import type { GenerationEvent } from "~/modules/generations/lifecycle";

const bus = new EventEmitter();
// Any number of open galleries may watch one generation.
bus.setMaxListeners(0);

export function publishGenerationEvent(event: GenerationEvent) {
  bus.emit(event.generation.id, event);
}

/** Calls listener for every event of the generation until the returned function is called. */
export function subscribeToGeneration(generationId: string, listener: (event: GenerationEvent) => void) {
  bus.on(generationId, listener);
  return () => {
    bus.off(generationId, listener);
  };
}

export function generationListenerCount(generationId: string) {
  return bus.listenerCount(generationId);
}
