import { Form, Link, useNavigation } from "@remix-run/react";
import { Panel } from "~/components/panel";
import { Button } from "~/components/ui/button";
import type { ConnectionSummary } from "~/modules/youtube/youtube-connection.server";

/** The Account page's "YouTube channel" section: Connect, or the connected channel with Disconnect. */
export function YoutubeChannelSection({ connection }: { connection: ConnectionSummary | null }) {
  const navigation = useNavigation();
  const leaving = navigation.state !== "idle" && navigation.formAction?.startsWith("/youtube/");
  return (
    <Panel title="YouTube channel" titleId="youtube-heading">
      {connection ? (
        <>
          <div className="mt-4 flex items-center gap-4">
            <img
              src="/resources/youtube/channel-image"
              alt=""
              width={48}
              height={48}
              className="h-12 w-12 rounded-full bg-ink-700 object-cover"
            />
            <div>
              <p className="font-semibold" data-testid="youtube-channel-title">
                {connection.channelTitle}
              </p>
              {connection.needsReconnect ? (
                <p className="text-sm text-amber-300" role="status">
                  YouTube no longer accepts Thumbsmith's access: reconnect your channel.
                </p>
              ) : (
                <Link to="/videos" className="text-sm text-brand-300 hover:underline">
                  Your videos
                </Link>
              )}
            </div>
          </div>
          <div className="mt-4 flex flex-wrap gap-3">
            {connection.needsReconnect ? <ConnectButton label="Reconnect your channel" busy={leaving} /> : null}
            <Form method="post" action="/youtube/disconnect">
              <Button type="submit" variant="secondary" disabled={leaving}>
                Disconnect
              </Button>
            </Form>
          </div>
        </>
      ) : (
        <>
          <p className="mt-1 text-sm text-zinc-400">
            Connect your channel to see your recent uploads and their views on a Videos page. Google asks you to allow Thumbsmith to upload thumbnails, list your videos and
            read their views; you can disconnect at any time.
          </p>
          <div className="mt-4">
            <ConnectButton label="Connect YouTube channel" busy={leaving} />
          </div>
        </>
      )}
    </Panel>
  );
}

function ConnectButton({ label, busy }: { label: string; busy?: boolean }) {
  // A whole-page form post: the answer is a redirect to Google's consent page.
  return (
    <Form method="post" action="/youtube/connect" reloadDocument>
      <Button type="submit" disabled={busy}>
        {label}
      </Button>
    </Form>
  );
}
