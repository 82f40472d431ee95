// "Set on a YouTube video…": pick one of your recent uploads, confirm, and
// the thumbnail's current version becomes the video's thumbnail.
import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { YoutubeProblemNotice } from "~/components/youtube/youtube-problem";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { listRecentUploads } from "~/modules/youtube/recent-uploads.server";
import type { Video } from "~/modules/youtube/youtube-api.server";
import { getThumbnailToSet, setThumbnailOnVideo } from "~/modules/youtube/thumbnail-sets.server";
import { getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { YoutubeError } from "~/modules/youtube/youtube-errors.server";
import { VIDEO_ID } from "~/modules/youtube/youtube-images.server";
import { requireYoutubeUser, youtubeProblemResponse } from "~/modules/youtube/youtube-routes.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Set on a YouTube video · Thumbsmith" }];

const notFound = () => json({ message: "Not found" }, { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const thumbnail = await getThumbnailToSet(userId, params.thumbnailId ?? "");
  // Only with a channel connected: the menu item is not shown otherwise.
  if (!thumbnail || !(await getConnectionSummary(userId))) throw notFound();
  try {
    return json({ thumbnail, videos: await listRecentUploads(userId), problem: null as { kind: string; message: string } | null });
  } catch (error) {
    if (!(error instanceof YoutubeError)) throw error;
    return json({ thumbnail, videos: [] as Video[], problem: { kind: error.kind, message: error.userMessage } });
  }
}

export const ActionSchema = z.object({ videoId: z.string().regex(VIDEO_ID, "Pick one of your videos.") });

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const thumbnailId = params.thumbnailId ?? "";
  // Whose thumbnail it is comes first: another user's gets 404 whatever the form says.
  if (!(await getThumbnailToSet(userId, thumbnailId))) throw notFound();
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") return json({ problem: { kind: "refused" as const, message: "Pick one of your videos." } }, { status: 400 });
  let result;
  try {
    result = await setThumbnailOnVideo(userId, thumbnailId, submission.value.videoId);
  } catch (error) {
    return youtubeProblemResponse(error, "setting a thumbnail");
  }
  if (!result) throw notFound();
  return redirectWithToast(`/videos/${result.videoId}`, {
    title: "Thumbnail set",
    description: `It is now the thumbnail of “${result.videoTitle}” on YouTube. YouTube may take a few minutes to show it everywhere.`,
  });
}

export default function SetOnYoutubeRoute() {
  const { thumbnail, videos, problem } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const navigation = useNavigation();
  const [videoId, setVideoId] = useState<string | null>(null);
  const chosen = videos.find((v) => v.id === videoId);
  const failure = answer && "problem" in answer ? answer.problem : null;
  return (
    <>
      <PageHeader
        title="Set on a YouTube video"
        description="Pick one of your recent uploads. This thumbnail's current version replaces the video's thumbnail on YouTube; the old one is kept so you can put it back."
        actions={
          <Link to={`/gallery/${thumbnail.generationId}`} className="text-sm text-brand-400 hover:text-brand-300">
            ← Back to the batch
          </Link>
        }
      />
      <div className="mb-6 flex items-center gap-4">
        <img src={`/resources/thumbnails/${thumbnail.id}?v=${thumbnail.version}`} alt="The thumbnail to set" width={320} height={180} className="aspect-video w-64 rounded-xl object-cover ring-1 ring-white/10" />
        <p className="text-sm text-zinc-400">
          {thumbnail.keywords} · version {thumbnail.version}
        </p>
      </div>
      {failure ? <YoutubeProblemNotice problem={failure} testId="set-problem" /> : null}
      {problem ? (
        <YoutubeProblemNotice problem={problem} testId="youtube-problem" />
      ) : videos.length === 0 ? (
        <p className="text-zinc-400">This channel has no uploads yet.</p>
      ) : (
        <>
          <fieldset>
            <legend className="mb-3 font-semibold">Your recent uploads</legend>
            <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
              {videos.map((video) => (
                <li key={video.id}>
                  <label className="flex cursor-pointer items-center gap-3 rounded-xl bg-ink-900 p-2 ring-1 ring-white/5 has-[:checked]:ring-brand-500">
                    <input type="radio" name="video" value={video.id} checked={videoId === video.id} onChange={() => setVideoId(video.id)} className="accent-brand-500" />
                    <img src={`/resources/youtube/thumbnails/${video.id}`} alt="" width={120} height={68} className="aspect-video w-28 rounded-md object-cover" loading="lazy" />
                    <span className="line-clamp-2 text-sm">{video.title}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="mt-6">
            <ConfirmDialog
              trigger={<Button disabled={!chosen}>Set thumbnail…</Button>}
              title={chosen ? `Replace the thumbnail of “${chosen.title}”?` : "Replace the thumbnail?"}
              description="YouTube shows the new one at once. Thumbsmith keeps the current one first, so Put the old one back on the video's page restores it."
              action={
                <Form method="post">
                  <input type="hidden" name="videoId" value={videoId ?? ""} />
                  <Button type="submit" disabled={navigation.state !== "idle"}>
                    Set thumbnail
                  </Button>
                </Form>
              }
            />
          </div>
        </>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
