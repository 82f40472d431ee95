import path from "node:path";
import { expect, test } from "@playwright/test";
import { signUpNewUser, uploadAstronaut } from "./session";

const astronaut = path.resolve("tests/fixtures/astronaut.png");

test("upload the astronaut, see its cut-out, rename it, delete it, with a confirmation for each change", async ({ page }) => {
  // Sonner injects its own <style>: the CSP must let it through.
  const cspViolations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) cspViolations.push(message.text());
  });
  const toasts = page.getByRole("region", { name: /Notifications/ });

  await signUpNewUser(page);
  await expect(toasts.getByText("Welcome to Thumbsmith")).toBeVisible();
  // Sonner's stylesheet applied: the toaster is pinned to the viewport.
  await expect.poll(() => page.locator("[data-sonner-toaster]").evaluate((el) => getComputedStyle(el).position)).toBe("fixed");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portraits" }).click();
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();

  await page.getByLabel("Photos", { exact: true }).setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();

  // The card opens on the cut-out that analysis made at upload.
  const preview = page.getByRole("img", { name: "Cut-out: astronaut" });
  await expect(preview).toBeVisible();
  // The preview really loaded (a broken image has no natural size).
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await page.getByRole("button", { name: "Rename astronaut" }).click();
  await page.getByLabel("New name").fill("Launch day");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("img", { name: "Cut-out: Launch day" })).toBeVisible();
  await expect(toasts.getByText("Portrait renamed")).toBeVisible();
  // Shown once: the response that delivered it also expired its cookie, so a reload cannot bring it back.
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain("th_toast");
  await page.reload();
  await expect(page.getByRole("img", { name: "Cut-out: Launch day" })).toBeVisible();

  await page.getByRole("button", { name: "Delete Launch day" }).click();
  const dialog = page.getByRole("alertdialog");
  await expect(dialog).toContainText("Delete “Launch day”?");
  await dialog.getByRole("button", { name: "Delete portrait" }).click();
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();
  await expect(toasts.getByText("Portrait deleted")).toBeVisible();
  expect(cspViolations).toEqual([]);
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
  const card = page.getByRole("listitem", { name: "astronaut" });
  const cutout = await card.getByRole("img", { name: "Cut-out: astronaut" }).getAttribute("src");
  await card.getByRole("tab", { name: "Original" }).click();
  const original = await card.getByRole("img", { name: "Portrait: astronaut" }).getAttribute("src");

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUpNewUser(otherPage);
  for (const src of [original, cutout]) {
    expect((await page.request.get(src!)).status()).toBe(200);
    expect((await otherPage.request.get(src!)).status()).toBe(404);
  }
  await other.close();
});

test("the cut-out: see it on a checkerboard, switch to the original and back, turn it off", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  const card = page.getByRole("listitem", { name: "astronaut" });

  const cutout = card.getByRole("img", { name: "Cut-out: astronaut" });
  await expect(cutout).toBeVisible();
  await expect.poll(() => cutout.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(512);
  await expect(card.getByRole("tab", { name: "Cut-out" })).toHaveAttribute("aria-selected", "true");

  await card.getByRole("tab", { name: "Original" }).click();
  const original = card.getByRole("img", { name: "Portrait: astronaut" });
  await expect(original).toBeVisible();
  await expect.poll(() => original.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await expect(cutout).toBeHidden();
  // Keyboard: the tabs are one stop, arrows move between them.
  await card.getByRole("tab", { name: "Original" }).press("ArrowLeft");
  await expect(card.getByRole("tab", { name: "Cut-out" })).toHaveAttribute("aria-selected", "true");
  await expect(cutout).toBeVisible();

  const toggle = card.getByRole("switch", { name: "Cut-out in thumbnails" });
  await expect(toggle).toHaveAttribute("aria-checked", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await expect(card.getByRole("status").filter({ hasText: "Cut-out off" })).toHaveText(
    "Cut-out off: thumbnails will use a framed photo.",
  );
  await page.reload();
  await expect(page.getByRole("listitem", { name: "astronaut" }).getByRole("switch", { name: "Cut-out in thumbnails" })).toHaveAttribute(
    "aria-checked",
    "false",
  );
});
