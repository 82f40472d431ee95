import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

const astronaut = path.resolve("tests/fixtures/astronaut.png");

test("submit a generation in the browser and find its thumbnails after a reload", async ({ page }) => {
  await signUpNewUser(page);
  await page.goto("/generate");
  await expect(page.getByRole("heading", { name: "Start with a portrait" })).toBeVisible();
  await page.goto("/portraits");
  await page.getByLabel("Photos", { exact: true }).setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Generate" }).click();
  await expect(page.getByRole("combobox", { name: "Portrait" })).toHaveText(/astronaut/);
  await page.getByLabel("Keywords").fill("iPhone 17 review, shocking battery");
  await page.getByLabel("Backgrounds").fill("2");
  await expect(page.getByRole("button", { name: "Generate 4 thumbnails" })).toBeVisible();
  await page.getByRole("button", { name: "Generate 4 thumbnails" }).click();

  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: "iPhone 17 review, shocking battery" })).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toHaveText("9 credits");

  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByRole("list", { name: "Thumbnails" }).getByRole("img").count();
      },
      { timeout: 20_000, intervals: [500] },
    )
    .toBe(4);
  await expect(page.getByText("Completed")).toBeVisible();
  const first = page.getByRole("list", { name: "Thumbnails" }).getByRole("img").first();
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
});

test("the generate form explains what is wrong, beside the field", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  await page.getByLabel("Keywords").fill("x");
  await page.getByLabel("Headline (optional)").fill("one two three four five six");
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();
  await expect(page.getByText("Use at least 2 characters of keywords.")).toBeVisible();
  await expect(page.getByText("Keep the headline to 5 words or fewer: short headlines read at small sizes.")).toBeVisible();
  await expect(page).toHaveURL(/\/generate$/);
});

test("another user's generation answers 404", async ({ page, browser }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await startGeneration(page, { keywords: "private batch", backgrounds: 1 });
  const url = page.url();

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpNewUser(otherPage);
  const response = await otherPage.goto(url);
  expect(response?.status()).toBe(404);
  await other.close();
});
