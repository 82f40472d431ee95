import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Pager } from "~/components/pager";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import { listCompareSets } from "~/modules/compare/compare-sets.server";
import { dateTimeFormat } from "~/utils/misc";

export const meta: MetaFunction = () => [{ title: "Test & Compare · Thumbsmith" }];

const QuerySchema = z.object({ page: z.coerce.number().int().min(1).catch(1) });

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const { page } = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listCompareSets(userId, { page }));
}

export default function CompareSetsRoute() {
  const { sets, total, page, pageCount } = useLoaderData<typeof loader>();
  const newSet = (
    <Button asChild>
      <Link to="/compare/new">New Test & Compare set</Link>
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Test & Compare"
        description="Sets of 2 or 3 thumbnails, with titles, to try on one video with YouTube's Test & Compare."
        actions={total > 0 ? newSet : undefined}
      />
      {total === 0 ? (
        <EmptyState title="No sets yet" action={newSet}>
          <p>Pick 2 or 3 of your thumbnails, see them side by side in the feed at real sizes, and download them ready for YouTube Studio.</p>
        </EmptyState>
      ) : (
        <>
          <ul aria-label="Test & Compare sets" className="flex flex-col gap-3">
            {sets.map((set) => (
              <li key={set.id} className="flex flex-wrap items-center gap-4 rounded-xl bg-ink-900 p-4 ring-1 ring-white/5">
                <div className="min-w-48 flex-1">
                  <Link to={`/compare/${set.id}`} className="block truncate font-semibold hover:text-brand-300">
                    {set.name}
                  </Link>
                  <p className="mt-1 text-xs text-zinc-400">
                    {set.variants.length} variants · {dateTimeFormat.format(new Date(set.createdAt))} UTC
                  </p>
                </div>
                <div className="flex gap-2" aria-hidden>
                  {set.variants.map((v) =>
                    v.thumbnailId ? (
                      <img key={v.letter} src={`/resources/thumbnails/${v.thumbnailId}?v=${v.thumbnail?.version ?? 1}`} alt="" loading="lazy" className="h-14 w-24 rounded-md object-cover" />
                    ) : (
                      <span key={v.letter} className="grid h-14 w-24 place-items-center rounded-md border border-dashed border-white/10 text-xs text-zinc-400">
                        {v.letter} removed
                      </span>
                    ),
                  )}
                </div>
              </li>
            ))}
          </ul>
          <Pager page={page} pageCount={pageCount} label="Set pages" />
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
