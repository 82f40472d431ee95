// A video's thumbnail from YouTube, through the server (the page loads nothing from Google).
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { fetchVideoThumbnail, VIDEO_ID } from "~/modules/youtube/youtube-images.server";
import { pictureResponse, requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const videoId = params.videoId ?? "";
  // Only for users with a channel: not a picture proxy for anyone signed in.
  if (!VIDEO_ID.test(videoId) || !(await getConnectionSummary(userId))) throw json({ message: "Not found" }, { status: 404 });
  return pictureResponse(await fetchVideoThumbnail(videoId));
}
