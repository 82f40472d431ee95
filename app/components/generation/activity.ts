// What a running batch is doing, in words, from its cells' real states (the
// stages providers report). Client-safe and pure, so the page can recompute
// it on every event and every tick of the elapsed clock.
import { isTerminal, ThumbnailStage, ThumbnailStatus } from "~/modules/generations/lifecycle";

type Cell = { status: string; stage: string | null };

function images(count: number) {
  return `${count} ${count === 1 ? "image" : "images"}`;
}

/** A tile's state in a few words; null for a finished image (the image says it). */
export function describeCell(cell: Cell | null, generationStatus: string, providerLabel: string) {
  if (cell?.status === ThumbnailStatus.failed) return "Could not be made";
  if (cell?.status === ThumbnailStatus.success) return null;
  // Nothing renders any more, whatever a row still says.
  if (isTerminal(generationStatus)) return "Not rendered";
  if (cell?.status !== ThumbnailStatus.rendering) return "Queued";
  switch (cell.stage) {
    case ThumbnailStage.sent:
      return `Sent to ${providerLabel}`;
    case ThumbnailStage.generating:
      return "Generating…";
    case ThumbnailStage.downloading:
      return "Downloading…";
    default:
      return "Starting…";
  }
}

/**
 * The step line while cells are in flight ("kie.ai is generating 9 images"),
 * or null when none is, so the runner's own step (planning, finishing) shows.
 */
export function describeActivity(cells: Cell[], providerLabel: string) {
  const rendering = cells.filter((c) => c.status === ThumbnailStatus.rendering);
  if (rendering.length === 0) return null;
  const count = (stage: string | null) => rendering.filter((c) => c.stage === stage).length;
  const queued = cells.filter((c) => c.status === ThumbnailStatus.pending).length;
  const parts = [
    count(ThumbnailStage.generating) ? `${providerLabel} is generating ${images(count(ThumbnailStage.generating))}` : null,
    count(ThumbnailStage.sent) ? `${images(count(ThumbnailStage.sent))} sent to ${providerLabel}, waiting to start` : null,
    count(ThumbnailStage.downloading) ? `downloading ${images(count(ThumbnailStage.downloading))}` : null,
    count(null) ? `starting ${images(count(null))}` : null,
    queued ? `${queued} queued` : null,
  ].filter(Boolean) as string[];
  const line = parts.join(", ");
  // A brand keeps its own casing ("kie.ai is generating…").
  return line.startsWith(providerLabel) ? line : line.charAt(0).toUpperCase() + line.slice(1);
}

/** 0:07, 2:05, 1:02:09. */
export function formatElapsed(ms: number) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** "usually about 2 min"; null with no history. */
export function formatEstimate(seconds: number | null) {
  if (seconds === null || seconds <= 0) return null;
  if (seconds < 60) return `usually about ${Math.max(5, Math.round(seconds / 5) * 5)} s`;
  if (seconds < 3600) return `usually about ${Math.round(seconds / 60)} min`;
  const hours = Math.round(seconds / 360) / 10;
  return `usually about ${hours} h`;
}
