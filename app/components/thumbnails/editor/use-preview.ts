import { useEffect, useRef, useState } from "react";
import type { ThumbnailEdits } from "~/modules/thumbnails/edits";

export function previewQuery(edits: ThumbnailEdits) {
  return new URLSearchParams(Object.entries(edits).map(([name, value]) => [name, String(value)])).toString();
}

export type Preview = { src: string | null; error: string | null; drawing: boolean };

/** The server's drawing of the edits, asked for once the creator pauses (about 250 ms). */
export function usePreview(thumbnailId: string, edits: ThumbnailEdits, saved: ThumbnailEdits): Preview {
  const [preview, setPreview] = useState<Preview>({ src: null, error: null, drawing: false });
  const query = previewQuery(edits);
  const unchanged = query === previewQuery(saved);
  const objectUrl = useRef<string | null>(null);

  useEffect(() => {
    if (unchanged) {
      setPreview({ src: null, error: null, drawing: false });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      setPreview((p) => ({ ...p, drawing: true }));
      try {
        const response = await fetch(`/resources/thumbnails/${thumbnailId}/preview?${query}`, { signal: controller.signal });
        if (!response.ok) {
          const message = response.status === 422 ? await response.text() : "The preview could not be drawn. Try again.";
          setPreview((p) => ({ ...p, error: message, drawing: false }));
          return;
        }
        const url = URL.createObjectURL(await response.blob());
        if (objectUrl.current) URL.revokeObjectURL(objectUrl.current);
        objectUrl.current = url;
        setPreview({ src: url, error: null, drawing: false });
      } catch (error) {
        if (controller.signal.aborted) return;
        setPreview((p) => ({ ...p, error: "The preview could not be drawn. Try again.", drawing: false }));
      }
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [thumbnailId, query, unchanged]);

  useEffect(() => () => void (objectUrl.current && URL.revokeObjectURL(objectUrl.current)), []);
  return unchanged ? { src: null, error: null, drawing: false } : preview;
}
