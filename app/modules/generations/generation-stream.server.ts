// The gallery's live view of a generation as server-sent events: the
// snapshot first, then every change from the event bus, a heartbeat, and the
// end of the stream when the generation is terminal.
import { eventStream } from "remix-utils/sse/server";
import { generationEventBus, subscribeToGeneration } from "~/modules/events/generation-events.server";
import { openEventStreams } from "~/modules/ops/metrics.server";
import { getGenerationSnapshot } from "./generations.server";
import { isTerminal, type GenerationEvent, type GenerationStreamSnapshot } from "./lifecycle";

export const HEARTBEAT_MS = 15_000;
// Streams end by themselves after this; EventSource reconnects and gets a
// fresh snapshot, so a lost disconnect can never pin a listener for long.
export const MAX_STREAM_MS = 10 * 60_000;

// The streams open in this process, each ended by its function.
const openStreams = new Set<() => void>();

/**
 * Ends every open stream with a `reconnect` event (at shutdown): the page
 * opens a new EventSource, which the load balancer sends to an instance
 * that is still up, and starts again from a fresh snapshot.
 */
export function endGenerationStreams() {
  const count = openStreams.size;
  for (const end of [...openStreams]) end();
  return count;
}

export function openGenerationStreamCount() {
  return openStreams.size;
}

/** An event stream for one of the user's generations, or null when it is not theirs. */
export async function streamGenerationEvents(
  request: Request,
  userId: string,
  generationId: string,
  { heartbeatMs = HEARTBEAT_MS, maxMs = MAX_STREAM_MS, clientGone = request.signal }: { heartbeatMs?: number; maxMs?: number; clientGone?: AbortSignal } = {},
) {
  // Listen before reading the snapshot, so no event falls between the two.
  // A resync (the bus reconnected) replaces everything buffered before it.
  type Buffered = { event: GenerationEvent } | { snapshot: GenerationStreamSnapshot };
  const buffered: Buffered[] = [];
  let deliver: ((event: GenerationEvent) => void) | null = null;
  let resync: ((snapshot: GenerationStreamSnapshot) => void) | null = null;
  const unsubscribe = subscribeToGeneration(generationId, (event) => (deliver ? deliver(event) : buffered.push({ event })), {
    onResync: (snapshot) => (resync ? resync(snapshot) : buffered.splice(0, buffered.length, { snapshot })),
  });
  let snapshot;
  try {
    // On PostgreSQL, LISTEN must be in place before the snapshot is read.
    await generationEventBus().ready();
    snapshot = await getGenerationSnapshot(userId, generationId);
  } catch (error) {
    unsubscribe();
    throw error;
  }
  if (!snapshot) {
    unsubscribe();
    return null;
  }
  const initial = snapshot;

  return eventStream(
    clientGone,
    (send, close) => {
      let closed = false;
      let timers: NodeJS.Timeout[] = [];
      const finish = () => {
        if (closed) return;
        closed = true;
        // Never close from inside init: remix-utils assigns cleanup after init returns.
        queueMicrotask(close);
      };
      const emit = (event: string, data: unknown) => {
        if (!closed) send({ event, data: JSON.stringify(data) });
      };
      openEventStreams.inc();
      emit("snapshot", initial);
      deliver = (event) => {
        emit(event.type, event);
        if (isTerminal(event.generation.status)) finish();
      };
      resync = (next) => {
        emit("snapshot", next);
        if (isTerminal(next.status)) finish();
      };
      for (const item of buffered.splice(0)) ("event" in item ? deliver(item.event) : resync(item.snapshot));
      if (isTerminal(initial.status)) finish();
      timers = [setInterval(() => emit("heartbeat", Date.now()), heartbeatMs), setTimeout(finish, maxMs)];
      const endForShutdown = () => {
        emit("reconnect", { reason: "This server is restarting." });
        finish();
      };
      openStreams.add(endForShutdown);
      return () => {
        closed = true;
        openEventStreams.dec();
        openStreams.delete(endForShutdown);
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
      };
    },
    // Tell nginx and friends not to buffer the stream.
    { headers: { "X-Accel-Buffering": "no" } },
  );
}
