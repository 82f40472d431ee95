// The API reference renders in Chromium from the app alone: Scalar's bundle
// is served by the app, the page keeps to the CSP, and nothing is fetched
// from anywhere else (no fonts, telemetry, proxy or CDN).
import { expect, test } from "@playwright/test";

test("the API reference at /api/docs renders the OpenAPI document, without a token, within the CSP, with no outbound requests", async ({ page, baseURL }) => {
  const origin = new URL(baseURL!).origin;
  const outbound: string[] = [];
  // Anything leaving the app is recorded and never sent.
  await page.route(
    (url) => url.origin !== origin && !["data:", "blob:"].includes(url.protocol),
    (route) => {
      outbound.push(route.request().url());
      return route.abort();
    },
  );
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });

  const bundle = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/docs/scalar.js");
  const response = await page.goto("/api/docs");
  expect(response?.status()).toBe(200);
  expect((await bundle).headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  expect(new URL((await bundle).url()).searchParams.get("v")).toMatch(/^[0-9a-f]{16}$/);

  // Scalar has read the document: its title and operations from each part of the API.
  await expect(page.getByRole("heading", { name: "Thumbsmith API", level: 1 })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Edit: save changed recipe fields as a new version").first()).toBeVisible();
  await expect(page.getByText("Create a Test & Compare set").first()).toBeVisible();
  await expect(page.getByRole("link", { name: "← Back to Thumbsmith" })).toHaveAttribute("href", "/");

  // Let anything deferred (fonts, telemetry, lazy chunks) have its chance to call out.
  await page.waitForLoadState("networkidle");
  await page.getByText("Download the current version (JPEG)").first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  expect(outbound).toEqual([]);
  expect(problems).toEqual([]);

  // The link back goes to the app.
  await page.getByRole("link", { name: "← Back to Thumbsmith" }).click();
  await expect(page).toHaveURL(`${origin}/`);
});
