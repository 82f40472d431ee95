import { expect, test } from "@playwright/test";
import { signUpNewUser, startGeneration, uploadAstronaut } from "./session";

// This app instance has KIE_API_KEY set and talks to a fake kie.ai on
// loopback, which calls back (signed) to PUBLIC_URL.
test("with kie.ai configured, a batch runs from the browser to stored thumbnails", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await startGeneration(page, { keywords: "iPhone 17 review, shocking battery", backgrounds: 2 });

  await expect(page.getByText("kie.ai", { exact: false }).first()).toBeVisible();
  const thumbnails = page.getByRole("list", { name: "Thumbnails" }).getByRole("img");
  await expect(thumbnails).toHaveCount(4, { timeout: 30_000 });
  await expect(page.getByText("Completed")).toBeVisible();

  await page.reload();
  await expect(thumbnails).toHaveCount(4);
  await expect.poll(() => thumbnails.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
  await expect(page.getByTestId("credit-balance")).toHaveText("9 credits");
});

test("with kie.ai configured, the creator can pick the built-in compositor for a batch instead, and the choice of what the model draws goes with kie.ai", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  const services = page.getByRole("group", { name: "Made by" });
  await expect(services.getByLabel("kie.ai")).toBeChecked();
  const modelDraws = page.getByRole("group", { name: "What the image model draws" });
  await expect(modelDraws.getByLabel(/Scene \+ your photo/)).toBeChecked();
  await expect(modelDraws.getByRole("radio")).toHaveCount(3);
  await services.getByLabel(/built-in compositor/).check();
  // Only an image model draws.
  await expect(modelDraws).toHaveCount(0);

  await startGeneration(page, { keywords: "budget gaming pc", backgrounds: 1, service: "built-in compositor (offline)" });
  await expect(page.getByText("built-in compositor", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole("list", { name: "Thumbnails" }).getByRole("img")).toHaveCount(2);
});

test("with kie.ai and OpenAI set up, the creator picks OpenAI for a batch: it is made by OpenAI, as a scene with the creator's photo put in", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  await expect(page.getByRole("group", { name: "Made by" }).getByRole("radio")).toHaveCount(3);
  await startGeneration(page, { keywords: "budget gaming pc", backgrounds: 1, service: "OpenAI" });
  await expect(page.getByText("OpenAI", { exact: false }).first()).toBeVisible();
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });
  const thumbnails = page.getByRole("list", { name: "Thumbnails" }).getByRole("img");
  await expect(thumbnails).toHaveCount(2);
  // A scene the creator chose to be put in: no tile explains a replaced plate.
  await expect(page.getByTestId("thumbnail-note")).toHaveCount(0);
  await expect.poll(() => thumbnails.first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
});

// The fake kie.ai of playwright.config.ts (E2E_PORT - 3) takes control requests.
const fakeKie = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3199) - 3}`;
const controlFakeKie = (change: Record<string, unknown>) =>
  fetch(`${fakeKie}/__control`, { method: "POST", body: JSON.stringify(change) }).then((r) => expect(r.status).toBe(200));

test("a long kie.ai batch says what kie.ai is doing from the first seconds, with a clock and an estimate", async ({ page }) => {
  test.setTimeout(60_000);
  await signUpNewUser(page);
  await uploadAstronaut(page);
  // A quick batch first: it leaves render times behind, from which the next batch is estimated.
  await startGeneration(page, { keywords: "budget gaming pc", backgrounds: 1 });
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });

  // Then tasks of 20-40 s, with no callbacks: only polling finds out how they are doing.
  await controlFakeKie({ taskLatencyRangeMs: [20_000, 40_000], sendCallbacks: false });
  try {
    await startGeneration(page, { keywords: "mechanical keyboard review", backgrounds: 1 });
    const fiveSeconds = { timeout: 5_000 };
    const step = page.getByTestId("current-step");
    await expect(step).toContainText("kie.ai", fiveSeconds);
    const tiles = page.getByTestId("cell-state");
    await expect(tiles).toHaveCount(2, fiveSeconds);
    for (const tile of await tiles.all()) await expect(tile).toHaveText(/^(Sent to kie\.ai|Generating…)$/, fiveSeconds);
    await expect(step).toHaveText("kie.ai is generating 2 images", fiveSeconds);
    await expect(tiles.first()).toHaveText("Generating…");

    const elapsed = page.getByTestId("elapsed");
    const first = await elapsed.textContent();
    expect(first).toMatch(/^0:0\d$/);
    await expect(elapsed).not.toHaveText(first!, { timeout: 3_000 });

    await expect(page.getByTestId("estimate")).toHaveText(/^ · usually about \d+ (s|min)$/);
    await expect(page).toHaveTitle("(0/2) mechanical keyboard review · Thumbsmith");
    // Nothing finished yet: the bar claims no percentage.
    await expect(page.getByRole("progressbar")).toHaveAttribute("data-state", "indeterminate");
    await expect(page.getByRole("button", { name: "Notify me" })).toBeVisible();
  } finally {
    await controlFakeKie({ reset: true });
  }
});
