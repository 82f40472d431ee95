import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GenerationView } from "~/components/generation/generation-view";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { requireUserId } from "~/modules/auth/auth.server";
import { InsufficientCreditsError } from "~/modules/credits/balance.server";
import { GenerationNotFoundError, regenerateGeneration, RegenerateRefusedError } from "~/modules/generations/create-generation.server";
import {
  deleteGeneration,
  deleteThumbnail,
  GenerationBusyError,
  getGeneration,
} from "~/modules/generations/generations.server";
import { createToastHeaders, redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.generation.keywords} · Thumbsmith` : "Generation · Thumbsmith" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const generation = await getGeneration(userId, params.generationId ?? "");
  if (!generation) throw new Response("Not found", { status: 404 });
  return json({ generation });
}

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("regenerate"), submissionKey: z.string().max(64).optional() }),
  z.object({ intent: z.literal("delete") }),
  z.object({ intent: z.literal("delete-thumbnail"), thumbnailId: z.string() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const generationId = params.generationId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") throw new Response("That action is not known.", { status: 400 });
  const input = submission.value;
  try {
    switch (input.intent) {
      case "regenerate": {
        const { id } = await regenerateGeneration(userId, generationId, input.submissionKey ?? null);
        return redirectWithToast(`/gallery/${id}`, {
          title: "Regenerating",
          description: "A new batch with the same portrait, topic images and settings has started.",
        });
      }
      case "delete":
        if (!(await deleteGeneration(userId, generationId))) throw new Response("Not found", { status: 404 });
        return redirectWithToast("/gallery?tab=history", { title: "Batch deleted" });
      case "delete-thumbnail":
        if (!(await deleteThumbnail(userId, generationId, input.thumbnailId))) throw new Response("Not found", { status: 404 });
        // Answered to a fetcher, which stays on the page: the toast shows once the page's data reloads.
        return json({ ok: true }, { headers: await createToastHeaders({ title: "Thumbnail deleted" }) });
    }
  } catch (error) {
    if (error instanceof GenerationNotFoundError) throw new Response("Not found", { status: 404 });
    if (error instanceof InsufficientCreditsError) throw new Response(error.message, { status: 402 });
    if (error instanceof RegenerateRefusedError) throw new Response(error.message, { status: 400 });
    if (error instanceof GenerationBusyError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}

export default function GenerationRoute() {
  const { generation } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title={generation.keywords}
        description={generation.headline ? `Headline: ${generation.headline}` : undefined}
        actions={
          <Link to="/gallery?tab=history" className="text-sm text-brand-400 hover:text-brand-300">
            ← All generations
          </Link>
        }
      />
      {generation.topicImageCount > 0 ? (
        <section aria-labelledby="topic-images-heading" className="-mt-4 mb-6 flex flex-wrap items-center gap-3">
          <h2 id="topic-images-heading" className="text-sm font-medium text-zinc-400">
            Topic images
          </h2>
          <ul className="flex flex-wrap gap-2">
            {Array.from({ length: generation.topicImageCount }, (_, index) => (
              <li key={index}>
                <a href={`/resources/generations/${generation.id}/topic-images/${index}`} target="_blank" rel="noreferrer">
                  <img
                    src={`/resources/generations/${generation.id}/topic-images/${index}`}
                    alt={`Topic image ${index + 1}`}
                    className="h-16 w-16 rounded-md object-cover ring-1 ring-white/10"
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <GenerationView key={generation.id} initial={generation} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
