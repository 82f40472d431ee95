import { Link, useLocation } from "@remix-run/react";

/** Newer/older links for a paged list; keeps the other query parameters (search, filter). */
export function Pager({ page, pageCount, label }: { page: number; pageCount: number; label: string }) {
  const { search } = useLocation();
  if (pageCount <= 1) return null;
  const to = (target: number) => {
    const params = new URLSearchParams(search);
    params.set("page", String(target));
    return `?${params}`;
  };
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? (
        <Link className="text-brand-400" to={to(page - 1)}>
          ← Newer
        </Link>
      ) : (
        <span />
      )}
      <span className="text-zinc-400">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link className="text-brand-400" to={to(page + 1)}>
          Older →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
