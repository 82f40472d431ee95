// Scene + your photo (issue 23, item 1): the image model paints the topic
// alone; Thumbsmith puts the creator's real cut-out in it and sets the
// headline. Measured on the stored pixels: the face on the thumbnail is the
// creator's photo, large, the headline's letters are off it, and the
// duration corner is clear.
import fs from "node:fs";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { parseStoredRecipe } from "~/modules/design/recipe";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { startLocalBatch } from "~/modules/providers/local/compositor.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { storage } from "~/modules/storage/storage.server";
import { measureRecipeLegibility } from "~/modules/thumbnails/legibility.server";
import { prisma } from "~/utils/db.server";
import { analysedPortrait } from "#tests/analysed-portrait";
import { readAstronaut, sceneImage } from "#tests/images";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";

afterEach(() => vi.restoreAllMocks());

/** A face as a 48x48 grey patch, normalised to zero mean and unit variance: what two crops of one photo share whatever their grade. */
async function facePatch(image: Buffer, box: Box) {
  const left = Math.max(0, Math.round(box.left));
  const top = Math.max(0, Math.round(box.top));
  const { width, height } = await sharp(image).metadata();
  const region = { left, top, width: Math.min(width! - left, Math.round(box.width)), height: Math.min(height! - top, Math.round(box.height)) };
  const grey = await sharp(image).extract(region).greyscale().resize(48, 48, { fit: "fill" }).raw().toBuffer();
  const values = [...grey];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) || 1;
  return values.map((v) => (v - mean) / sd);
}

const correlation = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i], 0) / a.length;

describe("Scene + your photo", () => {
  test("the creator's own face, large, in every scene; the headline's letters are off it and the duration corner is clear", async () => {
    const scenes = await Promise.all(["#2b6cb0", "#b83280", "#2f855a", "#c05621", "#553c9a", "#2c7a7b"].map((colour) => sceneImage(WIDTH, HEIGHT, colour)));
    // An image model asked for scenes alone: every plate is a scene without a person.
    vi.spyOn(localProvider, "startBatch").mockResolvedValue({
      render: async (cell) => ({ image: scenes[cell.prompt.index * 2 + cell.background.index], plate: "scene" }),
    });
    const { generationId } = await newTestGeneration({ keywords: "budget gaming pc", backgroundCount: 2 });
    expect(await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { modelDraws: true } })).toEqual({ modelDraws: "scene" });
    expect(await runTestGeneration(generationId, "scene-test", { concurrency: 2 })).toBe("completed");
    const rows = await prisma.thumbnail.findMany({ where: { generationId }, select: { spec: true, storagePath: true, note: true } });
    expect(rows).toHaveLength(6);

    const portrait = await analysedPortrait(readAstronaut());
    const creator = await facePatch(portrait.bytes, portrait.face!.box);
    // The control: another person's face is not taken for the creator's.
    const [other] = await detectFaces(fs.readFileSync("tests/fixtures/grace-hopper.jpg"));
    expect(correlation(creator, await facePatch(fs.readFileSync("tests/fixtures/grace-hopper.jpg"), other.box))).toBeLessThan(0.5);

    const batch = startLocalBatch({ portrait }, async (key) => (await storage.read(key))!);
    let large = 0;
    for (const row of rows) {
      const recipe = parseStoredRecipe(row.spec!);
      expect(recipe.plate).toMatchObject({ yourPhoto: "scene" });
      // What the creator chose: nothing to explain on the tile.
      expect(row.note).toBeNull();
      const jpeg = (await storage.read(row.storagePath!))!;
      const [face] = await detectFaces(jpeg);
      expect(face, "a face on every thumbnail").toBeDefined();
      // The same photo, graded and re-detected, correlates about 0.75 here; another person's face about 0.4.
      expect(correlation(creator, await facePatch(jpeg, face.box)), "the face is the creator's photo").toBeGreaterThan(0.65);
      if (face.box.height / HEIGHT >= 0.3) large++;

      const planned = await batch.planSpec(recipe);
      const checks = Object.fromEntries((await measureRecipeLegibility(jpeg, planned, batch)).map((c) => [c.id, c]));
      expect(checks["duration-corner"].ok, checks["duration-corner"].value).toBe(true);
      // The headline's letters: where the thumbnail differs from itself drawn without them.
      const final = await sharp(jpeg).removeAlpha().raw().toBuffer();
      const withoutText = batch.drawRaw(planned, new Set(["headline"]));
      let onFace = 0;
      for (let y = Math.round(face.box.top); y < face.box.top + face.box.height; y++) {
        for (let x = Math.round(face.box.left); x < face.box.left + face.box.width; x++) {
          const i = (y * WIDTH + x) * 3;
          if (Math.abs(final[i] - withoutText[i]) + Math.abs(final[i + 1] - withoutText[i + 1]) + Math.abs(final[i + 2] - withoutText[i + 2]) > 120) onFace++;
        }
      }
      expect(onFace / (face.box.width * face.box.height), "headline pixels on the face").toBeLessThan(0.01);
    }
    // The bar is three thumbnails in four.
    expect(large / rows.length).toBeGreaterThanOrEqual(0.75);
  });
});
