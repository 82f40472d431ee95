// Renders a whole batch from a portrait into one PNG grid, to judge the set
// at a glance: each thumbnail at half size, and under the grid the same
// thumbnails at 168x94, the size of YouTube's sidebar.
//   npm run contact-sheet -- [--keywords "..."] [--headline "..."] [--portrait file]
//                            [--prompts 3] [--backgrounds 4] [--out contact-sheet.png]
//                            [--scene picture]
// --scene: every cell as "Scene + your photo" on that picture, standing in for
// an image model's scene (the creator's cut-out put in, then the headline).
//                            [--topic file|game|product]... (up to 3 topic images, in order)
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
    // A file, or a stand-in drawn here: "game" (a game capture), "product" (a product shot on white).
    topic: { type: "string", multiple: true, default: [] },
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
/** Stand-ins for a creator's topic images, so the sheet can be judged without one. */
function fakeTopic(kind: string) {
  if (kind === "game") {
    const hills = Array.from({ length: 7 }, (_, i) => `<circle cx="${i * 230}" cy="${760 + (i % 2) * 60}" r="${260 + (i % 3) * 40}" fill="${i % 2 ? "#2e9e48" : "#3fbf5a"}"/>`).join("");
    return Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="720"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#3a7bd5"/><stop offset="1" stop-color="#9fd8ff"/></linearGradient></defs>` +
        `<rect width="1280" height="720" fill="url(#s)"/><circle cx="1040" cy="140" r="70" fill="#fff3a0"/>${hills}` +
        `<rect x="520" y="430" width="240" height="90" rx="18" fill="#e02020"/><rect x="570" y="380" width="140" height="70" rx="14" fill="#b01818"/>` +
        `<circle cx="570" cy="525" r="34" fill="#222"/><circle cx="710" cy="525" r="34" fill="#222"/>` +
        `<rect x="40" y="30" width="300" height="34" rx="6" fill="#000" fill-opacity="0.5"/><rect x="46" y="36" width="210" height="22" rx="4" fill="#ff3b3b"/>` +
        `<text x="1240" y="690" font-family="sans-serif" font-size="44" font-weight="700" fill="#fff" text-anchor="end">LAP 2/3</text></svg>`,
    );
  }
  if (kind === "product") {
    return Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="1200"><rect width="1200" height="1200" fill="#f2f2f2"/>` +
        `<ellipse cx="600" cy="1010" rx="380" ry="40" fill="#000" fill-opacity="0.18"/>` +
        `<rect x="330" y="200" width="540" height="800" rx="40" fill="#1d1f24"/><rect x="350" y="220" width="500" height="760" rx="28" fill="#2b2f38"/>` +
        `<circle cx="600" cy="420" r="120" fill="#111" stroke="#5a6270" stroke-width="14"/><circle cx="600" cy="420" r="60" fill="#3c7cff"/>` +
        `<rect x="420" y="640" width="360" height="36" rx="18" fill="#4fdc7a"/><rect x="420" y="710" width="260" height="24" rx="12" fill="#8891a0"/></svg>`,
    );
  }
  return fs.readFileSync(kind);
}

const topics = await Promise.all(
  (values.topic ?? []).slice(0, 3).map(async (kind, i) => ({ key: `topic-${i}`, bytes: await sharp(fakeTopic(kind)).jpeg({ quality: 90 }).toBuffer() })),
);
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
  async (key) => (key === "scene" ? scene! : topics.find((t) => t.key === key)!.bytes),
);

/** The cell as the runner stores it: on its own, or put into the scene as Scene + your photo does. */
async function renderCell(cell: Parameters<typeof batch.render>[0]) {
  if (!scene) return (await batch.render(cell, topics.map((t) => t.key))).image;
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
