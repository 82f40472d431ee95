import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { YoutubeProblemNotice } from "~/components/youtube/youtube-problem";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Button } from "~/components/ui/button";
import { listRecentUploads, RECENT_UPLOADS } from "~/modules/youtube/recent-uploads.server";
import { getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { YoutubeError } from "~/modules/youtube/youtube-errors.server";
import { requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";
import { logger } from "~/utils/logger.server";

export const meta: MetaFunction = () => [{ title: "Your videos · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const connection = await getConnectionSummary(userId);
  // The count comes with the data: a constant of a .server module is undefined in the browser (and the page would not hydrate).
  const recent = RECENT_UPLOADS;
  if (!connection) return json({ channelTitle: null, videos: [], problem: null, recent });
  try {
    const videos = await listRecentUploads(userId);
    return json({ channelTitle: connection.channelTitle, videos, problem: null, recent });
  } catch (error) {
    if (!(error instanceof YoutubeError)) throw error;
    logger.warn(`youtube: listing a channel's uploads failed: ${error.detail}`);
    return json({ channelTitle: connection.channelTitle, videos: [], problem: { kind: error.kind, message: error.userMessage }, recent });
  }
}

const viewsFormat = new Intl.NumberFormat("en", { notation: "compact" });
const dayFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

export default function VideosRoute() {
  const { channelTitle, videos, problem, recent } = useLoaderData<typeof loader>();
  if (channelTitle === null) {
    return (
      <>
        <PageHeader title="Your videos" />
        <EmptyState title="No YouTube channel connected" action={<Link to="/account" className="text-brand-300 hover:underline">Connect it on the Account page</Link>}>
          Connect your channel to see your recent uploads here.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Your videos" description={`The ${recent} most recent uploads of ${channelTitle}.`} />
      {problem ? (
        <YoutubeProblemNotice problem={problem} testId="youtube-problem" />
      ) : videos.length === 0 ? (
        <EmptyState title="No uploads yet">This channel has no public, unlisted or private uploads yet.</EmptyState>
      ) : (
        <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3" aria-label="Recent uploads">
          {videos.map((video) => (
            <li key={video.id} data-testid="youtube-video" className="overflow-hidden rounded-2xl bg-ink-900 ring-1 ring-white/5">
              <img src={`/resources/youtube/thumbnails/${video.id}`} alt="" width={320} height={180} className="aspect-video w-full bg-ink-700 object-cover" loading="lazy" />
              <div className="p-4">
                <h2 className="line-clamp-2 font-semibold">
                  <Link to={`/videos/${video.id}`} className="hover:text-brand-300">
                    {video.title}
                  </Link>
                </h2>
                <p className="mt-1 text-sm text-zinc-400">
                  <time dateTime={video.publishedAt}>{dayFormat.format(new Date(video.publishedAt))}</time>
                  {" · "}
                  {video.views === null ? "views hidden" : `${viewsFormat.format(video.views)} views`}
                </p>
                {/* The Generate page looks the video up itself: its title becomes the keywords, and the batch's
                    feed preview shows this video's current thumbnail beside the candidates. */}
                <Button asChild size="sm" variant="secondary" className="mt-3">
                  <Link to={`/generate?video=${video.id}`}>
                    Generate<span className="sr-only"> thumbnails for “{video.title}”</span>
                  </Link>
                </Button>
              </div>
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
