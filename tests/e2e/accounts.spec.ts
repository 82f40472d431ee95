import { expect, test, type Browser, type Page } from "@playwright/test";
import { newEmail, PASSWORD } from "./session";

async function signUp(page: Page, email: string, password = PASSWORD) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
}

/** Logs out and waits until the server has cleared the session. */
async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page.getByRole("link", { name: "Sign up" }).first()).toBeVisible();
}

async function logIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

test("a visitor sees the landing page and can start signing up", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Thumbnails that get the click");
  await page.getByRole("link", { name: /Start with 10 free credits/ }).click();
  await expect(page).toHaveURL(/\/signup$/);
});

test("sign up, see 10 credits, log out, log in again", async ({ page }) => {
  const email = newEmail();
  await signUp(page, email);

  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByTestId("credit-balance")).toHaveText("10 credits");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Account" }).click();
  await expect(page.getByTestId("account-balance")).toHaveText("10");
  await expect(page.getByRole("cell", { name: "Welcome credits" })).toBeVisible();

  await logOut(page);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Log in" }).first()).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toHaveCount(0);

  await page.getByRole("link", { name: "Log in" }).first().click();
  await logIn(page, email.toUpperCase());
  await expect(page).toHaveURL(/\/generate$/);
  await expect(page.getByTestId("credit-balance")).toHaveText("10 credits");
});

test("a wrong password gets a clear message and no session", async ({ page }) => {
  const email = newEmail();
  await signUp(page, email);
  await logOut(page);

  await page.goto("/login");
  await logIn(page, email, "not my password");
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
});

test("a protected page sends a visitor to log in and back afterwards", async ({ page }) => {
  const email = newEmail();
  await signUp(page, email);
  await logOut(page);

  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await logIn(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-balance")).toHaveText("10");
});

test("sign up refuses an empty form, a short password and a taken email, each with a message", async ({ page }) => {
  await page.goto("/signup");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Choose a password.")).toBeVisible();

  const email = newEmail();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);

  await signUp(page, email);
  await expect(page).toHaveURL(/\/generate$/);
  await logOut(page);

  await signUp(page, email);
  await expect(page.getByText("An account with this email already exists. Log in instead?")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("without JavaScript, the server still validates and signs up", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(newEmail());
  // Without JS the browser's own minlength check would stop this post first;
  // take it away to prove the server refuses the short password by itself.
  await page.getByLabel("Password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Use at least 8 characters for your password.")).toBeVisible();
  await page.getByLabel("Password").evaluate((el) => el.removeAttribute("minlength"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("credit-balance")).toHaveText("10 credits");
  await context.close();
});

test("delete my account: the password confirms it, then everything is gone and logging in fails", async ({ page }) => {
  const email = newEmail();
  await signUp(page, email);
  await expect(page).toHaveURL(/\/generate$/);
  await page.goto("/account");

  await page.getByRole("button", { name: "Delete my account…" }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete your account?" });
  await dialog.getByLabel("Password").fill("not my password");
  await dialog.getByRole("button", { name: "Delete everything" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("That is not your password. Nothing was deleted.");
  await expect(page).toHaveURL(/\/account$/);

  await dialog.getByLabel("Password").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Delete everything" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByText("Your account has been deleted.")).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toHaveCount(0);

  await page.goto("/login");
  await logIn(page, email);
  await expect(page.getByRole("alert")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login$/);
});

/** One account signed up on a laptop and logged in on a phone: two browser contexts, two sessions. */
async function signedInOnTwoBrowsers(browser: Browser, email: string) {
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const here = await laptop.newPage();
  const there = await phone.newPage();
  await signUp(here, email);
  await expect(here).toHaveURL(/\/generate$/);
  await there.goto("/login");
  await logIn(there, email);
  await expect(there).toHaveURL(/\/generate$/);
  return { laptop, phone, here, there };
}

test("two browsers, two sessions: log out everywhere else ends the other one", async ({ browser }) => {
  const email = newEmail();
  const { laptop, phone, here, there } = await signedInOnTwoBrowsers(browser, email);

  await here.goto("/account");
  const sessions = here.getByTestId("session-row");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(sessions.first()).toContainText("Chrome on Linux");

  await here.getByRole("button", { name: "Log out everywhere else" }).click();
  await expect(here.getByText("Logged out everywhere else")).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText("This device");

  await there.goto("/account");
  await expect(there).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await here.reload();
  await expect(here.getByTestId("account-balance")).toHaveText("10");
  await laptop.close();
  await phone.close();
});

test("change password: the current one is required, other sessions end, the new one logs in", async ({ browser }) => {
  const email = newEmail();
  const newPassword = "a fresh passphrase 2";
  const { laptop, phone, here, there } = await signedInOnTwoBrowsers(browser, email);

  await here.goto("/account");
  await here.getByLabel("Current password").fill("not my password");
  await here.getByLabel("New password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("That is not your current password.")).toBeVisible();

  await here.getByLabel("Current password").fill(PASSWORD);
  await here.getByLabel("New password").fill(newPassword);
  await here.getByRole("button", { name: "Change password" }).click();
  await expect(here.getByText("Password changed")).toBeVisible();
  await expect(here.getByTestId("session-row")).toHaveCount(1);

  await there.goto("/account");
  await expect(there).toHaveURL(/\/login\?redirectTo=%2Faccount$/);
  await logIn(there, email, PASSWORD);
  await expect(there.getByRole("alert")).toHaveText("Wrong email or password.");
  await logIn(there, email, newPassword);
  await expect(there).toHaveURL(/\/account$/);
  await laptop.close();
  await phone.close();
});
