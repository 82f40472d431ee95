// The Generate page's "Look up": a pasted YouTube link's title and picture,
// for any signed-in user (no channel needed). The Generate action looks the
// video up again itself; this answer only fills the page.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUserId } from "~/modules/auth/auth.server";
import { KEYWORDS_MAX } from "~/modules/generations/validation";
import { lookupVideo } from "~/modules/youtube/video-lookup.server";
import { keywordsFromTitle, VIDEO_URL_MAX_LENGTH, VIDEO_URL_MESSAGES, type VideoLookupAnswer } from "~/modules/youtube/video-url";

const Query = z.object({ url: z.string().trim().min(1).max(VIDEO_URL_MAX_LENGTH) });

// A link YouTube refuses is an answer, not a failed request: 200 with the sentence for the field.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireUserId(request);
  const query = Query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return json<VideoLookupAnswer>({ error: VIDEO_URL_MESSAGES.notALink }, { headers: { "Cache-Control": "no-store" } });
  const video = await lookupVideo(query.data.url);
  if (!video.ok) return json<VideoLookupAnswer>({ error: video.error }, { headers: { "Cache-Control": "no-store" } });
  return json<VideoLookupAnswer>(
    {
      videoId: video.videoId,
      title: video.title,
      keywords: keywordsFromTitle(video.title, KEYWORDS_MAX),
      thumbnailUrl: `/resources/youtube/video-picture/${video.videoId}`,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
