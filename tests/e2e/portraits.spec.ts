import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUpNewUser, uploadAstronaut } from "./session";

const astronaut = path.resolve("tests/fixtures/astronaut.png");

test("upload the astronaut, see its preview, rename it, delete it", async ({ page }) => {
  await signUpNewUser(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portraits" }).click();
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();

  await page.getByLabel("Photos", { exact: true }).setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();

  const preview = page.getByRole("img", { name: "Portrait: astronaut" });
  await expect(preview).toBeVisible();
  // The preview really loaded (a broken image has no natural size).
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Rename astronaut" }).click();
  await page.getByLabel("New name").fill("Launch day");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("img", { name: "Portrait: Launch day" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("img", { name: "Portrait: Launch day" })).toBeVisible();

  await page.getByRole("button", { name: "Delete Launch day" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Delete “Launch day”?");
  await dialog.getByRole("button", { name: "Delete portrait" }).click();
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();
});

test("a file that is not a photo is refused with a message next to the field", async ({ page }) => {
  await signUpNewUser(page);
  await page.goto("/portraits");
  await page.getByLabel("Photos", { exact: true }).setInputFiles({
    name: "notes.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.from("this is not a photo"),
  });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "notes.jpg is not an image we can read. Use a JPEG, PNG, WebP or AVIF photo.",
  );
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();
});

test("another user's portrait image answers 404", async ({ page, browser }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  const src = await page.getByRole("img", { name: "Portrait: astronaut" }).getAttribute("src");

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpNewUser(otherPage);
  const response = await otherPage.request.get(src!);
  expect(response.status()).toBe(404);
  await other.close();
});
