import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

test("watch a 2 x 2 batch arrive live, find it in History, download the ZIP and one thumbnail", async ({ page }, testInfo) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await startGeneration(page, { keywords: "iPhone 17 review, shocking battery", backgrounds: 2 });

  // Record every value the progress bar shows, from the page itself, with no reload.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { seenProgress: number[] }).seenProgress = seen;
    const record = () => {
      const bar = document.querySelector('[role="progressbar"]');
      const value = Number(bar?.getAttribute("aria-valuenow"));
      if (!Number.isNaN(value) && seen.at(-1) !== value) seen.push(value);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

  const thumbnails = page.getByRole("list", { name: "Thumbnails" }).getByRole("img");
  await expect(thumbnails).toHaveCount(4, { timeout: 20_000 });
  await expect(page.getByText("Completed")).toBeVisible();
  await expect(page.getByTestId("current-step")).toHaveText("Done");
  const seen = await page.evaluate(() => (window as unknown as { seenProgress: number[] }).seenProgress);
  expect(seen.some((v) => v > 0 && v < 100), `progress seen: ${seen.join(", ")}`).toBe(true);
  expect(seen.at(-1)).toBe(100);
  expect(navigations).toEqual([]);

  // The feed preview shows the thumbnail at real sizes.
  await expect(page.getByRole("img", { name: "Home feed preview" })).toHaveAttribute("width", "360");
  await expect(page.getByRole("img", { name: "Up next sidebar preview" })).toHaveAttribute("width", "168");
  await page.getByRole("tab", { name: "Light" }).click();

  // One thumbnail through its menu.
  await page.getByRole("button", { name: "More actions for Headline 1, background 2" }).click();
  const [single] = await Promise.all([page.waitForEvent("download"), page.getByRole("menuitem", { name: "Download JPEG" }).click()]);
  expect(single.suggestedFilename()).toBe("iphone-17-review-shocking-battery-headline1-background2.jpg");

  // The whole batch as a ZIP.
  const [zip] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all (ZIP)" }).click()]);
  expect(zip.suggestedFilename()).toBe("iphone-17-review-shocking-battery.zip");
  const zipPath = testInfo.outputPath("batch.zip");
  await zip.saveAs(zipPath);
  const entries = execFileSync("unzip", ["-Z1", zipPath], { encoding: "utf8" }).trim().split("\n");
  expect(entries).toEqual([
    "manifest.json",
    "iphone-17-review-shocking-battery-headline1-background1.jpg",
    "iphone-17-review-shocking-battery-headline1-background2.jpg",
    "iphone-17-review-shocking-battery-headline2-background1.jpg",
    "iphone-17-review-shocking-battery-headline2-background2.jpg",
  ]);

  // History lists it.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Gallery" }).click();
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page).toHaveURL(/tab=history/);
  const history = page.getByRole("list", { name: "Past generations" });
  await expect(history.getByRole("link", { name: "iPhone 17 review, shocking battery" })).toBeVisible();
  await expect(history.getByText("Completed")).toBeVisible();
});

test("reloading in the middle of a batch shows the right state and resumes the stream", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  // 2 x 8 cells, each slowed by LOCAL_RENDER_DELAY_MS (playwright.config.ts)
  // and rendered two at a time: several seconds, so the reload lands mid-batch.
  await startGeneration(page, { keywords: "budget gaming pc, under 500 dollars", backgrounds: 8 });
  const tiles = page.getByRole("list", { name: "Thumbnails" }).getByRole("img");
  const progressbar = page.getByRole("progressbar");
  await expect(tiles).not.toHaveCount(0, { timeout: 10_000 });

  // Still running when we reload: otherwise there would be no stream to resume.
  const tilesBefore = await tiles.count();
  expect(tilesBefore).toBeLessThan(16);
  expect(Number(await progressbar.getAttribute("aria-valuenow"))).toBeLessThan(100);

  // From the reloaded page's first paint on, record what it shows: its
  // progress and its tiles, before and after the stream takes over.
  await page.addInitScript(() => {
    type Seen = { progress: number; tiles: number };
    const seen: Seen[] = [];
    (window as unknown as { seenAfterReload: Seen[] }).seenAfterReload = seen;
    const record = () => {
      const bar = document.querySelector('[role="progressbar"]');
      const state = {
        progress: Number(bar?.getAttribute("aria-valuenow")),
        tiles: document.querySelectorAll('ul[aria-label="Thumbnails"] img').length,
      };
      const last = seen.at(-1);
      if (!Number.isNaN(state.progress) && (last?.progress !== state.progress || last.tiles !== state.tiles)) seen.push(state);
    };
    document.addEventListener("DOMContentLoaded", () => {
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
  });
  await page.reload();
  const navigations: string[] = [];
  page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

  await expect(tiles).toHaveCount(16, { timeout: 30_000 });
  await expect(page.getByText("Completed")).toBeVisible();
  await expect(progressbar).toHaveAttribute("aria-valuenow", "100");

  const seen = await page.evaluate(() => (window as unknown as { seenAfterReload: { progress: number; tiles: number }[] }).seenAfterReload);
  const trail = seen.map((s) => `${s.progress}%/${s.tiles}`).join(", ");
  // The reloaded page showed the batch where it was: mid-way, with the tiles made so far ...
  expect(seen[0].progress, trail).toBeGreaterThan(0);
  expect(seen[0].progress, trail).toBeLessThan(100);
  expect(seen[0].tiles, trail).toBeGreaterThanOrEqual(tilesBefore);
  expect(seen[0].tiles, trail).toBeLessThan(16);
  // ... and the stream, not another reload, brought the rest.
  expect(seen.at(-1), trail).toEqual({ progress: 100, tiles: 16 });
  expect(navigations).toEqual([]);
});
