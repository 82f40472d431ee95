import { useId, type InputHTMLAttributes, type LabelHTMLAttributes } from "react";
import { cn } from "~/utils/misc";

export type ListOfErrors = Array<string | null | undefined> | null | undefined;

export function ErrorList({ id, errors }: { id?: string; errors?: ListOfErrors }) {
  const shown = errors?.filter(Boolean);
  if (!shown?.length) return null;
  return (
    // The alert wraps the list: a <ul> given role="alert" stops being a list, and its items lose their parent.
    <div id={id} role="alert">
      <ul className="flex flex-col gap-1">
        {shown.map((e) => (
          <li key={e} className="text-sm text-red-400">
            {e}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A labelled input with its errors, linked by aria-describedby. */
export function Field({
  labelProps,
  inputProps,
  errors,
  hint,
  className,
}: {
  labelProps: LabelHTMLAttributes<HTMLLabelElement> & { children: React.ReactNode };
  inputProps: InputHTMLAttributes<HTMLInputElement>;
  errors?: ListOfErrors;
  hint?: string;
  className?: string;
}) {
  const fallbackId = useId();
  const id = inputProps.id ?? fallbackId;
  const errorId = errors?.length ? `${id}-error` : undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <label htmlFor={id} className="text-sm font-medium text-zinc-200" {...labelProps} />
      <input
        id={id}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[errorId, hintId].filter(Boolean).join(" ") || undefined}
        className={cn(
          "h-11 rounded-lg bg-ink-800 px-3 text-zinc-100 ring-1 ring-white/10 placeholder:text-zinc-400",
          "focus:outline-none focus:ring-2 focus:ring-brand-400 aria-[invalid=true]:ring-red-500",
        )}
        {...inputProps}
      />
      {hint ? (
        <p id={hintId} className="text-xs text-zinc-400">
          {hint}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}
