// Connecting a YouTube channel in Chromium, against the fake Google of
// playwright.config.ts (its consent page sends the browser straight back):
// connect from the Account page, see the channel there, list the videos,
// disconnect.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signUpNewUser } from "./session";

/** No serious or critical axe finding and no sideways scrolling, on a phone and on a desktop. */
async function checkAccessible(page: Page, name: string) {
  for (const size of [
    { width: 390, height: 844 },
    { width: 1366, height: 900 },
  ]) {
    await page.setViewportSize(size);
    const where = `${name} at ${size.width}x${size.height}`;
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect.soft(scroll, `${where} scrolls sideways`).toBeLessThanOrEqual(client);
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
    expect.soft(serious, where).toEqual([]);
  }
}

test("connect a channel, see it on Account, list its videos, disconnect", async ({ page }) => {
  await signUpNewUser(page);
  // No channel yet: no Videos item in the navigation.
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Videos" })).toHaveCount(0);

  await page.goto("/account");
  const section = page.getByRole("region", { name: "YouTube channel" });
  await section.getByRole("button", { name: "Connect YouTube channel" }).click();

  // Back from Google's consent page on the Videos page.
  await expect(page).toHaveURL(/\/videos$/);
  await expect(page.getByText("YouTube channel connected")).toBeVisible();
  const videos = page.getByTestId("youtube-video");
  await expect(videos).toHaveCount(24);
  // Said by the browser's render too: the page hydrates without a mismatch.
  await expect(page.getByText("The 24 most recent uploads of Astronaut Builds PCs.")).toBeVisible();
  await expect(videos.first()).toContainText("Video number 1");
  await expect(videos.first()).toContainText("1.2K views");
  // Its thumbnail came through the server and loaded.
  const loaded = await videos.first().locator("img").evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  expect(loaded).toBe(320);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Videos" })).toBeVisible();
  await checkAccessible(page, "Videos");

  await page.goto("/account");
  await expect(section.getByTestId("youtube-channel-title")).toHaveText("Astronaut Builds PCs");
  await checkAccessible(page, "Account with a channel");
  await section.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByText("YouTube channel disconnected")).toBeVisible();
  await expect(section.getByRole("button", { name: "Connect YouTube channel" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Videos" })).toHaveCount(0);
});
