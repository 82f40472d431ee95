import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Button } from "~/components/ui/button";
import { Progress } from "~/components/ui/progress";
import { requireUserId } from "~/modules/auth/auth.server";
import { listGenerations } from "~/modules/generations/generations.server";

export const meta: MetaFunction = () => [{ title: "Gallery · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  return json({ generations: await listGenerations(userId) });
}

export default function GalleryRoute() {
  const { generations } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader title="Gallery" description="Every batch you generated, newest first." />
      {generations.length === 0 ? (
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
      ) : (
        <ul className="flex flex-col gap-3">
          {generations.map((g) => (
            <li key={g.id} className="flex items-center gap-4 rounded-xl bg-ink-900 p-4 ring-1 ring-white/5">
              <div className="min-w-0 flex-1">
                <Link to={`/gallery/${g.id}`} className="block truncate font-medium hover:text-brand-300">
                  {g.keywords}
                </Link>
                <p className="text-xs text-zinc-500">
                  {g.status} · {g.thumbnailCount} thumbnails
                </p>
              </div>
              <Progress value={g.progress} className="w-40" aria-label={`Progress of ${g.keywords}`} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
