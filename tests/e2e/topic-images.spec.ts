// Topic images in the browser: a frame taken from a local video (made in
// the page with a canvas and MediaRecorder, so nothing is shipped or
// downloaded) becomes a topic image of a batch.
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { newEmail, PASSWORD, signUpNewUser, uploadAstronaut } from "./session";

/**
 * A 1.6 s WebM (VP8) made in the page: red for its first half, blue for its
 * second, with a white square moving across, so the frame taken says which
 * moment was picked. MediaRecorder writes no duration, as a browser
 * recording from a real creator would not either.
 */
async function recordClip(page: Page) {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext("2d")!;
    const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: "video/webm;codecs=vp8" });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const stopped = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start(100);
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const draw = () => {
        const elapsed = performance.now() - started;
        context.fillStyle = elapsed < 800 ? "#dc2626" : "#2563eb";
        context.fillRect(0, 0, 320, 180);
        context.fillStyle = "#ffffff";
        context.fillRect((elapsed / 6) % 280, 70, 40, 40);
        if (elapsed < 1600) requestAnimationFrame(draw);
        else resolve();
      };
      draw();
    });
    recorder.stop();
    await stopped;
    const bytes = new Uint8Array(await new Blob(chunks, { type: "video/webm" }).arrayBuffer());
    let binary = "";
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  return Buffer.from(base64, "base64");
}

/** The colour at the top-left corner of a loaded image on the page, as [r, g, b]. */
function cornerColour(page: Page, selector: Parameters<Page["locator"]>[0]) {
  return page.locator(selector).evaluate(async (img: HTMLImageElement) => {
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0);
    return Array.from(context.getImageData(4, 4, 1, 1).data.slice(0, 3));
  });
}

test("take a frame from a video, use it as a topic image, generate, and find it on the batch's page", async ({ page }) => {
  test.setTimeout(60_000);
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  const clip = await recordClip(page);

  await page.getByLabel("Take a frame from your video").setInputFiles({ name: "clip.webm", mimeType: "video/webm", buffer: clip });
  await expect(page.getByLabel("Your video", { exact: true })).toBeVisible();
  const moment = page.getByLabel("Moment in the video");
  // Enabled once the browser has worked out the recording's length.
  await expect(moment).toBeEnabled();
  // Into the blue half.
  await moment.fill("1.2");
  const useFrame = page.getByRole("button", { name: "Use this frame" });
  await expect(useFrame).toBeEnabled();
  await useFrame.click();

  const chosen = page.getByRole("list", { name: "Chosen topic images" });
  await expect(chosen.getByRole("img")).toHaveCount(1);
  await expect(chosen.getByRole("img", { name: /^Topic image 1: frame-0-01-\d\.jpg$/ })).toBeVisible();
  const [r, , b] = await cornerColour(page, 'ul[aria-label="Chosen topic images"] img');
  expect(b).toBeGreaterThan(150);
  expect(r).toBeLessThan(100);

  await page.getByLabel("Keywords").fill("unboxing the blue box");
  await page.getByLabel("Backgrounds").fill("1");
  // What the form posts (Playwright does not show a multipart body with files):
  // the frame as a topic image, and nothing of the video.
  const files = await page.locator("form#generate-form").evaluate((form: HTMLFormElement) =>
    [...new FormData(form)].flatMap(([name, value]) => (value instanceof File ? [`${name}: ${value.name} ${value.type}`] : [])),
  );
  expect(files).toEqual([expect.stringMatching(/^topicImage: frame-0-01-\d\.jpg image\/jpeg$/)]);
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();

  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  const shown = page.getByRole("img", { name: "Topic image 1" });
  await expect(shown).toBeVisible();
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  const [shownR, , shownB] = await cornerColour(page, 'section[aria-labelledby="topic-images-heading"] img');
  expect(shownB).toBeGreaterThan(150);
  expect(shownR).toBeLessThan(100);

  // The thumbnails show the frame: the first cell has it as its background, the second on a framed screen.
  // This batch's palette is green ("toxic green"), so its blue can only be the frame's (about 15% of each here).
  await expect(page.getByText("Completed")).toBeVisible({ timeout: 30_000 });
  const thumbnails = page.getByRole("list", { name: "Thumbnails" }).getByRole("img");
  await expect(thumbnails).toHaveCount(2);
  for (const thumbnail of await thumbnails.all()) {
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1280);
    expect(await blueShare(thumbnail)).toBeGreaterThan(0.08);
  }
});

/** The share of a thumbnail's pixels that are the frame's blue (darkened or not): blue well above red and green. */
function blueShare(image: ReturnType<Page["locator"]>) {
  return image.evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext("2d")!;
    context.drawImage(img, 0, 0, canvas.width, canvas.height);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let blue = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 2] > data[i] + 50 && data[i + 2] > data[i + 1] + 50) blue++;
    return blue / (data.length / 4);
  });
}

test("at most three topic images: the picker says so and takes no more", async ({ page }) => {
  await signUpNewUser(page);
  await uploadAstronaut(page);
  await page.goto("/generate");
  const picker = page.getByLabel("Add images");
  const image = (name: string) => ({ name, mimeType: "image/png", buffer: Buffer.from(ONE_PIXEL_PNG, "base64") });
  await picker.setInputFiles([image("a.png"), image("b.png")]);
  await picker.setInputFiles([image("c.png"), image("d.png")]);
  const chosen = page.getByRole("list", { name: "Chosen topic images" });
  await expect(chosen.getByRole("img")).toHaveCount(3);
  await expect(page.getByText("A batch takes 3 topic images at most: 1 was left out.")).toBeVisible();
  await expect(page.getByText("3 of 3 topic images: remove one to add another.")).toBeVisible();
  await expect(picker).toBeHidden();

  await page.getByRole("button", { name: "Remove topic image 2 (b.png)" }).click();
  await expect(chosen.getByRole("img")).toHaveCount(2);
  await expect(picker).toBeVisible();
  // What the form will post is what the list shows.
  expect(await picker.evaluate((input: HTMLInputElement) => Array.from(input.files ?? []).map((file) => file.name))).toEqual(["a.png", "c.png"]);
});

test("without JavaScript, plain image files chosen in the picker become the batch's topic images", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(newEmail());
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await page.goto("/portraits");
  await page.getByLabel("Photos", { exact: true }).setInputFiles(path.resolve("tests/fixtures/astronaut.png"));
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByText("Added 1 portrait.")).toBeVisible();

  await page.goto("/generate");
  // Nothing that needs a script is offered.
  await expect(page.getByLabel("Take a frame from your video")).toHaveCount(0);
  await page.getByLabel("Add images").setInputFiles([
    { name: "product.png", mimeType: "image/png", buffer: await solidPng(400, 300, "#16a34a") },
    { name: "screen.png", mimeType: "image/png", buffer: await solidPng(300, 400, "#9333ea") },
  ]);
  await page.getByLabel("Keywords").fill("two topic images");
  await page.getByRole("button", { name: /Generate \d+ thumbnails/ }).click();
  await expect(page).toHaveURL(/\/gallery\/[a-z0-9]+$/);
  await expect(page.getByRole("img", { name: "Topic image 1" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Topic image 2" })).toBeVisible();
  await context.close();
});

/** A plain PNG of one colour, made in Node like the other fixtures. */
function solidPng(width: number, height: number, colour: string) {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

// A 1x1 PNG: the picker's limit is about count, not content.
const ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
