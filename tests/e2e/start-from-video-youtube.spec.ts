// Starting a batch from a YouTube link in Chromium, against the fake Google
// of playwright.config.ts (the youtube project's instance has
// GOOGLE_API_ROOT_FOR_TESTS): Look up shows the title and the picture and
// fills Keywords, the batch completes; a private video's link gets its message.
import { expect, test } from "@playwright/test";
import { signUpNewUser, uploadAstronaut } from "./session";

test("paste a youtu.be link, look it up, generate from its title; a private video is refused on the field", async ({ page }) => {
  test.setTimeout(120_000);
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  const link = page.getByLabel("Start from a YouTube video (optional)");

  await link.fill("https://youtu.be/privateVid1?si=share");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This video is private" })).toBeVisible();
  await expect(page.getByLabel("Keywords")).toHaveValue("");

  await link.fill("https://youtu.be/dQw4w9WgXcQ?si=share&t=42");
  await page.getByRole("button", { name: "Look up" }).click();
  const found = page.getByTestId("video-found");
  await expect(found).toContainText("I built a $500 gaming PC that beats a PS5");
  await expect.poll(() => found.locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  await expect(page.getByLabel("Keywords")).toHaveValue("I built a $500 gaming PC that beats a PS5");
  await expect(page.getByLabel(/Use the video's thumbnail as a style reference/)).toBeChecked();

  await page.getByLabel("Backgrounds").fill("1");
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 90_000 });
});
