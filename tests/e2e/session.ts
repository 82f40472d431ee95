// Shared steps for end-to-end tests that are not about logging in.
import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "a long enough password";

export function newEmail() {
  return `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
}

/** Signs a new user up through the form and waits for the app to load. */
export async function signUpNewUser(page: Page) {
  const email = newEmail();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("credit-balance")).toBeVisible();
  return { email };
}

/** Uploads the astronaut fixture on the Portraits page. */
export async function uploadAstronaut(page: Page) {
  await page.goto("/portraits");
  await page.getByLabel("Photos", { exact: true }).setInputFiles(path.resolve("tests/fixtures/astronaut.png"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();
}

/** Submits the Generate form and waits for the generation's page. */
export async function startGeneration(page: Page, { keywords, backgrounds, service }: { keywords: string; backgrounds: number; service?: string }) {
  await page.goto("/generate");
  if (service) await page.getByRole("group", { name: "Made by" }).getByLabel(service).check();
  await page.getByLabel("Keywords").fill(keywords);
  await page.getByLabel("Backgrounds").fill(String(backgrounds));
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
}
