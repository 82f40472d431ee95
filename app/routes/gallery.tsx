import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { z } from "zod";
import { GenerationView } from "~/components/generation/generation-view";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { StatusBadge } from "~/components/status-badge";
import { Button } from "~/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { requireUserId } from "~/modules/auth/auth.server";
import { findCurrentGenerationId, getGeneration, listGenerations } from "~/modules/generations/generations.server";

export const meta: MetaFunction = () => [{ title: "Gallery · Thumbsmith" }];

const QuerySchema = z.object({
  tab: z.enum(["current", "history"]).catch("current"),
  page: z.coerce.number().int().min(1).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  // Only the open tab's data is loaded; the other tab is a link away.
  if (query.tab === "history") {
    return json({ tab: query.tab, history: await listGenerations(userId, { page: query.page }), current: null });
  }
  const currentId = await findCurrentGenerationId(userId);
  return json({ tab: query.tab, history: null, current: currentId ? await getGeneration(userId, currentId) : null });
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default function GalleryRoute() {
  const { tab, history, current } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title="Gallery" description="Watch a batch arrive, and find every batch you made." />
      <Tabs value={tab} onValueChange={(value) => navigate(`/gallery?tab=${value}`)}>
        <TabsList aria-label="Gallery views">
          <TabsTrigger value="current" asChild>
            <Link to="/gallery?tab=current">Current</Link>
          </TabsTrigger>
          <TabsTrigger value="history" asChild>
            <Link to="/gallery?tab=history">History</Link>
          </TabsTrigger>
        </TabsList>
        <TabsContent value="current">
          {current ? (
            <>
              <h2 className="mb-4 text-xl font-bold">
                <Link to={`/gallery/${current.id}`} className="hover:text-brand-300">
                  {current.keywords}
                </Link>
              </h2>
              <GenerationView key={current.id} initial={current} />
            </>
          ) : tab === "current" ? (
            <NothingYet />
          ) : null}
        </TabsContent>
        <TabsContent value="history">
          {history && history.total === 0 ? <NothingYet /> : null}
          {history && history.total > 0 ? (
            <>
              <ul aria-label="Past generations" className="flex flex-col gap-3">
                {history.generations.map((g) => (
                  <li key={g.id} className="flex flex-wrap items-center gap-4 rounded-xl bg-ink-900 p-4 ring-1 ring-white/5">
                    <div className="min-w-48 flex-1">
                      <Link to={`/gallery/${g.id}`} className="block truncate font-semibold hover:text-brand-300">
                        {g.keywords}
                      </Link>
                      <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-400">
                        <StatusBadge status={g.status} />
                        <span>{g.thumbnailCount} thumbnails</span>
                        <span>{dateFormat.format(new Date(g.createdAt))} UTC</span>
                      </p>
                    </div>
                    <div className="grid w-full grid-cols-4 gap-2 sm:flex sm:w-auto" aria-hidden>
                      {g.thumbnails.map((t) => (
                        <img key={t.id} src={`/resources/thumbnails/${t.id}?v=${t.version}`} alt="" loading="lazy" className="aspect-video w-full rounded-md object-cover sm:h-14 sm:w-24" />
                      ))}
                    </div>
                  </li>
                ))}
              </ul>
              {history.pageCount > 1 ? (
                <nav aria-label="History pages" className="mt-6 flex items-center justify-between text-sm">
                  {history.page > 1 ? <Link className="text-brand-400" to={`?tab=history&page=${history.page - 1}`}>← Newer</Link> : <span />}
                  <span className="text-zinc-400">
                    Page {history.page} of {history.pageCount}
                  </span>
                  {history.page < history.pageCount ? <Link className="text-brand-400" to={`?tab=history&page=${history.page + 1}`}>Older →</Link> : <span />}
                </nav>
              ) : null}
            </>
          ) : null}
        </TabsContent>
      </Tabs>
    </>
  );
}

function NothingYet() {
  return (
    <EmptyState
      title="Nothing generated yet"
      action={
        <Button asChild>
          <Link to="/generate">Make your first batch</Link>
        </Button>
      }
    >
      <p>Your thumbnails appear here as they are rendered, and stay here to download later.</p>
    </EmptyState>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
