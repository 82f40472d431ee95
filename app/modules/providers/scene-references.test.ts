// What an image model is shown: never the creator's photo when it paints a
// scene alone (a model shown a person paints them), the topic images as the
// subject, and a canvas in the cell's palette for a service that must start
// from an image.
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import { paletteFor } from "~/modules/design/palettes";
import { planGeneration } from "~/modules/design/plan";
import type { BatchInput, ModelDraws } from "./provider";
import { sceneReferences } from "./scene-references.server";

const plan = planGeneration({ keywords: "budget gaming pc", promptCount: 1, backgroundCount: 2 });
const cell = { prompt: plan.prompts[0], background: plan.backgrounds[0] };
const other = { prompt: plan.prompts[0], background: plan.backgrounds[1] };

async function input(modelDraws: ModelDraws, topics: number): Promise<Pick<BatchInput, "modelDraws" | "portrait" | "topicImages">> {
  const image = (colour: string) => sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toBuffer();
  const topicImages = await Promise.all(["#ff0000", "#00ff00", "#0000ff"].slice(0, topics).map(async (colour, i) => ({ key: `topic-${i}`, bytes: await image(colour) })));
  return { modelDraws, portrait: { bytes: await image("#777777"), hasAlpha: false, mask: null, face: null }, topicImages };
}

describe("the images an image model is shown", () => {
  test("a scene alone without topic images: no portrait; a service that needs an image gets a 16:9 canvas in the cell's palette, one per palette", async () => {
    expect(await sceneReferences(await input("scene", 0), { needsImage: false })(cell)).toEqual([]);
    const referencesFor = sceneReferences(await input("scene", 0), { needsImage: true });
    const [canvas] = await referencesFor(cell);
    expect(canvas.name).not.toContain("portrait");
    const { width, height, format } = await sharp(canvas.bytes).metadata();
    expect([width, height, format]).toEqual([WIDTH, HEIGHT, "jpeg"]);
    // Its colours are the palette's: the far corner is colour a.
    const { data } = await sharp(canvas.bytes).extract({ left: WIDTH - 8, top: HEIGHT - 8, width: 4, height: 4 }).raw().toBuffer({ resolveWithObject: true });
    const a = paletteFor(cell.background.paletteIndex).a;
    expect(Math.abs(data[0] - Number.parseInt(a.slice(1, 3), 16))).toBeLessThan(24);
    expect(await referencesFor(cell)).toEqual([canvas]);
    if (other.background.paletteIndex !== cell.background.paletteIndex) expect((await referencesFor(other))[0].name).not.toBe(canvas.name);
  });

  test("a scene alone with topic images: only the topic images, in the order added, whatever the service", async () => {
    const batch = await input("scene", 2);
    for (const needsImage of [true, false]) {
      const images = await sceneReferences(batch, { needsImage })(cell);
      expect(images.map((i) => [i.name, i.type])).toEqual([["topic-1.jpg", "image/jpeg"], ["topic-2.jpg", "image/jpeg"]]);
      expect(images[0].bytes.equals(batch.topicImages[0].bytes)).toBe(true);
    }
  });

  test("when the model draws the person: the portrait first, then the topic images", async () => {
    for (const modelDraws of ["person", "everything"] as const) {
      const batch = await input(modelDraws, 3);
      const images = await sceneReferences(batch, { needsImage: true })(cell);
      expect(images.map((i) => i.name)).toEqual(["portrait.jpg", "topic-1.jpg", "topic-2.jpg", "topic-3.jpg"]);
      expect(images[0].bytes.equals(batch.portrait.bytes)).toBe(true);
    }
  });

  test("a video's thumbnail as style reference comes last, after the portrait and the topic images, as style.jpg", async () => {
    const style = { key: "topic-images/u/style.jpg", bytes: await sharp({ create: { width: 64, height: 36, channels: 3, background: "#ffd000" } }).jpeg().toBuffer() };
    const person = await sceneReferences({ ...(await input("person", 2)), styleReference: style }, { needsImage: true })(cell);
    expect(person.map((i) => i.name)).toEqual(["portrait.jpg", "topic-1.jpg", "topic-2.jpg", "style.jpg"]);
    expect(person.at(-1)!.bytes.equals(style.bytes)).toBe(true);
    // A scene alone: the reference is enough of a picture for a service that must start from one.
    const scene = await sceneReferences({ ...(await input("scene", 0)), styleReference: style }, { needsImage: true })(cell);
    expect(scene.map((i) => i.name)).toEqual(["style.jpg"]);
  });
});
