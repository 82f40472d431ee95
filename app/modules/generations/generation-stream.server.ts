// The gallery's live view of a generation as server-sent events: the
// snapshot first, then every change from the event bus, a heartbeat, and the
// end of the stream when the generation is terminal.
import { eventStream } from "remix-utils/sse/server";
import { subscribeToGeneration } from "~/modules/events/generation-events.server";
import { getGenerationSnapshot } from "./generations.server";
import { isTerminal, type GenerationEvent } from "./lifecycle";

export const HEARTBEAT_MS = 15_000;
// Streams end by themselves after this; EventSource reconnects and gets a
// fresh snapshot, so a lost disconnect can never pin a listener for long.
export const MAX_STREAM_MS = 10 * 60_000;

/** An event stream for one of the user's generations, or null when it is not theirs. */
export async function streamGenerationEvents(
  request: Request,
  userId: string,
  generationId: string,
  { heartbeatMs = HEARTBEAT_MS, maxMs = MAX_STREAM_MS } = {},
) {
  // Listen before reading the snapshot, so no event falls between the two.
  const buffered: GenerationEvent[] = [];
  let deliver: ((event: GenerationEvent) => void) | null = null;
  const unsubscribe = subscribeToGeneration(generationId, (event) => (deliver ? deliver(event) : buffered.push(event)));
  let snapshot;
  try {
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
    request.signal,
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
      emit("snapshot", initial);
      deliver = (event) => {
        emit(event.type, event);
        if (isTerminal(event.generation.status)) finish();
      };
      for (const event of buffered.splice(0)) deliver(event);
      if (isTerminal(initial.status)) finish();
      timers = [setInterval(() => emit("heartbeat", Date.now()), heartbeatMs), setTimeout(finish, maxMs)];
      return () => {
        closed = true;
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
      };
    },
    // Tell nginx and friends not to buffer the stream.
    { headers: { "X-Accel-Buffering": "no" } },
  );
}
