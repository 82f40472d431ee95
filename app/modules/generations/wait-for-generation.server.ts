// Waiting, in one request, for a batch to finish: what a caller that cannot
// hold an event stream open does instead (the MCP server's generate tool).
// It follows the generation on the event bus as the gallery's stream does
// (generation-stream.server.ts), calling back with each change, and also
// reads the row again now and then, so a lost notification costs a few
// seconds, never the whole wait.
import { generationEventBus, subscribeToGeneration } from "~/modules/events/generation-events.server";
import { getGenerationSnapshot } from "./generations.server";
import { isTerminal, type GenerationSnapshot, type ThumbnailSnapshot } from "./lifecycle";

export type WaitOutcome = "finished" | "timed-out" | "aborted";

export const WAIT_RECHECK_MS = 5_000;

/**
 * Resolves when one of the user's generations is terminal ("finished"), when
 * maxMs pass ("timed-out") or the signal aborts ("aborted"); null when the
 * generation is not theirs. onChange gets the generation's progress with
 * every event, and each thumbnail as its status changes.
 */
export async function waitForGeneration(
  userId: string,
  generationId: string,
  {
    maxMs,
    signal,
    recheckMs = WAIT_RECHECK_MS,
    onChange = () => undefined,
  }: { maxMs: number; signal?: AbortSignal; recheckMs?: number; onChange?: (generation: GenerationSnapshot, thumbnail: ThumbnailSnapshot | null) => void },
): Promise<WaitOutcome | null> {
  let settle: (outcome: WaitOutcome) => void = () => undefined;
  const outcome = new Promise<WaitOutcome>((resolve) => (settle = resolve));
  const seen = (generation: GenerationSnapshot, thumbnail: ThumbnailSnapshot | null) => {
    onChange(generation, thumbnail);
    if (isTerminal(generation.status)) settle("finished");
  };
  // Listen before reading the snapshot, so no event falls between the two.
  const unsubscribe = subscribeToGeneration(generationId, (event) => seen(event.generation, event.type === "thumbnail" ? event.thumbnail : null), {
    onResync: (snapshot) => seen(snapshot, null),
  });
  const timers: NodeJS.Timeout[] = [];
  const abort = () => settle("aborted");
  try {
    // On PostgreSQL, LISTEN must be in place before the snapshot is read.
    await generationEventBus().ready();
    const snapshot = await getGenerationSnapshot(userId, generationId);
    if (!snapshot) return null;
    if (isTerminal(snapshot.status)) return "finished";
    if (signal?.aborted) return "aborted";
    signal?.addEventListener("abort", abort, { once: true });
    timers.push(setTimeout(() => settle("timed-out"), maxMs));
    timers.push(
      setInterval(async () => {
        const now = await getGenerationSnapshot(userId, generationId).catch(() => null);
        if (now && isTerminal(now.status)) seen(now, null);
      }, recheckMs),
    );
    return await outcome;
  } finally {
    unsubscribe();
    signal?.removeEventListener("abort", abort);
    for (const timer of timers) clearTimeout(timer);
  }
}
