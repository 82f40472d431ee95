import { expect, test } from "@playwright/test";
import { signUpNewUser } from "./session";

test("make an API token on the Account page, use it from a script, revoke it", async ({ page, playwright, baseURL }) => {
  const { email } = await signUpNewUser(page);
  await page.goto("/account");
  const tokens = page.getByRole("region", { name: "API tokens" });
  await expect(tokens.getByText("No tokens yet.")).toBeVisible();

  await tokens.getByLabel("New token name").fill("n8n flow");
  await tokens.getByLabel(/^Generate/).check();
  await tokens.getByRole("button", { name: "Create token" }).click();
  const shown = tokens.getByTestId("new-token");
  await expect(shown).toHaveText(/^tsk_/);
  const token = (await shown.textContent())!;
  await expect(tokens.getByTestId("token-row")).toHaveCount(1);
  await expect(tokens.getByTestId("token-row")).toContainText("read, generate");
  await expect(tokens.getByTestId("token-row")).toContainText("Never");

  // A script: no browser, no cookies, only the token.
  const script = await playwright.request.newContext({ baseURL });
  const me = await script.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ email, credits: 10, scopes: ["read", "generate"] });

  // Shown once: after a reload the text is gone, the last use is recorded.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  await expect(page.getByText(token)).toHaveCount(0);
  await expect(tokens.getByTestId("token-row")).not.toContainText("Never");

  await tokens.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("Token revoked")).toBeVisible();
  await expect(tokens.getByTestId("token-row")).toContainText("Revoked");
  const refused = await script.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  await script.dispose();
});
