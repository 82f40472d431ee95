import type { LegibilityCheck } from "~/modules/thumbnails/legibility";
import { cn } from "~/utils/misc";

/** Each check as pass or warn, with its measured value and the one-line reason. */
export function LegibilityChecks({ checks, className }: { checks: LegibilityCheck[]; className?: string }) {
  return (
    <ul className={cn("flex flex-col gap-2", className)} aria-label="Legibility checks">
      {checks.map((check) => (
        <li key={check.id} className="flex items-start gap-2 text-sm">
          <span
            className={cn(
              "mt-0.5 shrink-0 rounded px-1.5 text-[11px] font-bold uppercase leading-5",
              check.ok ? "bg-emerald-500/15 text-emerald-300" : "bg-amber-500/15 text-amber-300",
            )}
          >
            {check.ok ? "Pass" : "Warn"}
          </span>
          <span className="min-w-0">
            <span className="font-medium text-zinc-100">{check.label}</span>
            <span className="text-zinc-400"> · {check.value}</span>
            <span className="block text-xs text-zinc-400">{check.reason}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
