// Issue 24's whole loop in Chromium, against the fake Google of
// playwright.config.ts: connect, list the channel's videos, Generate from one
// of them (its title becomes the keywords), compare the candidates with the
// video's current thumbnail in the feed preview, edit one (a new version), set
// it on that video, put the old one back, disconnect.
import { expect, test, type Page } from "@playwright/test";
import { fakeGoogleURL } from "../../playwright.config";
import { signUpNewUser, uploadAstronaut } from "./session";

const CARD = "Headline 1, background 1";
// One of the fake channel's videos (tests/support/fake-google-server.ts
// DEFAULT_VIDEOS), not the one set-thumbnail-youtube.spec.ts uses.
const VIDEO = { id: "vid00000004", title: "Video number 5" };

async function bytesOf(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  return response.body();
}

test("generate from one of your videos, compare with its thumbnail in the feed, edit, set it on the video, put the old one back, disconnect", async ({ page }) => {
  test.setTimeout(120_000);
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/account");
  await page.getByRole("region", { name: "YouTube channel" }).getByRole("button", { name: "Connect YouTube channel" }).click();
  await expect(page).toHaveURL(/\/videos$/);
  await expect(page.getByTestId("youtube-video").first()).toBeVisible();

  // Generate from the Videos page: the Generate page looks the video up at once.
  await page.getByRole("link", { name: `Generate thumbnails for “${VIDEO.title}”` }).click();
  await expect(page).toHaveURL(new RegExp(`/generate\\?video=${VIDEO.id}$`));
  await expect(page.getByLabel("Start from a YouTube video (optional)")).toHaveValue(`https://youtu.be/${VIDEO.id}`);
  await expect(page.getByTestId("video-found")).toContainText(VIDEO.title);
  await expect(page.getByLabel("Keywords")).toHaveValue(VIDEO.title);
  await page.getByRole("group", { name: "Made by" }).getByLabel("built-in compositor (offline)").check();
  await page.getByLabel("Backgrounds").fill("1");
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 60_000 });
  const batchUrl = page.url();

  // The feed preview: the video's real title, its current thumbnail beside the chosen candidate at each size.
  const feed = page.getByRole("region", { name: "In the feed" });
  await expect(feed.getByTestId("feed-compare")).toHaveCount(3);
  const home = feed.getByRole("group", { name: "Home feed" });
  await expect(home).toContainText("Now on YouTube");
  await expect(home).toContainText("This thumbnail");
  await expect(home).toContainText(VIDEO.title);
  const current = home.getByRole("img", { name: "Now on YouTube, Home feed" });
  await expect(current).toHaveAttribute("src", `/resources/youtube/video-picture/${VIDEO.id}`);
  await expect.poll(() => current.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(home.getByRole("img", { name: "This thumbnail, Home feed" })).toHaveAttribute("src", /\/resources\/thumbnails\//);

  // A new version in the editor: that is what must reach YouTube.
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/thumbnails\/[a-z0-9]+\/edit$/);
  const thumbnailId = /\/thumbnails\/([a-z0-9]+)\/edit$/.exec(page.url())![1];
  await page.getByLabel("Headline", { exact: true }).fill("FIVE STARS");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  const version2 = await bytesOf(page, `/resources/thumbnails/${thumbnailId}?v=2`);

  await page.goto(batchUrl);
  const before = await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`);
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await page.getByRole("menuitem", { name: "Set on a YouTube video…" }).click();
  await page.getByRole("radio", { name: VIDEO.title, exact: true }).check();
  await page.getByRole("button", { name: "Set thumbnail…" }).click();
  await page.getByRole("alertdialog", { name: `Replace the thumbnail of “${VIDEO.title}”?` }).getByRole("button", { name: "Set thumbnail" }).click();
  await expect(page).toHaveURL(new RegExp(`/videos/${VIDEO.id}$`));
  await expect(page.getByText("Thumbnail set", { exact: true })).toBeVisible();
  const sets = page.getByTestId("thumbnail-set");
  await expect(sets.first()).toContainText("Version 2");
  expect((await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`)).equals(version2)).toBe(true);
  // The video's page starts another batch from it too.
  await expect(page.getByRole("link", { name: "Generate thumbnails for this video" })).toHaveAttribute("href", `/generate?video=${VIDEO.id}`);

  await sets.first().getByRole("button", { name: "Put the old one back" }).click();
  await page.getByRole("alertdialog", { name: "Put the old thumbnail back?" }).getByRole("button", { name: "Put it back" }).click();
  await expect(page.getByText("Old thumbnail put back", { exact: true })).toBeVisible();
  expect((await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`)).equals(before)).toBe(true);

  await page.goto("/account");
  await page.getByRole("region", { name: "YouTube channel" }).getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("YouTube channel disconnected")).toBeVisible();
  // Without a channel, the Videos page has nothing to generate from.
  await page.goto("/videos");
  await expect(page.getByText("No YouTube channel connected")).toBeVisible();
});
