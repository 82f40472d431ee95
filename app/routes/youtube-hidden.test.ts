// Without an OAuth client (YOUTUBE_CLIENT_ID unset, as in this file), the
// YouTube feature does not exist: its routes answer 404 to a signed-in user,
// the Account page has no YouTube section and the navigation no Videos item.
import { expect, test } from "vitest";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { loader as accountLoader } from "./account";
import { loader as rootLoader } from "~/root";
import { action as connectAction } from "./youtube.connect";
import { loader as callbackLoader } from "./youtube.callback";
import { action as disconnectAction } from "./youtube.disconnect";
import { loader as videosLoader } from "./videos";
import { loader as channelImageLoader } from "./resources.youtube.channel-image";

test("every YouTube route answers 404, and no page shows the feature", async () => {
  const user = await createTestUser();
  const cookie = await sessionCookieFor(user.id);
  const context = { cspNonce: "test" };
  const answers = await Promise.all([
    settle(connectAction({ request: formRequest("/youtube/connect", {}, { cookie }), params: {}, context })),
    settle(callbackLoader({ request: getRequest("/youtube/callback?code=x&state=y", { cookie }), params: {}, context })),
    settle(disconnectAction({ request: formRequest("/youtube/disconnect", {}, { cookie }), params: {}, context })),
    settle(videosLoader({ request: getRequest("/videos", { cookie }), params: {}, context })),
    settle(channelImageLoader({ request: getRequest("/resources/youtube/channel-image", { cookie }), params: {}, context })),
  ]);
  expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404, 404]);

  const account = (await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context })).then((r) => r.json())) as { youtube: unknown };
  expect(account.youtube).toBeNull();
  const root = (await settle(rootLoader({ request: getRequest("/account", { cookie }), params: {}, context })).then((r) => r.json())) as {
    user: { hasYoutubeChannel: boolean };
  };
  expect(root.user.hasYoutubeChannel).toBe(false);
});
