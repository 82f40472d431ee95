// Product rules for the offline compositor, measured on rendered pixels.
import sharp from "sharp";
import { beforeAll, describe, expect, test } from "vitest";
import { planGeneration, type GenerationPlan } from "~/modules/generations/plan";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import { readAstronaut } from "#tests/images";
import type { BatchPortrait } from "../provider";
import { DURATION_ZONE, HEIGHT, startLocalBatch, WIDTH } from "./compositor.server";

// WCAG 2 relative luminance and contrast, written out independently of the compositor.
function channel(c: number) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}
function relativeLuminance(r: number, g: number, b: number) {
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}
function hexLum(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return relativeLuminance((n >> 16) & 255, (n >> 8) & 255, n & 255);
}

const keywords = "iPhone 17 review, shocking battery";
let plan: GenerationPlan;
let opaque: BatchPortrait;
let cutout: BatchPortrait;

beforeAll(async () => {
  plan = planGeneration({ keywords, promptCount: 3, backgroundCount: 6 });
  const astronaut = await normalizePortrait(readAstronaut());
  opaque = { bytes: astronaut.image, hasAlpha: false, mask: null, face: null };
  // A cut-out: the astronaut inside an ellipse, transparent around it.
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><ellipse cx="256" cy="300" rx="190" ry="250" fill="#fff"/></svg>`,
  );
  const cut = await sharp(astronaut.image).ensureAlpha().composite([{ input: mask, blend: "dest-in" }]).png().toBuffer();
  cutout = { bytes: (await normalizePortrait(cut)).image, hasAlpha: true, mask: null, face: null };
});

async function batchFor(portrait: BatchPortrait) {
  return startLocalBatch({ generationId: "test", keywords, headline: null, plan, portrait });
}

function allCells() {
  return plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));
}

describe("the local compositor", () => {
  test("renders a 1280x720 JPEG, byte-identical for the same inputs", async () => {
    const cell = { prompt: plan.prompts[1], background: plan.backgrounds[2] };
    const first = await (await batchFor(opaque)).render(cell);
    const second = await (await batchFor(opaque)).render(cell);
    const meta = await sharp(first.image).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 1280, height: 720 });
    expect(first.image.equals(second.image)).toBe(true);
    expect(first.prompt).toContain('Headline "SHOCKING BATTERY"');
  });

  test.each([["an opaque photo", () => opaque], ["a cut-out", () => cutout]])(
    "the person (%s) is at least 45 percent of the frame height, on the left or right third",
    async (_label, portrait) => {
      const batch = await batchFor(portrait());
      for (const prompt of plan.prompts) {
        const { personBox } = await batch.inspect({ prompt, background: plan.backgrounds[0] });
        expect(personBox.height).toBeGreaterThanOrEqual(HEIGHT * 0.45);
        const centre = personBox.left + personBox.width / 2;
        if (prompt.layout === "person-right") expect(centre).toBeGreaterThan((WIDTH * 2) / 3);
        else expect(centre).toBeLessThan(WIDTH / 3);
      }
    },
  );

  test("headline capitals are at least 10% of the frame height and stay out of the duration corner", async () => {
    const batch = await batchFor(opaque);
    for (const cell of allCells()) {
      const { headline, textBoxes } = await batch.inspect(cell);
      expect(headline.capHeight).toBeGreaterThanOrEqual(HEIGHT * 0.1);
      for (const box of textBoxes) {
        const intoCorner = box.left + box.width > DURATION_ZONE.left && box.top + box.height > DURATION_ZONE.top;
        expect(intoCorner).toBe(false);
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.left + box.width).toBeLessThanOrEqual(WIDTH);
      }
    }
  });

  test("the headline's colours contrast at least 4.5:1 with the pixels behind them", async () => {
    for (const portrait of [opaque, cutout]) {
      const batch = await batchFor(portrait);
      for (const cell of allCells()) {
        const { behindText, textBoxes, fills } = await batch.inspect(cell);
        const behind: number[] = [];
        for (const box of textBoxes) {
          for (let y = box.top; y < box.top + box.height; y += 2) {
            for (let x = box.left; x < box.left + box.width; x += 2) {
              const i = (y * WIDTH + x) * 3;
              behind.push(relativeLuminance(behindText[i], behindText[i + 1], behindText[i + 2]));
            }
          }
        }
        behind.sort((a, b) => a - b);
        // The brightest tenth of the background may be no brighter than this.
        const bright = behind[Math.floor(behind.length * 0.9)];
        for (const fill of fills) {
          const ratio = (hexLum(fill) + 0.05) / (bright + 0.05);
          expect(ratio, `${fill} on ${cell.background.kind} (prompt ${cell.prompt.index})`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  test("the headline is really drawn in its fill colour", async () => {
    const batch = await batchFor(opaque);
    const cell = { prompt: plan.prompts[0], background: plan.backgrounds[0] };
    const { textBoxes } = await batch.inspect(cell);
    const { data } = await sharp((await batch.render(cell)).image).raw().toBuffer({ resolveWithObject: true });
    const box = textBoxes[0];
    let white = 0;
    for (let y = box.top; y < box.top + box.height; y++) {
      for (let x = box.left; x < box.left + box.width; x++) {
        const i = (y * WIDTH + x) * 3;
        if (data[i] > 235 && data[i + 1] > 235 && data[i + 2] > 235) white++;
      }
    }
    expect(white / (box.width * box.height)).toBeGreaterThan(0.15);
  });

  test("backgrounds are visibly different from each other", async () => {
    const batch = await batchFor(opaque);
    const prompt = plan.prompts[0];
    const images = await Promise.all(
      plan.backgrounds.map(async (background) => (await sharp((await batch.render({ prompt, background })).image).resize(64, 36).raw().toBuffer())),
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
