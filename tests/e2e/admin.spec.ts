import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD, startGeneration, uploadAstronaut } from "./session";

// playwright.config.ts starts the app with ADMIN_EMAILS naming this address.
const ADMIN_EMAIL = "admin@e2e.test";

async function signUp(page: Page, email: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("credit-balance")).toBeVisible();
}

test("an admin grants credits, reads the ledger, sees a running batch, and disables an account that then cannot log in", async ({ browser }) => {
  const creatorContext = await browser.newContext();
  const adminContext = await browser.newContext();
  const creator = await creatorContext.newPage();
  const admin = await adminContext.newPage();

  // A creator: no Admin link, and /admin does not exist for them.
  const creatorEmail = newEmail();
  await signUp(creator, creatorEmail);
  await expect(creator.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
  const hidden = await creator.goto("/admin");
  expect(hidden?.status()).toBe(404);
  await uploadAstronaut(creator);

  await signUp(admin, ADMIN_EMAIL);

  // A big batch (2 headlines x 8 backgrounds, each thumbnail slowed down) is still running when the admin looks.
  await startGeneration(creator, { keywords: "admin page running batch", backgrounds: 8 });
  await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
  await expect(admin).toHaveURL(/\/admin$/);
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Generations" }).click();
  await expect(admin.getByRole("tab", { name: "Running", selected: true })).toBeVisible();
  const running = admin.getByTestId("admin-generation-row").filter({ hasText: creatorEmail });
  await expect(running).toContainText("admin page running batch");
  await expect(running).toContainText("built-in compositor");

  // Find the creator by email and open their page.
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Users" }).click();
  await admin.getByLabel("Search by email").fill(creatorEmail.toUpperCase());
  await admin.getByRole("button", { name: "Search" }).click();
  await expect(admin.getByTestId("admin-user-row")).toHaveCount(1);
  await admin.getByRole("link", { name: creatorEmail }).click();
  await expect(admin.getByRole("heading", { name: creatorEmail })).toBeVisible();
  await expect(admin.getByTestId("admin-user-balance")).toHaveText("9 credits");

  // Grant credits: toast, balance and a ledger row.
  await admin.getByLabel("Credits to add").fill("15");
  await admin.getByLabel("Note (optional)").fill("E2E bonus");
  await admin.getByRole("button", { name: "Add credits" }).click();
  await expect(admin.getByText("Added 15 credits; the balance is now 24 credits.")).toBeVisible();
  await expect(admin.getByTestId("admin-user-balance")).toHaveText("24 credits");
  const grantRow = admin.getByTestId("ledger-row").first();
  await expect(grantRow).toContainText("Credits added by the administrator · E2E bonus");
  await expect(grantRow).toContainText("+15");
  await expect(grantRow).toContainText("24");
  await expect(admin.getByTestId("ledger-row")).toHaveCount(3);

  // The creator sees the new balance.
  await creator.goto("/account");
  await expect(creator.getByTestId("account-balance")).toHaveText("24");

  // Disable, after confirming.
  await admin.getByRole("button", { name: "Disable account…" }).click();
  await expect(admin.getByRole("alertdialog", { name: "Disable this account?" })).toBeVisible();
  await admin.getByRole("button", { name: "Disable", exact: true }).click();
  await expect(admin.getByText("Account disabled", { exact: true })).toBeVisible();
  await expect(admin.getByTestId("admin-user-state")).toContainText("Disabled since");

  // The creator's session is over, and log in is refused with the reason.
  await creator.goto("/account");
  await expect(creator).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await creator.getByLabel("Email").fill(creatorEmail);
  await creator.getByLabel("Password").fill(PASSWORD);
  await creator.getByRole("button", { name: "Log in" }).click();
  await expect(creator.getByRole("alert")).toHaveText("This account is disabled. Contact the administrator.");
  await expect(creator).toHaveURL(/\/login/);

  // Provider health: this instance has no kie.ai key.
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Providers" }).click();
  await expect(admin.getByTestId("provider-kie")).toContainText("Not configured");
  await expect(admin.getByTestId("provider-local")).toContainText("Configured");

  // The admin's own page offers no way to disable themselves.
  await admin.getByRole("navigation", { name: "Admin sections" }).getByRole("link", { name: "Users" }).click();
  await admin.getByLabel("Search by email").fill(ADMIN_EMAIL);
  await admin.getByRole("button", { name: "Search" }).click();
  await admin.getByRole("link", { name: ADMIN_EMAIL }).click();
  await expect(admin.getByText("This is your own account: you cannot disable it.")).toBeVisible();
  await expect(admin.getByRole("button", { name: "Disable account…" })).toHaveCount(0);

  await creatorContext.close();
  await adminContext.close();
});
