// Shared steps for end-to-end tests that are not about logging in.
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
