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
