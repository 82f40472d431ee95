// A home server opened from another machine over plain HTTP, by a LAN host
// name: Chromium resolves thumbsmith-box.lan to this machine, which makes it a
// non-secure origin that is not localhost, where a Secure cookie is dropped.
import { expect, test } from "@playwright/test";
import { newEmail, PASSWORD } from "./session";

const LAN_HOST = "thumbsmith-box.lan";

test("signing up over plain HTTP on a LAN host name lands logged in on Generate, and stays", async ({ playwright, launchOptions, baseURL }) => {
  const browser = await playwright.chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
  });
  try {
    const page = await browser.newPage();
    const lan = `http://${LAN_HOST}:${new URL(baseURL!).port}`;
    await page.goto(`${lan}/signup`);
    await page.getByLabel("Email").fill(newEmail());
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();

    await expect(page).toHaveURL(`${lan}/generate`);
    await expect(page.getByTestId("credit-balance")).toBeVisible();
    await page.reload();
    await expect(page.getByTestId("credit-balance")).toBeVisible();
    const cookies = await page.context().cookies(lan);
    expect(cookies.find((c: { name: string }) => c.name === "__thumbsmith_session")).toMatchObject({ secure: false, httpOnly: true });
  } finally {
    await browser.close();
  }
});

test("when the browser does not keep the cookie, the log in page says why instead of looping", async ({ page }) => {
  // Stands in for a browser that blocks cookies: the sign up answer reaches
  // it without its Set-Cookie. Fetched from Node, not the browser context,
  // whose request client would store the cookie itself.
  await page.route(/\/signup\?/, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    const response = await fetch(request.url(), {
      method: "POST",
      headers: request.headers(),
      body: request.postData() ?? undefined,
      redirect: "manual",
    });
    const headers = Object.fromEntries([...response.headers].filter(([name]) => name !== "set-cookie"));
    await route.fulfill({ status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) });
  });
  await page.goto("/signup");
  await page.getByLabel("Email").fill(newEmail());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fgenerate&cookie=/);
  const problem = page.getByTestId("cookie-problem");
  await expect(problem).toContainText("Your browser did not keep the log in cookie");
  await expect(problem).toContainText("Allow cookies for localhost:");
});
