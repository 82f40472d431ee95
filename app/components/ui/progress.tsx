import * as ProgressPrimitive from "@radix-ui/react-progress";
import { forwardRef, type ComponentPropsWithoutRef, type ElementRef } from "react";
import { cn } from "~/utils/misc";

/**
 * A progress bar (0..max) with role="progressbar" and aria values. A null
 * value is indeterminate (work started, nothing to count yet): a sweeping
 * band, and no aria-valuenow, rather than a made-up percentage.
 */
export const Progress = forwardRef<
  ElementRef<typeof ProgressPrimitive.Root>,
  ComponentPropsWithoutRef<typeof ProgressPrimitive.Root>
>(({ className, value, max = 100, ...props }, ref) => {
  const indeterminate = value === null;
  const clamped = Math.min(max, Math.max(0, value ?? 0));
  return (
    <ProgressPrimitive.Root
      ref={ref}
      value={indeterminate ? null : clamped}
      max={max}
      className={cn("relative h-3 w-full overflow-hidden rounded-full bg-ink-700", className)}
      {...props}
    >
      {indeterminate ? (
        <ProgressPrimitive.Indicator className="h-full w-1/3 animate-progress-sweep rounded-full bg-gradient-to-r from-brand-500/40 via-brand-500 to-amber-400/40 motion-reduce:w-full motion-reduce:animate-none motion-reduce:opacity-40" />
      ) : (
        <ProgressPrimitive.Indicator
          className="h-full w-full rounded-full bg-gradient-to-r from-brand-500 to-amber-400 transition-transform duration-300 ease-out"
          style={{ transform: `translateX(-${100 - (clamped / max) * 100}%)` }}
        />
      )}
    </ProgressPrimitive.Root>
  );
});
Progress.displayName = "Progress";
