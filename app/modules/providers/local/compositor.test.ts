// Product rules for the offline compositor, measured on the rendered pixels:
// the face found by the detector in the output JPEG, each layer's pixels
// found by rendering with and without it, colours read back from the image.
import fs from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { analysedPortrait } from "#tests/analysed-portrait";
import { fillColours, glyphPixels, hexRgb, lineInkHeight } from "#tests/headline-pixels";
import { planGeneration, type GenerationPlan } from "~/modules/design/plan";
import { PALETTES } from "~/modules/design/palettes";
import { recipeForCell } from "~/modules/design/recipe";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import { ASTRONAUT_PATH } from "#tests/images";
import { HARD_PHOTOS, noPerson, tallHair } from "#tests/hard-photos";
import type { BatchPortrait, CellRequest } from "../provider";
import { LAYERS, PORTRAITS_KEPT, startLocalBatch, type LayerName } from "./compositor.server";
import { DURATION_ZONE, faceCentreX, HEIGHT, MIN_CAP_HEIGHT, WIDTH } from "~/modules/design/frame";

// WCAG 2 relative luminance and contrast, written out independently of the compositor.
function channel(c: number) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}
function relativeLuminance(r: number, g: number, b: number) {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

const keywords = "budget gaming PC, under 500 dollars, is it worth it";
type Subject = { name: string; portrait: BatchPortrait };

/**
 * The two fixtures as they are, then the hard photos made from them
 * (tests/hard-photos.ts). Named up front so each test runs once per photo;
 * each is normalized and analysed once, as an upload is.
 */
const SOURCES: { name: string; read: () => Promise<Buffer> }[] = [
  { name: "astronaut (waist-up)", read: async () => fs.readFileSync(ASTRONAUT_PATH) },
  { name: "Grace Hopper (head and shoulders)", read: async () => fs.readFileSync("tests/fixtures/grace-hopper.jpg") },
  ...HARD_PHOTOS.map(({ name, make }) => ({ name, read: async () => (await make()).bytes })),
];
const NAMES = SOURCES.map((s) => s.name);
const FIXTURES = NAMES.slice(0, 2);
const subjects = new Map<string, Subject>();
const subject = (name: string) => subjects.get(name)!;
let plan: GenerationPlan;


beforeAll(async () => {
  plan = planGeneration({ keywords, promptCount: 4, backgroundCount: 3 });
  for (const { name, read } of SOURCES) subjects.set(name, { name, portrait: await analysedPortrait(await read()) });
}, 180_000);

function batchFor(portrait: BatchPortrait) {
  return startLocalBatch({ portrait });
}

function cellsOf(batchPlan: GenerationPlan): CellRequest[] {
  return batchPlan.prompts.flatMap((prompt) => batchPlan.backgrounds.map((background) => ({ prompt, background })));
}

/**
 * The cells a per-cell rule is checked on: the whole batch for the two
 * fixtures; for a hard photo each prompt once, the backgrounds taken in turn
 * (every layout, treatment and background kind still comes up), to keep the
 * file's run time reasonable.
 */
function cellsToCheck(name: string): CellRequest[] {
  const cells = cellsOf(plan);
  if (FIXTURES.includes(name)) return cells;
  return cells.filter((cell) => (cell.prompt.index + cell.background.index) % plan.backgrounds.length === 0);
}

async function pixels(jpeg: Buffer) {
  return sharp(jpeg).removeAlpha().raw().toBuffer();
}

/** Pixels that differ between two renders of the same cell: what one layer drew. */
function difference(a: Buffer, b: Buffer, threshold = 40) {
  const mask = new Uint8Array(WIDTH * HEIGHT);
  for (let i = 0; i < mask.length; i++) {
    const d = Math.abs(a[i * 3] - b[i * 3]) + Math.abs(a[i * 3 + 1] - b[i * 3 + 1]) + Math.abs(a[i * 3 + 2] - b[i * 3 + 2]);
    if (d > threshold) mask[i] = 1;
  }
  return mask;
}

function countIn(mask: Uint8Array, box: { left: number; top: number; width: number; height: number }) {
  let count = 0;
  for (let y = Math.max(0, Math.floor(box.top)); y < Math.min(HEIGHT, box.top + box.height); y++) {
    for (let x = Math.max(0, Math.floor(box.left)); x < Math.min(WIDTH, box.left + box.width); x++) count += mask[y * WIDTH + x];
  }
  return count;
}

/** Renders a cell whole and without the given layers. */
async function renderPair(batch: ReturnType<typeof batchFor>, cell: CellRequest, omit: LayerName[]) {
  const spec = await batch.planCell(cell);
  const [whole, without] = await Promise.all([batch.draw(spec), batch.draw(spec, new Set(omit))]);
  return { spec, whole, without, wholePixels: await pixels(whole), withoutPixels: await pixels(without) };
}

describe("the local compositor, measured on its output", () => {
  test("renders a 1280x720 JPEG, byte-identical for the same inputs, whether the portrait's cut-out is kept from an earlier batch or made anew", async () => {
    const cell = { prompt: plan.prompts[1], background: plan.backgrounds[2] };
    const { portrait } = subject(NAMES[0]);
    const first = await batchFor(portrait).render(cell);
    const kept = await batchFor(portrait).render(cell);
    // Batches from as many other portraits push this one's cut-out out of the process's keep.
    for (const name of NAMES.slice(1, 1 + PORTRAITS_KEPT)) await batchFor(subject(name).portrait).planCell(cell);
    const anew = await batchFor(portrait).render(cell);
    const meta = await sharp(first.image).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 1280, height: 720 });
    expect(kept.image.equals(first.image)).toBe(true);
    expect(anew.image.equals(first.image)).toBe(true);
  });

  test("a creator's later batches from the same photo reuse its cut-out; another chosen face or another mask of that photo is cut out anew", async () => {
    const { portrait } = subject("group of three");
    const cutoutCell = plan.prompts
      .flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })))
      .find((cell) => recipeForCell(cell, { hasMask: true }).person.treatment === "cutout")!;
    const personOf = async (from: BatchPortrait) => (await batchFor(from).planCell(cutoutCell)).person;
    const first = await personOf(portrait);
    // The same photo, read again from storage for the next generation: new buffers, same bytes.
    const again = await personOf({ ...portrait, bytes: Buffer.from(portrait.bytes), mask: Buffer.from(portrait.mask!) });
    expect(again.rgba, "the cut-out drawn once, for both batches").toBe(first.rgba);

    const faces = await detectFaces(portrait.bytes);
    const chosen = portrait.face!.box;
    const neighbour = faces.find((f) => Math.abs(f.box.left + f.box.width / 2 - (chosen.left + chosen.width / 2)) > chosen.width)!;
    expect(neighbour, "the group photo has another face").toBeDefined();
    const aroundNeighbour = await personOf({ ...portrait, face: neighbour });
    expect(aroundNeighbour.rgba.equals(first.rgba), "built around the other face").toBe(false);

    // The creator turned part of the mask off: the right half of the photo is no longer the person.
    const { width = 0, height = 0 } = await sharp(portrait.mask!).metadata();
    const halfMask = await sharp(portrait.mask!)
      .composite([{ input: { create: { width: Math.ceil(width / 2), height, channels: 3, background: "#000" } }, left: Math.floor(width / 2), top: 0 }])
      .extractChannel(0)
      .png()
      .toBuffer();
    const withHalfMask = await personOf({ ...portrait, mask: halfMask });
    expect(withHalfMask.rgba.equals(first.rgba), "cut out with the new mask").toBe(false);
  });

  test("a batch whose cells are planned ahead (prepare, as the provider starts one) draws each cell's very bytes of a batch that draws only that cell", async () => {
    const cells = cellsOf(plan);
    const prepared = batchFor(subject(NAMES[0]).portrait);
    prepared.prepare(cells);
    for (const cell of [...cells].reverse()) {
      const [a, b] = await Promise.all([prepared.render(cell), batchFor(subject(NAMES[0]).portrait).render(cell)]);
      expect(a.image.equals(b.image), `cell ${cell.prompt.index}x${cell.background.index}`).toBe(true);
    }
  });

  test.each(NAMES)("every cell renders, and the face, found by the detector in the output, is 30 per cent or more of the frame height in 3 of 4 thumbnails: %s", async (name) => {
    const { portrait } = subject(name);
    const batch = batchFor(portrait);
    const cells = cellsOf(plan);
    const heights: number[] = [];
    for (const cell of cells) {
      // Each cell has its own side (design/plan.ts composeCell): the recipe says which.
      const { image, spec } = await batch.render(cell);
      const faces = await detectFaces(image);
      const face = faces[0];
      heights.push(face ? face.box.height / HEIGHT : 0);
      if (!face) continue;
      // On the person's third, and never in the duration corner.
      const centre = face.box.left + face.box.width / 2;
      if (spec!.prompt.layout === "person-right") expect(centre, name).toBeGreaterThan(WIDTH * 0.55);
      else expect(centre, name).toBeLessThan(WIDTH * 0.45);
      expect(face.box.top + face.box.height, name).toBeLessThan(DURATION_ZONE.top);
    }
    const large = heights.filter((h) => h >= 0.3).length;
    expect(large / heights.length, `${name}: face shares ${heights.map((h) => h.toFixed(2)).join(" ")}`).toBeGreaterThanOrEqual(0.75);
  });

  test.each(NAMES.filter((n) => n !== "own alpha PNG"))("an opaque photo becomes a cut-out with a sticker outline: %s", async (name) => {
    const { portrait } = subject(name);
    expect(portrait.hasAlpha).toBe(false);
    const batch = batchFor(portrait);
    for (const background of plan.backgrounds) {
      // Prompt 0 draws the person with a white outline.
      const cell = { prompt: plan.prompts[0], background };
      const spec = await batch.planCell(cell);
      const scene = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
      const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
      const [face] = await detectFaces(await batch.draw(spec));
      expect(face, name).toBeDefined();
      // Beside the head, the generated background shows, not the photo's own backdrop.
      const centreY = Math.round(face.box.top + face.box.height / 2);
      const toward = spec.prompt.layout === "person-right" ? -1 : 1;
      const besideX = Math.round(face.box.left + face.box.width / 2 + toward * face.box.width * 1.05);
      let change = 0;
      for (let y = centreY - 8; y < centreY + 8; y++) {
        for (let x = besideX - 8; x < besideX + 8; x++) {
          const i = (y * WIDTH + x) * 3;
          change += Math.abs(scene[i] - empty[i]) + Math.abs(scene[i + 1] - empty[i + 1]) + Math.abs(scene[i + 2] - empty[i + 2]);
        }
      }
      expect(change / 256, `${name} on ${background.kind}: beside the head`).toBeLessThan(15);
      // Walking from the head toward that point, the last person pixels before the background are the white sticker edge.
      let white = 0;
      let rows = 0;
      // Beside the head only: below the jaw a tilted head's neck and shoulder run diagonally, and a row meets them tangentially.
      for (let y = Math.round(face.box.top); y < face.box.top + face.box.height * 0.6; y += 3) {
        let x = Math.round(face.box.left + face.box.width / 2);
        const end = besideX;
        let edge = -1;
        for (; x !== end; x += toward) {
          const i = (y * WIDTH + x) * 3;
          const d = Math.abs(scene[i] - empty[i]) + Math.abs(scene[i + 1] - empty[i + 1]) + Math.abs(scene[i + 2] - empty[i + 2]);
          // The shadow only darkens the background: where it falls, the person has already ended.
          const shadowOnly = scene[i] <= empty[i] + 4 && scene[i + 1] <= empty[i + 1] + 4 && scene[i + 2] <= empty[i + 2] + 4;
          if (d > 30 && !shadowOnly) edge = x;
        }
        // Rows where the person reaches past that point (a tilted head's shoulder) have no edge to look at.
        if (edge < 0 || Math.abs(edge - end) <= 2) continue;
        rows += 1;
        // Just inside the edge (past the anti-aliased rim): the outline band.
        for (let step = 1; step <= 18; step++) {
          const i = (y * WIDTH + edge - toward * step) * 3;
          if (scene[i] > 215 && scene[i + 1] > 215 && scene[i + 2] > 215) {
            white += 1;
            break;
          }
        }
      }
      expect(rows, name).toBeGreaterThan(20);
      expect(white / rows, `${name} on ${background.kind}: white edge on ${white} of ${rows} rows`).toBeGreaterThan(0.8);
    }
  });

  test("without a mask (cut-out turned off), even a transparent PNG is framed, its transparency shown white", async () => {
    // The astronaut inside an ellipse, transparent around it: a ready cut-out.
    const ellipse = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><ellipse cx="256" cy="230" rx="150" ry="200" fill="#fff"/></svg>`,
    );
    const cut = await sharp(subject(NAMES[0]).portrait.bytes).ensureAlpha().composite([{ input: ellipse, blend: "dest-in" }]).png().toBuffer();
    const portrait = { ...subject(NAMES[0]).portrait, bytes: (await normalizePortrait(cut)).image, hasAlpha: true, mask: null };
    const batch = batchFor(portrait);
    const spec = await batch.planCell({ prompt: plan.prompts[0], background: plan.backgrounds[0] });
    const scene = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
    const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
    expect(spec.person.treatment).not.toBe("cutout");
    // Near the top of the frame, above the head, where the PNG is transparent: white, not the background and not black.
    const x = Math.round(faceCentreX(spec.prompt.layout));
    const y = Math.round(HEIGHT / 2 - 255);
    const i = (y * WIDTH + x) * 3;
    expect([scene[i], scene[i + 1], scene[i + 2]].every((c) => c > 235), `rgb(${scene[i]},${scene[i + 1]},${scene[i + 2]}) at ${x},${y}`).toBe(true);
    expect(Math.abs(scene[i] - empty[i]) + Math.abs(scene[i + 1] - empty[i + 1]) + Math.abs(scene[i + 2] - empty[i + 2])).toBeGreaterThan(30);
  });

  /**
   * The longest straight, hard edge of the person layer inside the frame:
   * rows (or columns) in a row where the layer's coverage steps from the
   * background to solid within 3 pixels at the same place (give or take one).
   * A body's outline curves; a photo's cut border does not.
   */
  function longestStraightEdge(layer: Buffer, empty: Buffer) {
    const cover = new Float32Array(WIDTH * HEIGHT);
    for (let i = 0; i < cover.length; i++) {
      cover[i] = Math.abs(layer[i * 3] - empty[i * 3]) + Math.abs(layer[i * 3 + 1] - empty[i * 3 + 1]) + Math.abs(layer[i * 3 + 2] - empty[i * 3 + 2]);
    }
    const hard = (a: number, b: number) => (a < 20 && b > 120) || (b < 20 && a > 120);
    // Where the coverage steps hard, across x (for vertical edges) and across y (for horizontal ones).
    const stepX = new Uint8Array(WIDTH * HEIGHT);
    const stepY = new Uint8Array(WIDTH * HEIGHT);
    const margin = 6;
    for (let y = margin; y < HEIGHT - margin - 3; y++) {
      for (let x = margin; x < WIDTH - margin - 3; x++) {
        const i = y * WIDTH + x;
        stepX[i] = hard(cover[i], cover[i + 3]) ? 1 : 0;
        stepY[i] = hard(cover[i], cover[i + 3 * WIDTH]) ? 1 : 0;
      }
    }
    // A straight edge: a step within the same 3-pixel band on every line of a long run.
    let longest = 0;
    for (let x = margin; x < WIDTH - margin - 3; x++) {
      let run = 0;
      for (let y = 0; y < HEIGHT; y++) {
        const i = y * WIDTH + x;
        run = stepX[i - 1] || stepX[i] || stepX[i + 1] ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
    }
    for (let y = margin; y < HEIGHT - margin - 3; y++) {
      let run = 0;
      for (let x = 0; x < WIDTH; x++) {
        const i = y * WIDTH + x;
        run = stepY[i - WIDTH] || stepY[i] || stepY[i + WIDTH] ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
    }
    return longest;
  }

  test.each(["cut at the side", "head at the top", "small face", "astronaut (waist-up)", "tilted head"])(
    "no straight photo edge shows inside the frame, on either side: %s",
    async (name) => {
      const batch = batchFor(subject(name).portrait);
      for (const prompt of plan.prompts.slice(0, 2)) {
        const spec = await batch.planCell({ prompt, background: plan.backgrounds[0] });
        expect(spec.person.treatment).toBe("cutout");
        const layer = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
        const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
        expect(longestStraightEdge(layer, empty), `${name}, ${prompt.layout}`).toBeLessThan(90);
      }
    },
  );

  test.each(["very dark", "very bright", "astronaut (waist-up)"])("the face is exposed like a well-lit one, whatever the photo's exposure: %s", async (name) => {
    const batch = batchFor(subject(name).portrait);
    for (const background of plan.backgrounds) {
      const { image } = await batch.render({ prompt: plan.prompts[0], background });
      const [face] = await detectFaces(image);
      expect(face, name).toBeDefined();
      // The middle of the face box: skin, eyes and mouth, no hair or background.
      const frame = await pixels(image);
      let sum = 0;
      let count = 0;
      const { left, top, width, height } = face.box;
      for (let y = Math.round(top + height * 0.3); y < top + height * 0.8; y++) {
        for (let x = Math.round(left + width * 0.3); x < left + width * 0.7; x++) {
          const i = (y * WIDTH + x) * 3;
          sum += 0.2126 * frame[i] + 0.7152 * frame[i + 1] + 0.0722 * frame[i + 2];
          count += 1;
        }
      }
      const mean = sum / count;
      expect(mean, `${name} on ${background.kind}: the face's mean luminance`).toBeGreaterThan(105);
      expect(mean, `${name} on ${background.kind}: the face's mean luminance`).toBeLessThan(200);
    }
  });

  test.each(["landscape webcam", "Grace Hopper (head and shoulders)"])("a background drawn from the photo never shows its face a second time: %s", async (name) => {
    const { portrait } = subject(name);
    const batch = batchFor(portrait);
    const background = plan.backgrounds.find((b) => b.kind === "blur")!;
    const spec = await batch.planCell({ prompt: plan.prompts[0], background });
    const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
    // Where the photo's face would land were the photo stretched over the frame (cover), against a ring around it.
    const meta = await sharp(portrait.bytes).metadata();
    const k = Math.max(WIDTH / meta.width!, HEIGHT / meta.height!);
    const face = portrait.face!.box;
    const box = {
      left: face.left * k - (meta.width! * k - WIDTH) / 2,
      top: face.top * k - (meta.height! * k - HEIGHT) / 2,
      width: face.width * k,
      height: face.height * k,
    };
    // A ghost of the face has features (eyes, hair, a chin); a field of the photo's colours has none.
    // Detail: how far the pixels stray from a wide blur of themselves, over the face's place.
    const smooth = await sharp(empty, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).blur(24).raw().toBuffer();
    let detail = 0;
    let count = 0;
    for (let y = Math.max(0, Math.round(box.top)); y < Math.min(HEIGHT, box.top + box.height); y++) {
      for (let x = Math.max(0, Math.round(box.left)); x < Math.min(WIDTH, box.left + box.width); x++) {
        const i = (y * WIDTH + x) * 3;
        detail += Math.abs(empty[i] - smooth[i]) + Math.abs(empty[i + 1] - smooth[i + 1]) + Math.abs(empty[i + 2] - smooth[i + 2]);
        count += 1;
      }
    }
    expect(detail / count, `${name}: detail where the photo's face would be`).toBeLessThan(3);
  });

  test("with the glow outline, a rim light in the palette's glow colour falls along the person's edge, not on the face", async () => {
    const { portrait } = subject(NAMES[0]);
    const batch = batchFor(portrait);
    const recipe = recipeForCell({ prompt: plan.prompts[0], background: { index: 0, kind: "gradient", paletteIndex: 1 } }, { hasMask: true });
    const draw = async (rim: boolean) => {
      const spec = await batch.planSpec({ ...recipe, person: { ...recipe.person, outline: "glow", rim } });
      return { spec, frame: await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"]))) };
    };
    const blue = await draw(false);
    const face = blue.spec.person.face;
    // The rim: only near the person's edge, and toward the glow colour (electric blue's is #3ad1ff).
    const lit = await draw(true);
    const [gr, gg, gb] = hexRgb(PALETTES[1].glow);
    let nearer = 0;
    let changed = 0;
    let inFace = 0;
    for (let i = 0; i < WIDTH * HEIGHT; i++) {
      const o = i * 3;
      const d = Math.abs(lit.frame[o] - blue.frame[o]) + Math.abs(lit.frame[o + 1] - blue.frame[o + 1]) + Math.abs(lit.frame[o + 2] - blue.frame[o + 2]);
      if (d < 24) continue;
      changed += 1;
      const to = (f: Buffer) => Math.abs(f[o] - gr) + Math.abs(f[o + 1] - gg) + Math.abs(f[o + 2] - gb);
      if (to(lit.frame) < to(blue.frame)) nearer += 1;
      const x = i % WIDTH;
      const y = (i - x) / WIDTH;
      if (x > face.left + face.width * 0.25 && x < face.left + face.width * 0.75 && y > face.top + face.height * 0.25 && y < face.top + face.height * 0.75) inFace += 1;
    }
    expect(changed, "pixels the rim light changed").toBeGreaterThan(3000);
    expect(nearer / changed, "changed toward the glow colour").toBeGreaterThan(0.95);
    expect(inFace, "rim pixels in the middle of the face").toBe(0);
  });

  test("a cut-out is graded toward its background's colour, lightly: the shadows take the palette's hue, the face keeps its skin", async () => {
    const { portrait } = subject("Grace Hopper (head and shoulders)");
    const batch = batchFor(portrait);
    const recipe = recipeForCell({ prompt: plan.prompts[0], background: { index: 0, kind: "gradient", paletteIndex: 0 } }, { hasMask: true });
    const mean = async (paletteIndex: number, treatment: "cutout" | "rounded" = "cutout") => {
      const spec = await batch.planSpec({ ...recipe, background: { ...recipe.background, paletteIndex }, person: { ...recipe.person, treatment, outline: "white" } });
      const frame = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
      const face = spec.person.face;
      // The uniform under the chin (dark, where a grade shows) and the middle of the face (skin).
      const average = (box: { left: number; top: number; width: number; height: number }) => {
        const sum = [0, 0, 0];
        let count = 0;
        for (let y = Math.round(box.top); y < box.top + box.height; y++) {
          for (let x = Math.round(box.left); x < box.left + box.width; x++) {
            for (let c = 0; c < 3; c++) sum[c] += frame[(y * WIDTH + x) * 3 + c];
            count += 1;
          }
        }
        return sum.map((s) => s / count);
      };
      const chest = average({ left: face.left, top: face.top + face.height * 1.6, width: face.width * 0.3, height: Math.min(HEIGHT - 2 - (face.top + face.height * 1.6), face.height * 0.4) });
      const skin = average({ left: face.left + face.width * 0.3, top: face.top + face.height * 0.45, width: face.width * 0.4, height: face.height * 0.3 });
      return { chest, skin };
    };
    // Red and gold (#d7141a) against electric blue (#0057ff), then green (#19c94a).
    const [red, blue, green] = await Promise.all([mean(0), mean(1), mean(2)]);
    const redness = ([r, , b]: number[]) => r - b;
    expect(redness(red.chest) - redness(blue.chest), "the dark uniform: redder on red than on blue").toBeGreaterThan(10);
    expect(green.chest[1] - red.chest[1], "the dark uniform: greener on green than on red").toBeGreaterThan(8);
    // Light: the face's skin moves only a little between the two.
    const moved = red.skin.reduce((n, v, c) => n + Math.abs(v - blue.skin[c]), 0) / 3;
    expect(moved, "mean change of the face's skin between red and blue").toBeLessThan(10);
    // A framed photo is shown as taken.
    const [redFramed, blueFramed] = await Promise.all([mean(0, "rounded"), mean(1, "rounded")]);
    const framedMoved = redFramed.skin.reduce((n, v, c) => n + Math.abs(v - blueFramed.skin[c]), 0) / 3;
    expect(framedMoved, "mean change of a framed photo's face between red and blue").toBeLessThan(0.5);
  });

  test.each(["Grace Hopper (head and shoulders)", "landscape webcam", "waist-up 1920x1080", "small face", "group of three", "tilted head", "tall hat, tilted"])(
    "the whole head stays in the frame (the top of the person, not of the face box): %s",
    async (name) => {
      const batch = batchFor(subject(name).portrait);
      for (const prompt of plan.prompts) {
        const spec = await batch.planCell({ prompt, background: plan.backgrounds[0] });
        if (spec.person.treatment !== "cutout") continue;
        const layer = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
        const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
        const drawn = difference(layer, empty);
        // The person's own pixels along the top rows (the sticker edge counts: it is part of the head's outline).
        const topRows = countIn(drawn, { left: 0, top: 0, width: WIDTH, height: 3 });
        expect(topRows, `${name}, prompt ${prompt.index}: person pixels in the top 3 rows`).toBe(0);
      }
    },
  );

  test("hair piled high above the face stays in the frame: the person is lowered and made smaller rather than cut", async () => {
    const batch = batchFor(await analysedPortrait((await tallHair()).bytes));
    for (const prompt of plan.prompts) {
      const spec = await batch.planCell({ prompt, background: plan.backgrounds[0] });
      if (spec.person.treatment !== "cutout") continue;
      const drawn = difference(
        await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"]))),
        await pixels(await batch.draw(spec, new Set(LAYERS))),
      );
      expect(countIn(drawn, { left: 0, top: 0, width: WIDTH, height: 3 }), `prompt ${prompt.index}: person pixels in the top 3 rows`).toBe(0);
    }
  });

  test("in a group photo the cut-out holds the chosen person only", async () => {
    const batch = batchFor(subject("group of three").portrait);
    for (const prompt of plan.prompts) {
      const spec = await batch.planCell({ prompt, background: plan.backgrounds[0] });
      if (spec.person.treatment !== "cutout") continue;
      const faces = await detectFaces(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
      expect(faces.length, `prompt ${prompt.index}: faces in the person layer`).toBe(1);
      expect(faces[0].box.height / HEIGHT).toBeGreaterThan(0.3);
    }
  });

  test("a photo with nobody in it still renders every cell, the photo framed", async () => {
    const portrait = await analysedPortrait((await noPerson()).bytes);
    expect(portrait.mask).toBeNull();
    const batch = batchFor(portrait);
    for (const cell of cellsOf(plan)) {
      const spec = await batch.planCell(cell);
      expect(spec.person.treatment).not.toBe("cutout");
      const framed = await pixels(await batch.draw(spec, new Set(["scrim", "decoration", "prop", "headline"])));
      const empty = await pixels(await batch.draw(spec, new Set(LAYERS)));
      // The framed photo covers a good part of the frame.
      const drawn = difference(framed, empty);
      expect(countIn(drawn, { left: 0, top: 0, width: WIDTH, height: HEIGHT }), `prompt ${cell.prompt.index} background ${cell.background.index}`).toBeGreaterThan(WIDTH * HEIGHT * 0.15);
    }
  });

  test.each(NAMES)("nothing but the background and the person reaches the duration corner: %s", async (name) => {
    {
      const { portrait } = subject(name);
      const batch = batchFor(portrait);
      for (const cell of cellsToCheck(name)) {
        const { wholePixels, withoutPixels } = await renderPair(batch, cell, ["scrim", "decoration", "prop", "headline"]);
        const drawn = difference(wholePixels, withoutPixels, 24);
        expect(countIn(drawn, DURATION_ZONE), `${name}, prompt ${cell.prompt.index} background ${cell.background.index}`).toBe(0);
      }
    }
  });

  test.each(NAMES)("headline letters are at least a tenth of the frame height, off the face, and 4.5:1 against the pixels behind them: %s", async (name) => {
    {
      const { portrait } = subject(name);
      const batch = batchFor(portrait);
      for (const cell of cellsToCheck(name)) {
        const label = `${name}, prompt ${cell.prompt.index} background ${cell.background.index}`;
        const { spec, whole, wholePixels, withoutPixels } = await renderPair(batch, cell, ["headline"]);
        const fills = fillColours(spec);
        const drawn = difference(wholePixels, withoutPixels);
        const glyph = glyphPixels(spec, wholePixels, drawn);

        // Cap height: the fill ink of each line spans at least MIN_CAP_HEIGHT rows,
        // as tall as the layout meant (a glyph drawn smaller than planned fails).
        for (const box of spec.headline.boxes) {
          expect(lineInkHeight(glyph, box), `${label}: line ink height`).toBeGreaterThanOrEqual(Math.max(MIN_CAP_HEIGHT, spec.headline.layout.capHeight) * 0.95);
        }

        // Off the face the detector finds in the output.
        const [face] = await detectFaces(whole);
        if (face) expect(countIn(drawn, face.box), `${label}: headline pixels on the face`).toBe(0);

        // Contrast: the brightest tenth of what lies behind the glyphs.
        const behind: number[] = [];
        for (let i = 0; i < glyph.length; i += 2) {
          if (glyph[i]) behind.push(relativeLuminance(withoutPixels[i * 3], withoutPixels[i * 3 + 1], withoutPixels[i * 3 + 2]));
        }
        expect(behind.length, `${label}: glyph pixels found`).toBeGreaterThan(2000);
        behind.sort((a, b) => a - b);
        const bright = behind[Math.floor(behind.length * 0.9)];
        for (const [r, g, b] of fills) {
          const ratio = (relativeLuminance(r, g, b) + 0.05) / (bright + 0.05);
          expect(ratio, `${label}: fill rgb(${r},${g},${b})`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  }, 120_000);

  test("a 40-letter word and headlines in other scripts fit the frame beside the face", async () => {
    const headlines = [
      "PNEUMONOULTRAMICROSCOPICSILICOVOLCANOCONIOSIS",
      "ПРОВЕРКА БАТАРЕИ",
      "ゲーミングPCを買ってみた",
      "게이밍 PC 리뷰",
      "游戏电脑值得买吗",
      "ΑΞΙΖΕΙ ΤΕΛΙΚΑ;",
      "ĐIỆN THOẠI TỐT NHẤT",
      "🔥 BEST PC 💰",
    ];
    const { portrait } = subject(NAMES[1]);
    for (const headline of headlines) {
      const own = planGeneration({ keywords, headline, promptCount: 2, backgroundCount: 1 });
      const batch = batchFor(portrait);
      for (const cell of cellsOf(own)) {
        const { spec, whole, wholePixels, withoutPixels } = await renderPair(batch, cell, ["headline"]);
        const drawn = difference(wholePixels, withoutPixels);
        let inkLeft = WIDTH;
        let inkRight = 0;
        for (let y = 0; y < HEIGHT; y++) {
          for (let x = 0; x < WIDTH; x++) {
            if (!drawn[y * WIDTH + x]) continue;
            inkLeft = Math.min(inkLeft, x);
            inkRight = Math.max(inkRight, x);
          }
        }
        expect(inkLeft, headline).toBeGreaterThan(8);
        expect(inkRight, headline).toBeLessThan(WIDTH - 8);
        expect(spec.headline.layout.capHeight, headline).toBeGreaterThanOrEqual(MIN_CAP_HEIGHT);
        const [face] = await detectFaces(whole);
        if (face) expect(countIn(drawn, face.box), `${headline}: on the face`).toBe(0);
      }
    }
  }, 120_000);

  test("backgrounds are visibly different from each other", async () => {
    const batch = batchFor(subject(NAMES[0]).portrait);
    const prompt = plan.prompts[0];
    const images = await Promise.all(
      plan.backgrounds.map(async (background) => sharp((await batch.render({ prompt, background })).image).resize(64, 36).raw().toBuffer()),
    );
    for (let a = 0; a < images.length; a++) {
      for (let b = a + 1; b < images.length; b++) {
        let diff = 0;
        for (let i = 0; i < images[a].length; i++) diff += Math.abs(images[a][i] - images[b][i]);
        expect(diff / images[a].length, `backgrounds ${a} and ${b}`).toBeGreaterThan(12);
      }
    }
  });
});
