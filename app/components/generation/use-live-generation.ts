import { useEffect, useState } from "react";
import {
  isTerminal,
  type GenerationEvent,
  type GenerationSnapshot,
  type GenerationStreamSnapshot,
  type ThumbnailSnapshot,
} from "~/modules/generations/lifecycle";

/** What the page keeps current: the stream's state plus what never changes (the keywords). */
export type LiveGeneration = GenerationStreamSnapshot & { keywords: string };

type StreamEvent<T extends GenerationEvent["type"]> = Extract<GenerationEvent, { type: T }>;

function byCell(a: ThumbnailSnapshot, b: ThumbnailSnapshot) {
  return a.promptIndex - b.promptIndex || a.backgroundIndex - b.backgroundIndex;
}

/** How soon to open a new stream after the server said it is going away: spread out, so a restart is no stampede. */
function reconnectDelayMs() {
  return 200 + Math.floor(Math.random() * 800);
}

/**
 * The generation as the server renders it, then kept current by the
 * server-sent events stream until it is terminal. EventSource reconnects by
 * itself after a dropped connection; a server shutting down sends `reconnect`
 * and the page opens a new stream at once (most likely on another instance);
 * a connection refused for good (a 502 while an instance restarts) is retried
 * with backoff. The server answers every connection with a fresh snapshot.
 */
export function useLiveGeneration<T extends LiveGeneration>(initial: T) {
  const [generation, setGeneration] = useState<T>(initial);
  // A new page (or a revalidation after an action) brings new server data.
  useEffect(() => setGeneration(initial), [initial]);

  const { id, status } = initial;
  useEffect(() => {
    if (isTerminal(status) || typeof EventSource === "undefined") return;
    let source: EventSource;
    let done = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const reopen = (delayMs: number) => {
      source.close();
      clearTimeout(retryTimer);
      retryTimer = setTimeout(open, delayMs);
    };
    // The server ends the stream at a terminal status; without this the
    // browser would reconnect to a finished stream every few seconds.
    const closeIfDone = (next: GenerationSnapshot) => {
      if (!isTerminal(next.status)) return;
      done = true;
      source.close();
    };
    function open() {
      if (done) return;
      source = new EventSource(`/resources/generations/${id}/events`);
      listen();
    }
    function listen() {
      source.addEventListener("open", () => (failures = 0));
      source.addEventListener("reconnect", () => reopen(reconnectDelayMs()));
      source.addEventListener("error", () => {
        // CONNECTING: the browser retries by itself. CLOSED: it gave up (a non-stream answer).
        // A few tries span about a minute; a 401 or 404 that lasts is not worth more.
        if (source.readyState === EventSource.CLOSED && !done && failures < 6) reopen(Math.min(30_000, 1000 * 2 ** failures++));
      });
      source.addEventListener("snapshot", (e) => {
        const snapshot = JSON.parse(e.data) as GenerationStreamSnapshot;
        setGeneration((current) => ({ ...current, ...snapshot }));
        closeIfDone(snapshot);
      });
      source.addEventListener("progress", (e) => {
        const { generation: next } = JSON.parse(e.data) as StreamEvent<"progress">;
        setGeneration((current) => ({ ...current, ...next, thumbnails: current.thumbnails }));
        closeIfDone(next);
      });
      source.addEventListener("thumbnail", (e) => {
        const { generation: next, thumbnail } = JSON.parse(e.data) as StreamEvent<"thumbnail">;
        setGeneration((current) => {
          const others = current.thumbnails.filter((t) => t.id !== thumbnail.id);
          return { ...current, ...next, thumbnails: [...others, thumbnail].sort(byCell) };
        });
        closeIfDone(next);
      });
    }
    open();
    return () => {
      done = true;
      clearTimeout(retryTimer);
      source.close();
    };
  }, [id, status]);

  return generation;
}
