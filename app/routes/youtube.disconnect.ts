// Disconnects the user's channel: revoked at Google, deleted here.
import type { ActionFunctionArgs } from "@remix-run/node";
import { disconnectYoutube } from "~/modules/youtube/youtube-connection.server";
import { requireYoutubeUser } from "~/modules/youtube/youtube-routes.server";
import { redirectWithToast } from "~/utils/toast.server";

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireYoutubeUser(request);
  const result = await disconnectYoutube(userId);
  if (!result) return redirectWithToast("/account", { type: "message", title: "No YouTube channel was connected" });
  if (!result.revoked) {
    return redirectWithToast("/account", {
      type: "error",
      title: "Disconnected here; Google was not told",
      description:
        "Thumbsmith deleted its access to your channel, but Google did not confirm the revoke. Remove Thumbsmith under Third-party apps at myaccount.google.com/permissions to be sure.",
    });
  }
  return redirectWithToast("/account", { title: "YouTube channel disconnected", description: "Google no longer gives Thumbsmith access to it." });
}
