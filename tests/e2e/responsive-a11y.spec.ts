import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { newEmail, PASSWORD, signUpNewUser } from "./session";

const astronaut = path.resolve("tests/fixtures/astronaut.png");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/**
 * Checks the page as it is at both sizes: its title, nothing wider than the
 * viewport, no serious or critical axe violation, a visible focus on every control. The viewport changes without a reload,
 * so one visit covers both sizes.
 */
async function checkPage(page: Page, name: string, title: string | RegExp) {
  await expect(page, `${name}: its own <title>`).toHaveTitle(title);
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    const where = `${name} at ${size.width}x${size.height}`;
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      // Names the elements that stick out, so a failure says where to look.
      wide: [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`),
    }));
    expect.soft(widths.scroll, `${where} scrolls sideways: ${widths.wide.join(", ")}`).toBeLessThanOrEqual(widths.client);
    // Colours are measured once things stand still: a toast fading in has not reached its colours yet.
    await page.evaluate(() =>
      Promise.all(
        document
          .getAnimations()
          .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
          .map((a) => a.finished.catch(() => undefined)),
      ),
    );
    const { violations } = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).analyze();
    const serious = violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join(" | ")}`);
    expect.soft(serious, where).toEqual([]);
    expect.soft(await controlsWithoutVisibleFocus(page), `${where}: controls with no visible focus`).toEqual([]);
  }
}

/**
 * Names every control that shows neither an outline nor a ring (a box-shadow
 * of 2px or more with no blur and no offset) while it has keyboard focus.
 * One Tab press puts the page in keyboard mode; after that Chromium keeps
 * :focus-visible on elements that script focuses, so one pass covers them all.
 */
async function controlsWithoutVisibleFocus(page: Page) {
  await page.keyboard.press("Tab");
  return page.evaluate(() => {
    const selector = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const controls = [...document.querySelectorAll<HTMLElement>(selector)].filter((el) => el.getClientRects().length > 0);
    const missing: string[] = [];
    for (const el of controls) {
      el.focus();
      if (document.activeElement !== el) continue;
      const style = getComputedStyle(el);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      // A ring at least 2px wide: the 1px ones are borders that are always there.
      const ring = /(?:^|,\s*)(?:[a-z]+\([^)]*\)\s+)?0px 0px 0px (?:[2-9]|\d\d)/.test(style.boxShadow);
      if (!outline && !ring) missing.push(`${el.tagName.toLowerCase()} "${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? ""}"`);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    return missing;
  });
}

test("every page fits a phone and a laptop and passes axe", async ({ page }) => {
  test.setTimeout(120_000);
  // Keep the running generation's page in its running state while it is checked.
  let holdEvents = true;
  await page.route("**/resources/generations/*/events", (route) => (holdEvents ? route.abort() : route.fallback()));

  await page.goto("/");
  await checkPage(page, "landing", "Thumbsmith: YouTube thumbnails from your portrait");
  // The icons and the manifest the page links to are there, with the right types.
  const linked = await page.locator('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]').evaluateAll((links) =>
    links.map((link) => link.getAttribute("href")!),
  );
  const types: Record<string, string> = {};
  for (const href of linked) types[href] = (await page.request.get(href)).headers()["content-type"] ?? "missing";
  expect(types).toEqual({
    "/favicon.ico": "image/x-icon",
    "/favicon.svg": "image/svg+xml",
    "/apple-touch-icon.png": "image/png",
    "/site.webmanifest": expect.stringMatching(/^application\/manifest\+json/),
  });
  await page.goto("/login");
  await checkPage(page, "log in", "Log in · Thumbsmith");
  await page.goto("/signup");
  // The form with its errors showing, the state with the most on the page.
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await checkPage(page, "sign up", "Sign up · Thumbsmith");

  await page.getByLabel("Email").fill(newEmail());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByTestId("credit-balance")).toBeVisible();

  await page.goto("/portraits");
  await expect(page.getByRole("heading", { name: "No portraits yet" })).toBeVisible();
  await checkPage(page, "portraits (empty)", "Portraits · Thumbsmith");
  await page.getByLabel("Photos", { exact: true }).setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();
  await checkPage(page, "portraits (with a photo)", "Portraits · Thumbsmith");

  await page.goto("/generate");
  await page.getByLabel("Keywords").fill("iPhone 17 review, shocking battery");
  await checkPage(page, "generate", "Generate · Thumbsmith");
  await page.getByLabel("Backgrounds").fill("2");
  await page.getByRole("button", { name: "Generate 4 thumbnails" }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(page.getByRole("button", { name: "Delete", exact: true })).toBeDisabled();
  // Its progress leads the title while it runs (none finished: the stream is held).
  await checkPage(page, "a running generation", "(0/4) iPhone 17 review, shocking battery · Thumbsmith");

  holdEvents = false;
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("Completed")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("list", { name: "Thumbnails" }).getByRole("img")).toHaveCount(4);
  await checkPage(page, "a finished generation", "iPhone 17 review, shocking battery · Thumbsmith");

  await page.goto("/gallery?tab=current");
  await expect(page.getByRole("list", { name: "Thumbnails" }).getByRole("img")).toHaveCount(4);
  await checkPage(page, "gallery, current", "Gallery · Thumbsmith");
  await page.getByRole("button", { name: "More actions for Headline 1, background 1" }).click();
  await page.getByRole("menuitem", { name: "Edit" }).click();
  await expect(page.getByRole("list", { name: "Legibility checks" })).toBeVisible();
  await checkPage(page, "thumbnail editor", "Edit · iPhone 17 review, shocking battery · Thumbsmith");
  await page.goto("/gallery?tab=history");
  await expect(page.getByRole("list", { name: "Past generations" })).toBeVisible();
  await checkPage(page, "gallery, history", "Gallery · Thumbsmith");
  await page.goto("/compare");
  await checkPage(page, "compare, no sets", "Test & Compare · Thumbsmith");
  await page.goto("/gallery?tab=current");
  await page.getByRole("button", { name: "More actions for Headline 1, background 1" }).click();
  await page.getByRole("menuitem", { name: "Add to Test & Compare" }).click();
  await page.getByRole("link", { name: /^Pick .*Headline 2, background 1$/ }).click();
  await expect(page.getByRole("list", { name: "Picked thumbnails" }).getByRole("listitem", { name: "Variant B" })).toBeVisible();
  await checkPage(page, "compare, picking", "New Test & Compare set · Thumbsmith");
  await page.getByRole("button", { name: "Create set of 2" }).click();
  await expect(page).toHaveURL(/\/compare\/[a-z0-9]+$/);
  await checkPage(page, "compare, a set", "iPhone 17 review, shocking battery · Test & Compare · Thumbsmith");

  await page.goto("/account");
  await checkPage(page, "account", "Account · Thumbsmith");

  // Webhooks: the list with one endpoint, its secret shown once, and the endpoint's page.
  await page.goto("/account/webhooks");
  await page.getByLabel("URL").fill("https://hooks.example.com/thumbsmith");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByTestId("webhook-secret")).toBeVisible();
  await checkPage(page, "webhooks", "Webhooks · Account · Thumbsmith");
  await page.getByRole("link", { name: "https://hooks.example.com/thumbsmith" }).click();
  await checkPage(page, "a webhook endpoint", "Webhook endpoint · Thumbsmith");
});

test("on a phone: upload a photo, generate, and reach the gallery through the header menu", async ({ page }) => {
  await page.setViewportSize(PHONE);
  await signUpNewUser(page);
  const header = page.getByRole("banner");
  // The balance stays in view; the full navigation folds into the menu.
  await expect(header.getByTestId("credit-balance")).toBeVisible();
  await expect(header.getByRole("navigation", { name: "Main" })).toBeHidden();

  await header.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Portraits" }).click();
  await expect(page).toHaveURL(/\/portraits$/);

  const camera = page.getByLabel("Take a photo");
  await expect(camera).toHaveAttribute("capture", "user");
  await expect(camera).toHaveAttribute("accept", /image\/jpeg/);
  // Record what the upload progress bar shows while the photo is sent.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenUpload: string[] }).seenUpload = seen;
    new MutationObserver(() => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Upload progress"]');
      const text = bar ? `${bar.getAttribute("aria-valuenow")} ${bar.getAttribute("aria-valuetext")}` : null;
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, attributes: true, childList: true });
  });
  await camera.setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Cut-out: astronaut" })).toBeVisible();
  // Still the same document: the upload went by script, not as a page load.
  const seen = await page.evaluate(() => (window as unknown as { seenUpload?: string[] }).seenUpload ?? []);
  expect(seen.at(-1), `upload progress seen: ${seen.join(", ")}`).toBe("100 100%");

  await header.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Generate" }).click();
  await page.getByLabel("Keywords").fill("phone batch");
  await page.getByLabel("Backgrounds").fill("1");
  await page.getByRole("button", { name: "Generate 2 thumbnails" }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(header.getByTestId("credit-balance")).toHaveText("9 credits");

  await header.getByRole("button", { name: "Menu" }).click();
  await page.getByRole("menuitem", { name: "Gallery" }).click();
  await expect(page).toHaveURL(/\/gallery$/);
  await expect(page.getByRole("list", { name: "Thumbnails" }).getByRole("img")).toHaveCount(2, { timeout: 20_000 });
  // The menu gave focus back to its button when it closed.
  await header.getByRole("button", { name: "Menu" }).click();
  await page.keyboard.press("Escape");
  await expect(header.getByRole("button", { name: "Menu" })).toBeFocused();
});

test("without JavaScript the Portraits form still uploads", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(newEmail());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.goto("/portraits");
  await page.getByLabel("Photos", { exact: true }).setInputFiles(astronaut);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();
  await expect(page.getByRole("img", { name: "Cut-out: astronaut" })).toBeVisible();
  await context.close();
});
