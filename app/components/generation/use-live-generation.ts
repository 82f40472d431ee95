import { useEffect, useState } from "react";

export type LiveThumbnail = {
  id: string;
  promptIndex: number;
  backgroundIndex: number;
  status: string;
  prompt: string;
};

export type LiveGeneration = {
  id: string;
  keywords: string;
  status: string;
  progress: number;
  currentStep: string | null;
  thumbnailCount: number;
  errorMessage: string | null;
  thumbnails: LiveThumbnail[];
};

const TERMINAL = ["completed", "partial", "failed"];

type ProgressEvent = { generation: Omit<LiveGeneration, "thumbnails" | "keywords"> };
type ThumbnailEvent = ProgressEvent & { thumbnail: LiveThumbnail };

function byCell(a: LiveThumbnail, b: LiveThumbnail) {
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
    if (TERMINAL.includes(status) || typeof EventSource === "undefined") return;
    const source = new EventSource(`/resources/generations/${id}/events`);
    // The server ends the stream at a terminal status; without this the
    // browser would reconnect to a finished stream every few seconds.
    const closeIfDone = (next: { status: string }) => {
      if (TERMINAL.includes(next.status)) source.close();
    };
    source.addEventListener("snapshot", (e) => {
      const snapshot = JSON.parse(e.data) as LiveGeneration;
      setGeneration((current) => ({ ...current, ...snapshot }));
      closeIfDone(snapshot);
    });
    source.addEventListener("progress", (e) => {
      const { generation: next } = JSON.parse(e.data) as ProgressEvent;
      setGeneration((current) => ({ ...current, ...next, thumbnails: current.thumbnails }));
      closeIfDone(next);
    });
    source.addEventListener("thumbnail", (e) => {
      const { generation: next, thumbnail } = JSON.parse(e.data) as ThumbnailEvent;
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
