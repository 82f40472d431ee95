import { isTerminal, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { cn } from "~/utils/misc";

/**
 * The tile of a cell without a finished image. `status` is null for a cell
 * the runner has not planned yet. Once the generation is terminal nothing
 * renders any more, whatever a cell's row still says (rows from before the
 * runner failed leftover cells, or an event stream that ended before the
 * cells' last update), so such a tile never shows "Rendering…".
 */
export function UnfinishedCell({ status, generationStatus, label }: { status: string | null; generationStatus: string; label?: string }) {
  const text =
    status === ThumbnailStatus.failed ? "Could not be made" : isTerminal(generationStatus) ? "Not rendered" : status ? "Rendering…" : null;
  return (
    <li
      aria-label={label}
      aria-hidden={text ? undefined : true}
      className={cn(
        "grid aspect-video place-items-center rounded-xl bg-ink-800 text-sm text-zinc-400 ring-1 ring-white/5",
        text === null ? "animate-pulse" : null,
      )}
    >
      {text}
    </li>
  );
}
