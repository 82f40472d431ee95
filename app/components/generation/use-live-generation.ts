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

/**
 * The generation as the server renders it, then kept current by the
 * server-sent events stream until it is terminal. EventSource reconnects by
 * itself; the server answers every connection with a fresh snapshot.
 */
export function useLiveGeneration<T extends LiveGeneration>(initial: T) {
  const [generation, setGeneration] = useState<T>(initial);
  // A new page (or a revalidation after an action) brings new server data.
  useEffect(() => setGeneration(initial), [initial]);

  const { id, status } = initial;
  useEffect(() => {
    if (isTerminal(status) || typeof EventSource === "undefined") return;
    const source = new EventSource(`/resources/generations/${id}/events`);
    // The server ends the stream at a terminal status; without this the
    // browser would reconnect to a finished stream every few seconds.
    const closeIfDone = (next: GenerationSnapshot) => {
      if (isTerminal(next.status)) source.close();
    };
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
    return () => source.close();
  }, [id, status]);

  return generation;
}
