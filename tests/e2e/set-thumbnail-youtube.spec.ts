// Setting a thumbnail on a YouTube video in Chromium, against the fake Google
// of playwright.config.ts: connect, make a batch, save a new version in the
// editor, set it on a video from the gallery menu, see it recorded on the
// video's page with the views chart, put the old one back, disconnect.
import { expect, test, type Page } from "@playwright/test";
import { fakeGoogleURL } from "../../playwright.config";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

const CARD = "Headline 1, background 1";
// One of the fake channel's videos (tests/support/fake-google-server.ts DEFAULT_VIDEOS).
const VIDEO = { id: "vid00000002", title: "Video number 3" };

async function bytesOf(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  return response.body();
}

test("set an edited thumbnail on a video, see it on the video's page with its views, put the old one back, disconnect", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/account");
  await page.getByRole("region", { name: "YouTube channel" }).getByRole("button", { name: "Connect YouTube channel" }).click();
  await expect(page).toHaveURL(/\/videos$/);

  await startGeneration(page, { keywords: "budget gaming pc", backgrounds: 1, service: "built-in compositor (offline)" });
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });
  const batchUrl = page.url();

  // A new version in the editor: that is what must reach YouTube.
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/thumbnails\/[a-z0-9]+\/edit$/);
  const thumbnailId = /\/thumbnails\/([a-z0-9]+)\/edit$/.exec(page.url())![1];
  await page.getByLabel("Headline", { exact: true }).fill("CHEAP BEAST");
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  const version2 = await bytesOf(page, `/resources/thumbnails/${thumbnailId}?v=2`);

  await page.goto(batchUrl);
  const before = await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`);
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await page.getByRole("menuitem", { name: "Set on a YouTube video…" }).click();
  await expect(page).toHaveURL(new RegExp(`/thumbnails/${thumbnailId}/set-on-youtube$`));
  await page.getByRole("radio", { name: VIDEO.title, exact: true }).check();
  await page.getByRole("button", { name: "Set thumbnail…" }).click();
  const confirm = page.getByRole("alertdialog", { name: `Replace the thumbnail of “${VIDEO.title}”?` });
  await confirm.getByRole("button", { name: "Set thumbnail" }).click();

  // Recorded on the video's page, with the views around the change.
  await expect(page).toHaveURL(new RegExp(`/videos/${VIDEO.id}$`));
  await expect(page.getByText("Thumbnail set", { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: VIDEO.title })).toBeVisible();
  const sets = page.getByTestId("thumbnail-set");
  await expect(sets).toHaveCount(1);
  await expect(sets.first()).toContainText("Version 2");
  await expect(page.getByTestId("views-chart")).toBeVisible();
  await expect(page.getByTestId("views-chart").locator("rect")).toHaveCount(8);
  await expect(page.getByText(/Views are not click-through rate/)).toBeVisible();
  await expect(page.getByText(/Test & Compare \(A\/B testing of thumbnails\) has no API/)).toBeVisible();
  // YouTube (the fake) shows exactly version 2 now.
  expect((await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`)).equals(version2)).toBe(true);

  await sets.first().getByRole("button", { name: "Put the old one back" }).click();
  await page.getByRole("alertdialog", { name: "Put the old thumbnail back?" }).getByRole("button", { name: "Put it back" }).click();
  await expect(page.getByText("Old thumbnail put back", { exact: true })).toBeVisible();
  await expect(sets.first()).toContainText("Old thumbnail put back");
  await expect(sets.first().getByRole("button", { name: "Put the old one back" })).toHaveCount(0);
  expect((await bytesOf(page, `${fakeGoogleURL}/vi/${VIDEO.id}/maxresdefault.jpg`)).equals(before)).toBe(true);

  await page.goto("/account");
  const section = page.getByRole("region", { name: "YouTube channel" });
  await section.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("YouTube channel disconnected")).toBeVisible();
  // Without a channel the gallery menu no longer offers it.
  await page.goto(batchUrl);
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await expect(page.getByRole("menuitem", { name: "Set on a YouTube video…" })).toHaveCount(0);
});
