import type { GenerationStatus } from "~/modules/generations/lifecycle";
import { cn } from "~/utils/misc";

const statusStyles: Record<GenerationStatus, string> = {
  pending: "bg-zinc-500/15 text-zinc-300 ring-zinc-500/30",
  processing: "bg-sky-500/15 text-sky-300 ring-sky-500/30",
  completed: "bg-emerald-500/15 text-emerald-300 ring-emerald-500/30",
  partial: "bg-amber-500/15 text-amber-300 ring-amber-500/30",
  failed: "bg-red-500/15 text-red-300 ring-red-500/30",
};

export function StatusBadge({ status }: { status: GenerationStatus }) {
  return (
    <span className={cn("rounded-full px-2.5 py-0.5 text-xs font-semibold capitalize ring-1", statusStyles[status])}>
      {status}
    </span>
  );
}
