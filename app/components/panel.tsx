import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "~/utils/misc";

/**
 * The look of a panel, for surfaces that are another element (a <Form>, a
 * tab's content): one place for it, so every panel on every page matches.
 */
export const panelClass = "rounded-2xl bg-ink-900 p-6 ring-1 ring-white/5";

const toneClass = { default: "", danger: "ring-red-500/20" } as const;

type PanelProps = Omit<HTMLAttributes<HTMLElement>, "title"> & {
  /** The panel's heading (an <h2>); the section is labelled by it. */
  title: ReactNode;
  /** Its id: a page with two panels of one kind needs ids of its own. */
  titleId: string;
  /** The heading is "font-semibold" unless told otherwise. */
  titleClassName?: string;
  /** Beside the heading, at the end of its row (a button, a search form). */
  aside?: ReactNode;
  /** Classes for the row of the heading and its aside. */
  headerClassName?: string;
  tone?: keyof typeof toneClass;
  children?: ReactNode;
};

/** A titled panel: a <section> labelled by its <h2>, on the dark card the app's pages are built from. */
export function Panel({ title, titleId, titleClassName, aside, headerClassName, tone = "default", className, children, ...props }: PanelProps) {
  const heading = (
    <h2 id={titleId} className={titleClassName ?? "font-semibold"}>
      {title}
    </h2>
  );
  return (
    <section aria-labelledby={titleId} className={cn(panelClass, toneClass[tone], className)} {...props}>
      {aside ? (
        <div className={cn("flex flex-wrap items-center justify-between gap-3", headerClassName)}>
          {heading}
          {aside}
        </div>
      ) : (
        heading
      )}
      {children}
    </section>
  );
}
