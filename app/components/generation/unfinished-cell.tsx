import { isTerminal } from "~/modules/generations/lifecycle";
import { cn } from "~/utils/misc";
import { describeCell } from "./activity";

/**
 * The tile of a cell without a finished image, saying where it really is
 * (queued, sent to the provider, generating, downloading, failed). `status`
 * is null for a cell the runner has not planned yet. Once the generation is
 * terminal nothing renders any more, whatever a cell's row still says (rows
 * from before the runner failed leftover cells, or an event stream that ended
 * before the cells' last update), so such a tile never claims to be working.
 */
export function UnfinishedCell({
  status,
  stage = null,
  generationStatus,
  providerLabel = "the provider",
  label,
}: {
  status: string | null;
  stage?: string | null;
  generationStatus: string;
  providerLabel?: string;
  label?: string;
}) {
  const text =
    status === null && !isTerminal(generationStatus) ? null : describeCell(status ? { status, stage } : null, generationStatus, providerLabel);
  return (
    <li
      aria-label={label}
      aria-hidden={text ? undefined : true}
      data-testid={text ? "cell-state" : undefined}
      className={cn(
        "grid aspect-video place-items-center rounded-xl bg-ink-800 text-sm text-zinc-400 ring-1 ring-white/5",
        // Only the empty placeholder pulses: a fading label would fall below AA contrast.
        text === null ? "animate-pulse" : null,
      )}
    >
      {text}
    </li>
  );
}
