// Renders a whole batch from a portrait into one PNG grid, to judge the set
// at a glance.
//   npm run contact-sheet -- [--keywords "..."] [--headline "..."] [--portrait file]
//                            [--prompts 3] [--backgrounds 4] [--out contact-sheet.png]
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { planGeneration } from "~/modules/generations/plan";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import { localProvider, HEIGHT, WIDTH } from "~/modules/providers/local/compositor.server";

const { values } = parseArgs({
  options: {
    keywords: { type: "string", default: "iPhone 17 review, shocking battery" },
    headline: { type: "string" },
    portrait: { type: "string", default: path.resolve("tests/fixtures/astronaut.png") },
    prompts: { type: "string", default: "3" },
    backgrounds: { type: "string", default: "4" },
    out: { type: "string", default: "contact-sheet.png" },
  },
});

const portrait = await normalizePortrait(fs.readFileSync(values.portrait!));
const plan = planGeneration({
  keywords: values.keywords!,
  headline: values.headline,
  promptCount: Number(values.prompts),
  backgroundCount: Number(values.backgrounds),
});
const batch = await localProvider.startBatch({
  generationId: "contact-sheet",
  keywords: values.keywords!,
  headline: values.headline ?? null,
  plan,
  portrait: { bytes: portrait.image, hasAlpha: portrait.hasAlpha, mask: null, face: null },
});

const tileWidth = WIDTH / 2;
const tileHeight = HEIGHT / 2;
const gap = 16;
const columns = plan.backgrounds.length;
const tiles: sharp.OverlayOptions[] = [];
const started = performance.now();
for (const prompt of plan.prompts) {
  for (const background of plan.backgrounds) {
    const { image } = await batch.render({ prompt, background });
    tiles.push({
      input: await sharp(image).resize(tileWidth, tileHeight).png().toBuffer(),
      left: gap + background.index * (tileWidth + gap),
      top: gap + prompt.index * (tileHeight + gap),
    });
  }
}
const elapsed = performance.now() - started;
await sharp({
  create: {
    width: gap + columns * (tileWidth + gap),
    height: gap + plan.prompts.length * (tileHeight + gap),
    channels: 3,
    background: "#0b0d12",
  },
})
  .composite(tiles)
  .png()
  .toFile(values.out!);
console.log(
  `Wrote ${values.out}: ${plan.prompts.length} prompts x ${plan.backgrounds.length} backgrounds, rendered in ${elapsed.toFixed(0)} ms.`,
);
