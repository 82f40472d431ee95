// Renders a whole batch from a portrait into one PNG grid, to judge the set
// at a glance: each thumbnail at half size, and under the grid the same
// thumbnails at 168x94, the size of YouTube's sidebar.
//   npm run contact-sheet -- [--keywords "..."] [--headline "..."] [--portrait file]
//                            [--prompts 3] [--backgrounds 4] [--out contact-sheet.png]
//                            [--scene picture]
// --scene: every cell as "Scene + your photo" on that picture, standing in for
// an image model's scene (the creator's cut-out put in, then the headline).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import sharp from "sharp";
import { planGeneration } from "~/modules/design/plan";
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";
import { chosenFace } from "~/modules/portraits/analysis/types";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import { startLocalBatch } from "~/modules/providers/local/compositor.server";
import { cutoutFacePlace, HEIGHT, WIDTH } from "~/modules/design/frame";
import { recipeForCell } from "~/modules/design/recipe";

const { values } = parseArgs({
  options: {
    keywords: { type: "string", default: "budget gaming PC, under 500 dollars, is it worth it" },
    headline: { type: "string" },
    portrait: { type: "string", default: path.resolve("tests/fixtures/astronaut.png") },
    prompts: { type: "string", default: "3" },
    backgrounds: { type: "string", default: "4" },
    out: { type: "string", default: "contact-sheet.png" },
    scene: { type: "string" },
  },
});

const portrait = await normalizePortrait(fs.readFileSync(values.portrait!));
// The same analysis an upload gets: the cut-out and the face drive the layout.
const analysis = await analyzePortrait(portrait.image);
const plan = planGeneration({
  keywords: values.keywords!,
  headline: values.headline,
  promptCount: Number(values.prompts),
  backgroundCount: Number(values.backgrounds),
});
const scene = values.scene
  ? await sharp(fs.readFileSync(values.scene)).resize(WIDTH, HEIGHT, { fit: "cover" }).flatten().jpeg({ quality: 90 }).toBuffer()
  : null;
const batch = startLocalBatch(
  {
    portrait: {
      bytes: portrait.image,
      hasAlpha: portrait.hasAlpha,
      mask: analysis.mask,
      face: chosenFace(analysis),
    },
  },
  async () => scene!,
);

/** The cell as the runner stores it: on its own, or put into the scene as Scene + your photo does. */
async function renderCell(cell: Parameters<typeof batch.render>[0]) {
  if (!scene) return (await batch.render(cell)).image;
  const planned = recipeForCell(cell, { hasMask: Boolean(analysis.mask) });
  const person = analysis.mask ? { ...planned.person, treatment: "cutout" as const } : planned.person;
  const plate = { key: "scene", face: cutoutFacePlace(planned.prompt.layout), yourPhoto: "scene" as const };
  return batch.draw(await batch.planSpec({ ...planned, person, plate }));
}

const tile = { width: WIDTH / 2, height: HEIGHT / 2 };
const small = { width: 168, height: 94 };
const gap = 16;
const columns = plan.backgrounds.length;
const rows = plan.prompts.length;
const gridHeight = gap + rows * (tile.height + gap);
const tiles: sharp.OverlayOptions[] = [];
const started = performance.now();
for (const prompt of plan.prompts) {
  for (const background of plan.backgrounds) {
    const image = await renderCell({ prompt, background });
    tiles.push({
      input: await sharp(image).resize(tile.width, tile.height).png().toBuffer(),
      left: gap + background.index * (tile.width + gap),
      top: gap + prompt.index * (tile.height + gap),
    });
    tiles.push({
      input: await sharp(image).resize(small.width, small.height).png().toBuffer(),
      left: gap + (prompt.index * columns + background.index) * (small.width + gap),
      top: gridHeight,
    });
  }
}
const elapsed = performance.now() - started;
const smallRowWidth = gap + rows * columns * (small.width + gap);
await sharp({
  create: {
    width: Math.max(gap + columns * (tile.width + gap), smallRowWidth),
    height: gridHeight + small.height + gap,
    channels: 3,
    background: "#0b0d12",
  },
})
  .composite(tiles)
  .png()
  .toFile(values.out!);
console.log(
  `Wrote ${values.out}: ${plan.prompts.length} prompts x ${plan.backgrounds.length} backgrounds, rendered in ${elapsed.toFixed(0)} ms ` +
    `(${analysis.faces.length} face(s) found, ${analysis.mask ? "cut-out" : "no person mask: framed photo"}).`,
);
