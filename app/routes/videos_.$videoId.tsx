// One of the user's videos: the thumbnails Thumbsmith set on it, Put the old
// one back, and the daily views around the latest change.
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { ViewsChart } from "~/components/youtube/views-chart";
import { YoutubeProblemNotice } from "~/components/youtube/youtube-problem";
import { listVideoSets, putBackPrevious, requireOwnVideo } from "~/modules/youtube/thumbnail-sets.server";
import { dailyViewsAround } from "~/modules/youtube/video-analytics.server";
import { getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { YoutubeError } from "~/modules/youtube/youtube-errors.server";
import { VIDEO_ID } from "~/modules/youtube/youtube-images.server";
import { requireYoutubeUser, youtubeProblemResponse, type YoutubeProblem } from "~/modules/youtube/youtube-routes.server";
import { readForm } from "~/utils/form.server";
import { dateTimeFormat } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.video?.title ?? data?.sets[0]?.videoTitle ?? "Video"} · Thumbsmith` }];

const notFound = () => json({ message: "Not found" }, { status: 404 });

const problemOf = (error: YoutubeError): YoutubeProblem => ({ kind: error.kind, message: error.userMessage });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const videoId = params.videoId ?? "";
  if (!VIDEO_ID.test(videoId) || !(await getConnectionSummary(userId))) throw notFound();
  const sets = await listVideoSets(userId, videoId);
  let video = null;
  try {
    video = await requireOwnVideo(userId, videoId);
  } catch (error) {
    if (!(error instanceof YoutubeError)) throw error;
    if (error.kind === "not-your-video") throw notFound();
    // Deleted, or YouTube cannot be asked: what Thumbsmith recorded is still shown.
    return json({ videoId, video: null, sets, views: null, problem: problemOf(error) });
  }
  const latest = sets[0];
  if (!latest) return json({ videoId, video, sets, views: null, problem: null });
  try {
    const views = await dailyViewsAround(userId, videoId, new Date(latest.setAt));
    return json({ videoId, video, sets, views, problem: null });
  } catch (error) {
    if (!(error instanceof YoutubeError)) throw error;
    return json({ videoId, video, sets, views: null, problem: problemOf(error) });
  }
}

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [z.object({ intent: z.literal("put-back"), thumbnailSetId: z.string().min(1).max(64) })]);

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") throw new Response("That action is not known.", { status: 400 });
  let result;
  try {
    result = await putBackPrevious(userId, submission.value.thumbnailSetId);
  } catch (error) {
    return youtubeProblemResponse(error, "putting a thumbnail back");
  }
  // Another user's set, or one on another video than the page's.
  if (!result || result.videoId !== params.videoId) throw notFound();
  return redirectWithToast(`/videos/${result.videoId}`, { title: "Old thumbnail put back", description: "The video shows the thumbnail it had before again." });
}

export default function VideoRoute() {
  const { videoId, video, sets, views, problem } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const failure = answer && "problem" in answer ? answer.problem : null;
  const title = video?.title ?? sets[0]?.videoTitle ?? videoId;
  return (
    <>
      <PageHeader
        title={title}
        description="The thumbnails Thumbsmith set on this video, and its daily views around the latest change."
        actions={
          <div className="flex items-center gap-4">
            <Link to="/videos" className="text-sm text-brand-400 hover:text-brand-300">
              ← All videos
            </Link>
            {/* A new batch for this video: its title as the keywords, its thumbnail beside the candidates. */}
            <Button asChild size="sm">
              <Link to={`/generate?video=${videoId}`}>
                Generate<span className="sr-only"> thumbnails for this video</span>
              </Link>
            </Button>
          </div>
        }
      />
      {failure ? <YoutubeProblemNotice problem={failure} testId="put-back-problem" /> : null}
      {problem ? <YoutubeProblemNotice problem={problem} testId="youtube-problem" /> : null}
      <div className="mb-8 flex flex-wrap items-start gap-6">
        <figure>
          <img src={`/resources/youtube/thumbnails/${videoId}`} alt="The video's thumbnail on YouTube now" width={320} height={180} className="aspect-video w-64 rounded-xl object-cover ring-1 ring-white/10" />
          <figcaption className="mt-1 text-xs text-zinc-400">On YouTube now (it may take a few minutes to change)</figcaption>
        </figure>
      </div>
      <section aria-label="Thumbnails set on this video" className="mb-8">
        <h2 className="mb-3 font-semibold">Set from Thumbsmith</h2>
        {sets.length === 0 ? (
          <p className="text-sm text-zinc-400">
            None yet. Pick a thumbnail in your <Link to="/gallery" className="text-brand-300 hover:underline">gallery</Link> and choose “Set on a YouTube video…” in its menu.
          </p>
        ) : (
          <ol className="flex flex-col gap-3">
            {sets.map((set) => (
              <li key={set.id} data-testid="thumbnail-set" className="flex flex-wrap items-center gap-4 rounded-xl bg-ink-900 p-3 ring-1 ring-white/5">
                {set.thumbnailId ? (
                  <img src={`/resources/thumbnails/${set.thumbnailId}?v=${set.thumbnailVersion}`} alt="The thumbnail set" width={160} height={90} className="aspect-video w-40 rounded-md object-cover" />
                ) : (
                  <div className="grid aspect-video w-40 place-items-center rounded-md bg-ink-700 text-xs text-zinc-400">Deleted from Thumbsmith</div>
                )}
                <div className="min-w-0 flex-1 text-sm">
                  <p>
                    Version {set.thumbnailVersion}, set <time dateTime={set.setAt}>{dateTimeFormat.format(new Date(set.setAt))}</time> UTC
                  </p>
                  {set.restoredAt ? (
                    <p className="text-zinc-400">
                      Old thumbnail put back <time dateTime={set.restoredAt}>{dateTimeFormat.format(new Date(set.restoredAt))}</time> UTC
                    </p>
                  ) : null}
                </div>
                {set.restoredAt ? null : (
                  <ConfirmDialog
                    trigger={<Button variant="secondary" size="sm">Put the old one back</Button>}
                    title="Put the old thumbnail back?"
                    description="The video gets back the thumbnail it had before this one was set (Thumbsmith saved a copy of it first)."
                    action={
                      <Form method="post">
                        <input type="hidden" name="thumbnailSetId" value={set.id} />
                        <Button type="submit" name="intent" value="put-back" disabled={navigation.state !== "idle"}>
                          Put it back
                        </Button>
                      </Form>
                    }
                  />
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      {views ? (
        <section aria-label="Daily views" className="mb-8">
          <h2 className="mb-1 font-semibold">Daily views, 7 days before and after the change</h2>
          <p className="mb-3 text-sm text-amber-200">
            Views are not click-through rate: they move with the season, the algorithm and everything else, not only the thumbnail.
          </p>
          <ViewsChart days={views.days} changeDay={views.changeDay} />
        </section>
      ) : null}
      <p className="text-sm text-zinc-400">
        YouTube Studio's own Test & Compare (A/B testing of thumbnails) has no API, so Thumbsmith cannot start one. Make a{" "}
        <Link to="/compare" className="text-brand-300 hover:underline">
          Test & Compare set
        </Link>{" "}
        here, download it, and upload the variants in YouTube Studio.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
