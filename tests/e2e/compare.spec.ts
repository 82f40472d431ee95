import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

test("build a Test & Compare set and download it", async ({ page }, testInfo) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  // Two headlines on one background (PROMPTS_PER_GENERATION=2 in playwright.config.ts): two thumbnails.
  await startGeneration(page, { keywords: "iPhone 17 review, shocking battery", backgrounds: 1 });
  await expect(page.getByRole("list", { name: "Thumbnails" }).getByRole("img")).toHaveCount(2, { timeout: 20_000 });

  // From a thumbnail's menu to the picker, with it as variant A.
  await page.getByRole("button", { name: "More actions for Headline 1, background 1" }).click();
  await page.getByRole("menuitem", { name: "Add to Test & Compare" }).click();
  await expect(page).toHaveURL(/\/compare\/new\?pick=/);
  const picked = page.getByRole("list", { name: "Picked thumbnails" });
  await expect(picked.getByRole("listitem", { name: "Variant A" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create set of 2" })).toBeDisabled();

  // A second one from the list below.
  await page.getByRole("link", { name: "Pick iPhone 17 review, shocking battery, Headline 2, background 1" }).click();
  await expect(picked.getByRole("listitem", { name: "Variant B" })).toBeVisible();
  await page.getByLabel("Title A (optional)").fill("iPhone 17: the battery shocked me");
  await page.getByLabel("Title B (optional)").fill("Don't buy the iPhone 17 yet");
  await page.getByRole("button", { name: "Create set of 2" }).click();

  // The set: both variants side by side, at the feed's real sizes, dark and light, with their titles.
  await expect(page).toHaveURL(/\/compare\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: "iPhone 17 review, shocking battery", level: 1 })).toBeVisible();
  for (const theme of ["dark", "light"]) {
    for (const [size, width] of [["Home feed", "360"], ["Up next sidebar", "168"], ["Mobile", "320"]]) {
      for (const letter of ["A", "B"]) {
        await expect(page.getByRole("img", { name: `Variant ${letter}, ${size}, ${theme}` })).toHaveAttribute("width", width);
      }
    }
  }
  const light = page.getByRole("region", { name: "Light feed" });
  await expect(light.getByText("iPhone 17: the battery shocked me")).toHaveCount(3);
  await expect(light.getByText("Don't buy the iPhone 17 yet")).toHaveCount(3);

  // The ZIP YouTube Studio takes.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download set (ZIP)" }).click()]);
  expect(download.suggestedFilename()).toBe("test-and-compare-iphone-17-review-shocking-battery.zip");
  const zipPath = testInfo.outputPath("set.zip");
  await download.saveAs(zipPath);
  expect(execFileSync("unzip", ["-Z1", zipPath], { encoding: "utf8" }).trim().split("\n")).toEqual(["A.jpg", "B.jpg", "titles.txt"]);
  for (const name of ["A.jpg", "B.jpg"]) {
    const bytes = execFileSync("unzip", ["-p", zipPath, name], { maxBuffer: 8 * 1024 * 1024 });
    const meta = await sharp(bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 1280, height: 720 });
    expect(bytes.length).toBeLessThanOrEqual(2 * 1024 * 1024);
  }
  const titles = execFileSync("unzip", ["-p", zipPath, "titles.txt"], { encoding: "utf8" });
  expect(titles).toContain("A.jpg: iPhone 17: the battery shocked me");
  expect(titles).toContain("B.jpg: Don't buy the iPhone 17 yet");

  // Listed with the user's sets.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Compare" }).click();
  await expect(page.getByRole("list", { name: "Test & Compare sets" }).getByRole("link", { name: "iPhone 17 review, shocking battery" })).toBeVisible();
});
