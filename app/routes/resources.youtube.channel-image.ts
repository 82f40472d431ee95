// The connected channel's picture, through the server.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getChannelImageUrl, getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { fetchChannelImage } from "~/modules/youtube/youtube-images.server";
import { pictureResponse, requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  if (!(await getConnectionSummary(userId))) throw json({ message: "Not found" }, { status: 404 });
  const address = await getChannelImageUrl(userId);
  return pictureResponse(address ? await fetchChannelImage(address) : null);
}
