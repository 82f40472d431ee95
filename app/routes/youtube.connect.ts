// Starts connecting a YouTube channel: to Google's consent page, with the
// attempt's state and PKCE verifier in a short-lived cookie.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { startConnect } from "~/modules/youtube/connect-flow.server";
import { requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const { url, cookie } = await startConnect(request, userId);
  return redirect(url, { headers: { "Set-Cookie": cookie } });
}
