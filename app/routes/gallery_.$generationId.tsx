import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { Progress } from "~/components/ui/progress";
import { requireUserId } from "~/modules/auth/auth.server";
import { getGeneration } from "~/modules/generations/generations.server";
import { StatusBadge } from "~/components/status-badge";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.generation.keywords} · Thumbsmith` : "Generation · Thumbsmith" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const generation = await getGeneration(userId, params.generationId ?? "");
  if (!generation) throw new Response("Not found", { status: 404 });
  return json({ generation });
}

export default function GenerationRoute() {
  const { generation } = useLoaderData<typeof loader>();
  const running = generation.status === "pending" || generation.status === "processing";
  return (
    <>
      <PageHeader
        title={generation.keywords}
        description={
          <span className="flex flex-wrap items-center gap-3">
            <StatusBadge status={generation.status} />
            <span>
              {generation.promptCount} headlines × {generation.backgroundCount} backgrounds ={" "}
              {generation.thumbnailCount} thumbnails
            </span>
          </span>
        }
        actions={
          <Link to="/gallery" className="text-sm text-brand-400 hover:text-brand-300">
            ← All generations
          </Link>
        }
      />
      <section aria-label="Progress" className="mb-8 flex flex-col gap-2">
        <Progress value={generation.progress} aria-label="Generation progress" />
        <p className="text-sm text-zinc-400" data-testid="current-step">
          {running ? (generation.currentStep ?? "Waiting for a free renderer") : generation.currentStep}
        </p>
        {generation.errorMessage ? <p className="text-sm text-amber-300">{generation.errorMessage}</p> : null}
      </section>
      <ul aria-label="Thumbnails" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {generation.thumbnails.map((t) => (
          <li key={t.id} className="overflow-hidden rounded-xl bg-ink-900 ring-1 ring-white/5">
            {t.status === "success" ? (
              <img
                src={`/resources/thumbnails/${t.id}`}
                alt={`Thumbnail ${t.promptIndex + 1}.${t.backgroundIndex + 1}: ${t.prompt}`}
                className="aspect-video w-full object-cover"
                loading="lazy"
              />
            ) : (
              <div className="grid aspect-video place-items-center bg-ink-800 text-sm text-zinc-500">
                {t.status === "failed" ? "Could not be made" : "Rendering…"}
              </div>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
