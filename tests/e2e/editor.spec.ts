import { execFileSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

const CARD = "Headline 1, background 1";

async function bytesOf(page: Page, url: string) {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  return response.body();
}

/** The card's image as the gallery shows it: its URL and the bytes behind that URL. */
async function galleryImage(page: Page) {
  const src = await page.getByRole("listitem", { name: CARD }).getByRole("img").first().getAttribute("src");
  expect(src).toBeTruthy();
  return { src: src!, bytes: await bytesOf(page, src!) };
}

async function openEditorFromMenu(page: Page) {
  await page.getByRole("button", { name: `More actions for ${CARD}` }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page).toHaveURL(/\/thumbnails\/[a-z0-9]+\/edit$/);
  return /\/thumbnails\/([a-z0-9]+)\/edit$/.exec(page.url())![1];
}

test("edit a thumbnail's headline (in Japanese) and palette, see the gallery and the ZIP use the new version, then undo", async ({ page }, testInfo) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await startGeneration(page, { keywords: "camera review, best zoom", backgrounds: 1 });
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 20_000 });
  const batchUrl = page.url();
  const original = await galleryImage(page);
  expect(original.src).toMatch(/\?v=1$/);

  const id = await openEditorFromMenu(page);
  await page.getByLabel("Headline", { exact: true }).fill("最強のカメラ");
  // Another palette, from the keyboard: the swatches are a radio group.
  const palettes = page.getByRole("group", { name: "Palette" });
  await palettes.getByRole("radio", { checked: true }).focus();
  await page.keyboard.press("ArrowRight");
  // The server draws the edits as they are made.
  await expect(page.getByTestId("editor-preview")).toHaveAttribute("src", /^blob:/);
  await expect(page.getByText("Preview of your changes (not saved yet)")).toBeVisible();
  // Labelled controls, enough contrast: the editor as axe sees it, mid-edit.
  const audit = await new AxeBuilder({ page }).analyze();
  expect(audit.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await page.getByRole("button", { name: "Save as a new version" }).click();
  await expect(page.getByText("Saved as version 2")).toBeVisible();
  const versions = page.getByRole("list", { name: "Versions" });
  await expect(versions.getByRole("listitem").filter({ hasText: "Current" })).toContainText("Version 2");
  await expect(page.getByLabel("Headline", { exact: true })).toHaveValue("最強のカメラ");

  // The gallery shows the new version, under a new URL (the image route is cached as immutable).
  await page.getByRole("link", { name: "← Back to the batch" }).click();
  await expect(page).toHaveURL(batchUrl);
  const edited = await galleryImage(page);
  expect(edited.src).toMatch(/\?v=2$/);
  expect(edited.bytes.equals(original.bytes)).toBe(false);
  const download = await bytesOf(page, `/resources/thumbnails/${id}?download`);
  expect(download.equals(edited.bytes)).toBe(true);

  // The ZIP holds the new version's bytes.
  const [zip] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download all (ZIP)" }).click()]);
  const zipPath = testInfo.outputPath("batch.zip");
  await zip.saveAs(zipPath);
  const entry = execFileSync("unzip", ["-Z1", zipPath], { encoding: "utf8" })
    .split("\n")
    .find((name) => name.endsWith("-headline1-background1.jpg"));
  expect(entry).toBeTruthy();
  const zipped = execFileSync("unzip", ["-p", zipPath, entry!], { maxBuffer: 8 * 1024 * 1024 });
  expect(zipped.equals(download)).toBe(true);

  // Undo: the original is back, in the editor and in the gallery.
  await openEditorFromMenu(page);
  await page.getByRole("button", { name: "Undo last save" }).click();
  await expect(page.getByText("Back to version 1")).toBeVisible();
  await expect(page.getByLabel("Headline", { exact: true })).not.toHaveValue("最強のカメラ");
  await page.getByRole("link", { name: "← Back to the batch" }).click();
  const reverted = await galleryImage(page);
  expect(reverted.src).toMatch(/\?v=1$/);
  expect(reverted.bytes.equals(original.bytes)).toBe(true);
});
