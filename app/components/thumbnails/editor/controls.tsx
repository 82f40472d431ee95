import { ErrorList } from "~/components/forms";

/** A radio group drawn as a row of buttons; the radios stay real (arrow keys move the choice). */
export function ChoiceGroup<V extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  errors,
  errorId,
}: {
  legend: string;
  name: string;
  value: V;
  options: { value: V; label: string }[];
  onChange(value: V): void;
  errors?: string[];
  errorId?: string;
}) {
  return (
    <fieldset aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="mb-2 text-sm font-medium text-zinc-200">{legend}</legend>
      <div className="flex flex-wrap gap-2">
        {options.map((option) => (
          <label key={option.value} className="cursor-pointer">
            <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} className="peer sr-only" />
            <span className="block rounded-lg bg-ink-800 px-3 py-1.5 text-sm text-zinc-300 ring-1 ring-white/10 peer-checked:bg-brand-700 peer-checked:text-white peer-focus-visible:ring-2 peer-focus-visible:ring-brand-400">
              {option.label}
            </span>
          </label>
        ))}
      </div>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  );
}


/** A slider with its value shown beside its label (and read out as that text). */
export function Range({
  label,
  name,
  value,
  min,
  max,
  step,
  shown,
  onChange,
}: {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  step: number;
  shown: string;
  onChange(value: number): void;
}) {
  const id = `range-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-sm">
        <label htmlFor={id} className="text-zinc-300">
          {label}
        </label>
        <output htmlFor={id} className="text-zinc-400">
          {shown}
        </output>
      </div>
      <input
        id={id}
        type="range"
        name={name}
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={shown}
        onChange={(e) => onChange(Number(e.target.value))}
        className="accent-brand-500"
      />
    </div>
  );
}
