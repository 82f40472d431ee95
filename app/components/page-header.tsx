import type { ReactNode } from "react";

export function PageHeader({ title, description, actions }: { title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4 pb-8 pt-12">
      <div>
        <h1 className="text-3xl font-black tracking-tight">{title}</h1>
        {description ? <p className="mt-2 max-w-2xl text-zinc-400">{description}</p> : null}
      </div>
      {actions}
    </div>
  );
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-4 rounded-2xl border border-dashed border-white/10 px-6 py-16 text-center">
      <h2 className="text-xl font-bold">{title}</h2>
      <div className="max-w-lg text-zinc-400">{children}</div>
      {action}
    </div>
  );
}
