// Where Google sends the user back after the consent page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { finishConnect, forgetConnectAttempt } from "~/modules/youtube/connect-flow.server";
import { requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const result = await finishConnect(request, userId, new URL(request.url));
  const headers = { "Set-Cookie": await forgetConnectAttempt(request) };
  if (!result.ok) return redirectWithToast("/account", { type: "error", title: "YouTube channel not connected", description: result.message }, { headers });
  return redirectWithToast("/videos", { title: "YouTube channel connected", description: `${result.channelTitle} is connected.` }, { headers });
}
