// Any public video's picture (320x180), through the server, for any signed-in
// user: the Generate page shows the video it starts from without the browser
// talking to Google. (resources.youtube.thumbnails.$videoId serves the
// connected channel's videos only, and exists only with an OAuth client.)
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { fetchVideoThumbnail } from "~/modules/youtube/youtube-images.server";
import { pictureResponse } from "~/modules/youtube/youtube-routes.server";
import { VIDEO_ID_PATTERN } from "~/modules/youtube/video-url";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUserId(request);
  const videoId = params.videoId ?? "";
  if (!VIDEO_ID_PATTERN.test(videoId)) throw json({ message: "Not found" }, { status: 404 });
  // The same picture for every user: cached by the browser like the channel's own.
  return pictureResponse(await fetchVideoThumbnail(videoId));
}
