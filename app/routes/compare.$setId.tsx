import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DownloadIcon } from "~/components/icons";
import { FeedTile, type FeedSize } from "~/components/generation/feed-preview";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import { hasYoutubeChannel } from "~/modules/youtube/youtube-connection.server";
import { deleteCompareSet, getCompareSet } from "~/modules/compare/compare-sets.server";
import { MIN_VARIANTS } from "~/modules/compare/validation";
import { cn, dateTimeFormat } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.set.name} · Test & Compare · Thumbsmith` : "Test & Compare · Thumbsmith" },
];

// The sizes YouTube's feed draws a thumbnail at: home grid, "up next" sidebar, phone.
const SIZES: FeedSize[] = [
  { id: "home", label: "Home feed", width: 360, height: 202 },
  { id: "sidebar", label: "Up next sidebar", width: 168, height: 94 },
  { id: "mobile", label: "Mobile", width: 320, height: 180 },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const set = await getCompareSet(userId, params.setId ?? "");
  if (!set) throw new Response("Not found", { status: 404 });
  return json({ set, hasYoutubeChannel: await hasYoutubeChannel(userId) });
}

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("delete") })]);

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") throw new Response("That action is not known.", { status: 400 });
  if (!(await deleteCompareSet(userId, params.setId ?? ""))) throw new Response("Not found", { status: 404 });
  return redirectWithToast("/compare", { title: "Set deleted", description: "Its thumbnails are still in your gallery." });
}

export default function CompareSetRoute() {
  const { set, hasYoutubeChannel } = useLoaderData<typeof loader>();
  const present = set.variants.filter((v) => v.thumbnail);
  const exportable = present.length >= MIN_VARIANTS;
  return (
    <>
      <PageHeader
        title={set.name}
        description={`Test & Compare set of ${set.variants.length}, made ${dateTimeFormat.format(new Date(set.createdAt))} UTC. Upload A, B${set.variants.length > 2 ? " and C" : ""} in YouTube Studio's Test & Compare.`}
        actions={
          <div className="flex items-center gap-3">
            <Link to="/compare" className="text-sm text-brand-400 hover:text-brand-300">
              ← All sets
            </Link>
            {exportable ? (
              <Button asChild>
                <a href={`/resources/compare/${set.id}/zip`} download>
                  <DownloadIcon /> Download set (ZIP)
                </a>
              </Button>
            ) : null}
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="ghost">
                  Delete set
                </Button>
              }
              title="Delete this set?"
              description="Only the set goes: its thumbnails stay in your gallery."
              action={
                <Form method="post">
                  <Button type="submit" name="intent" value="delete" variant="danger">
                    Delete set
                  </Button>
                </Form>
              }
            />
          </div>
        }
      />
      {!exportable ? (
        <p role="alert" className="mb-6 rounded-xl bg-amber-500/10 p-4 text-sm text-amber-200 ring-1 ring-amber-500/30">
          Test & Compare needs at least {MIN_VARIANTS} thumbnails, and only {present.length} of this set's are left. Make a new set with the ones you want.
        </p>
      ) : null}
      <ol aria-label="Variants" className="mb-8 grid grid-cols-1 gap-4 md:grid-cols-3">
        {set.variants.map((v) => (
          <li key={v.letter} aria-label={`Variant ${v.letter}`} className="flex min-w-0 flex-col gap-2 rounded-xl bg-ink-900 p-3 ring-1 ring-white/5">
            <p className="text-sm">
              <strong className="mr-2 text-lg">{v.letter}</strong>
              <span className="text-zinc-300">{v.title ?? <span className="text-zinc-400">No title: the video's own</span>}</span>
            </p>
            {v.thumbnail ? (
              <p className="truncate text-xs text-zinc-400">
                <Link to={`/gallery/${v.thumbnail.generationId}`} className="hover:text-brand-300">
                  {v.thumbnail.keywords}
                </Link>{" "}
                · {v.thumbnail.label}
              </p>
            ) : (
              <p className="text-xs text-amber-300">Variant removed: its thumbnail was deleted.</p>
            )}
            {v.thumbnail && hasYoutubeChannel ? (
              <Link to={`/thumbnails/${v.thumbnail.id}/set-on-youtube`} className="text-xs text-brand-400 hover:text-brand-300">
                Set {v.letter} on a YouTube video…
              </Link>
            ) : null}
          </li>
        ))}
      </ol>
      {(["dark", "light"] as const).map((theme) => (
        <FeedMockup key={theme} theme={theme} set={set} />
      ))}
    </>
  );
}

type SetData = ReturnType<typeof useLoaderData<typeof loader>>["set"];

/** Every variant side by side at each feed size, in one of YouTube's themes. */
function FeedMockup({ theme, set }: { theme: "dark" | "light"; set: SetData }) {
  const dark = theme === "dark";
  const heading = dark ? "Dark feed" : "Light feed";
  return (
    <section aria-label={heading} className="mb-8">
      <h2 className="mb-3 font-semibold">{heading}</h2>
      <div className={cn("flex flex-col gap-8 rounded-2xl p-3 sm:p-5", dark ? "bg-[#0f0f0f] text-white" : "bg-white text-[#0f0f0f]")}>
        {SIZES.map((size) => (
          <div key={size.id}>
            <h3 className={cn("mb-3 text-xs font-semibold uppercase tracking-wide", dark ? "text-[#aaa]" : "text-[#606060]")}>
              {size.label} · {size.width}×{size.height}
            </h3>
            <div className="flex flex-wrap items-start gap-6">
              {set.variants.map((v) =>
                v.thumbnail ? (
                  <FeedTile
                    key={v.letter}
                    src={`/resources/thumbnails/${v.thumbnail.id}?v=${v.thumbnail.version}`}
                    alt={`Variant ${v.letter}, ${size.label}, ${theme}`}
                    title={v.title ?? set.name}
                    size={size}
                    dark={dark}
                  />
                ) : (
                  <div
                    key={v.letter}
                    className="grid max-w-full place-items-center rounded-xl border border-dashed border-current/20 text-center text-xs opacity-60"
                    style={{ width: size.width, aspectRatio: `${size.width} / ${size.height}` }}
                  >
                    Variant {v.letter} removed
                  </div>
                ),
              )}
            </div>
          </div>
        ))}
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
