// Topic images on the way the app draws: a batch's images handed to the
// local provider reach the render threads with each cell, and the editor
// draws a stored recipe's image from bytes it sends with the task (read by
// key from storage, as plates are).
import fs from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { ASTRONAUT_PATH } from "#tests/images";
import { planGeneration } from "~/modules/design/plan";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import { compositorSession } from "~/modules/rendering/compositor-sessions.server";
import type { BatchInput, BatchPortrait } from "../provider";
import { localProvider } from "./local-entry.server";

let portrait: BatchPortrait;
let topic: Buffer;

beforeAll(async () => {
  portrait = await analysedPortrait(fs.readFileSync(ASTRONAUT_PATH));
  // Half magenta, half cyan, top to bottom: which one a pixel shows says it is the image.
  topic = await sharp(
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><rect width="1280" height="360" fill="#ff00c0"/><rect y="360" width="1280" height="360" fill="#00e0ff"/></svg>`),
  )
    .jpeg()
    .toBuffer();
}, 120_000);

/** The mean colour of a strip along the frame's top edge on the person's far side, where the background shows. */
async function topStrip(jpeg: Buffer, layout: string) {
  const left = layout === "person-right" ? WIDTH - 60 : 10;
  const { data } = await sharp(jpeg).extract({ left, top: 6, width: 50, height: 40 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const mean = [0, 1, 2].map((c) => {
    let sum = 0;
    for (let i = c; i < data.length; i += 3) sum += data[i];
    return sum / (data.length / 3);
  });
  return mean;
}

describe("topic images through the render threads", () => {
  test("the local provider draws a batch's topic image on the cells its recipe names it for; the editor draws the stored recipe again from the image's bytes", async () => {
    const plan = planGeneration({ keywords: "budget gaming PC", promptCount: 1, backgroundCount: 1 });
    const input: BatchInput = {
      generationId: `topic-threads-${Date.now()}`,
      keywords: "budget gaming PC",
      headline: null,
      modelDraws: "scene",
      plan,
      portrait,
      topicImages: [{ key: "topics/magenta.jpg", bytes: topic }],
      styleReference: null,
    };
    const batch = await localProvider.startBatch(input);
    // Cell 0 of a batch is a background cell (recipe.ts TOPIC_TURNS).
    const cell = { prompt: plan.prompts[0], background: plan.backgrounds[0] };
    const { image, spec } = await batch.render(cell, { prompt: "" });
    expect(spec?.topic).toEqual({ key: "topics/magenta.jpg", place: "background" });
    // Magenta, a little darker at the frame's corner (the photo's vignette).
    const [r, g, b] = await topStrip(image, spec!.prompt.layout);
    expect(r - g, `${r} ${g} ${b}`).toBeGreaterThan(120);
    expect(b - g, `${r} ${g} ${b}`).toBeGreaterThan(90);
    expect((await sharp(image).metadata()).height).toBe(HEIGHT);

    // The editor, in a session opened from the stored portrait, without the batch's images: the task carries the bytes.
    const session = compositorSession(`topic-editor-${Date.now()}`, async () => portrait);
    const redrawn = await session.drawRecipe(spec!, { topic });
    const [r2, g2, b2] = await topStrip(redrawn.jpeg, spec!.prompt.layout);
    expect(r2 - g2, `${r2} ${g2} ${b2}`).toBeGreaterThan(120);
    expect(b2 - g2, `${r2} ${g2} ${b2}`).toBeGreaterThan(90);
    // Without them it cannot: a missing image is an error, not a silent plain background.
    await expect(compositorSession(`topic-missing-${Date.now()}`, async () => portrait).drawRecipe(spec!)).rejects.toThrow(/topics\/magenta.jpg/);
  }, 120_000);
});
