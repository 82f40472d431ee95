// Recipes and versions against a real batch: what is stored re-renders to the
// same bytes, edits make new versions (no credits), reverts bring old ones back.
import fs from "node:fs";
import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { createFinishedGeneration, createTestUser } from "#tests/utils";
import { editsFromSpec } from "./edits";
import { readPortraitAnalysis } from "~/modules/generations/portrait-snapshot.server";
import { startLocalBatch } from "~/modules/providers/local/compositor.server";
import { measureStoredThumbnail, renderRecipe } from "./render-thumbnail.server";
import { parseStoredRecipe, StoredRecipeError } from "~/modules/design/recipe";
import { EditError, getThumbnailEditor, previewThumbnail, revertThumbnail, saveThumbnailVersion, thumbnailChecks } from "./versions.server";

async function finishedGeneration(backgroundCount = 1) {
  const user = await createTestUser();
  const { generationId: id, status } = await createFinishedGeneration(user.id, { keywords: "budget gaming PC, under 500 dollars", backgroundCount });
  expect(status).toBe("completed");
  const thumbnails = await prisma.thumbnail.findMany({
    where: { generationId: id },
    orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }],
    select: { id: true, spec: true, storagePath: true, version: true },
  });
  return { user, generationId: id, thumbnails };
}

const sourceOf = async (generationId: string) => {
  const g = await prisma.generation.findUniqueOrThrow({
    where: { id: generationId },
    select: { portraitKey: true, portraitMaskKey: true, portraitFace: true },
  });
  return { generationId, ...g };
};

async function meanDifference(a: Buffer, b: Buffer) {
  const [x, y] = await Promise.all([sharp(a).raw().toBuffer(), sharp(b).raw().toBuffer()]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i] - y[i]);
  return sum / x.length;
}

describe("thumbnail recipes", () => {
  test("the stored recipe re-renders to the very bytes the batch stored, every time", async () => {
    const { generationId, thumbnails } = await finishedGeneration(1);
    const source = await sourceOf(generationId);
    for (const t of thumbnails) {
      const stored = await storage.read(t.storagePath!);
      const spec = parseStoredRecipe(t.spec!);
      const first = await renderRecipe(source, spec);
      const second = await renderRecipe(source, parseStoredRecipe(t.spec!));
      expect(first.jpeg.equals(stored!)).toBe(true);
      expect(second.jpeg.equals(first.jpeg)).toBe(true);
    }
  });

  test("a recipe stored by an earlier release still parses and renders", async () => {
    const { generationId } = await finishedGeneration(1);
    // Written by version 1 of the recipe format; kept as written.
    const stored = fs.readFileSync("tests/fixtures/recipes/v1-person-right.json", "utf8");
    const spec = parseStoredRecipe(stored);
    expect(spec.prompt.words).toEqual(["I", "TRIED", "A", "$500", "PC"]);
    expect(spec.person).toEqual({ treatment: "cutout", outline: "glow", scale: 1.1, offsetX: -40, offsetY: 20 });
    const { jpeg } = await renderRecipe(await sourceOf(generationId), spec);
    expect(await sharp(jpeg).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    expect(() => parseStoredRecipe('{"version":1,"prompt":{}}')).toThrow(StoredRecipeError);
  });

  test("a thumbnail made before recipes were stored gets the recipe it was drawn from", async () => {
    const { user, thumbnails } = await finishedGeneration(1);
    const [t] = thumbnails;
    await prisma.thumbnail.update({ where: { id: t.id }, data: { spec: null } });
    const editor = await getThumbnailEditor(user.id, t.id);
    expect(editor?.spec).toEqual(parseStoredRecipe(t.spec!));
    const preview = await previewThumbnail(user.id, t.id, editsFromSpec(editor!.spec!));
    expect(preview!.equals((await storage.read(t.storagePath!))!)).toBe(true);
  });
});

describe("thumbnail versions", () => {
  test("save adds a version with new pixels and costs nothing; the same save twice adds one; revert brings version 1 back", async () => {
    const { user, thumbnails } = await finishedGeneration(1);
    const [t] = thumbnails;
    const balance = async () => (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } })).credits;
    const creditsBefore = await balance();
    const original = (await storage.read(t.storagePath!))!;
    const edits = { ...editsFromSpec(parseStoredRecipe(t.spec!)), headline: "最強のカメラ", paletteIndex: 3 };

    const preview = await previewThumbnail(user.id, t.id, edits);
    expect(await meanDifference(preview!, original)).toBeGreaterThan(4);

    expect(await saveThumbnailVersion(user.id, t.id, edits)).toEqual({ version: 2, created: true });
    expect(await saveThumbnailVersion(user.id, t.id, edits)).toEqual({ version: 2, created: false });
    const saved = await prisma.thumbnail.findUniqueOrThrow({ where: { id: t.id }, select: { storagePath: true, version: true, spec: true, checks: true } });
    expect(saved.version).toBe(2);
    expect(saved.storagePath).not.toBe(t.storagePath);
    expect((await storage.read(saved.storagePath!))!.equals(preview!)).toBe(true);
    expect(parseStoredRecipe(saved.spec!).prompt.words).toEqual(["最強のカメラ"]);
    expect(JSON.parse(saved.checks!).map((c: { id: string }) => c.id)).toEqual(["headline-size", "contrast", "face", "duration-corner", "file-size"]);
    expect(await balance()).toBe(creditsBefore);
    // Both files are kept: version 1 is still there to go back to.
    expect(await storage.read(t.storagePath!)).not.toBeNull();

    expect(await revertThumbnail(user.id, t.id, 1)).toEqual({ version: 1 });
    const reverted = await prisma.thumbnail.findUniqueOrThrow({ where: { id: t.id }, select: { storagePath: true, version: true, spec: true } });
    expect(reverted).toEqual({ storagePath: t.storagePath, version: 1, spec: t.spec });
    // A save after a revert gets the next free number; no version is rewritten.
    expect((await saveThumbnailVersion(user.id, t.id, { ...edits, headline: "NEW WORDS" }))?.version).toBe(3);
    expect(await prisma.thumbnailVersion.count({ where: { thumbnailId: t.id } })).toBe(3);
  });

  test("another user's thumbnail is not found; undrawable text and a cut-out without a mask are refused in words", async () => {
    const { user, thumbnails } = await finishedGeneration(1);
    const [t] = thumbnails;
    const stranger = await createTestUser();
    const edits = editsFromSpec(parseStoredRecipe(t.spec!));
    expect(await getThumbnailEditor(stranger.id, t.id)).toBeNull();
    expect(await previewThumbnail(stranger.id, t.id, edits)).toBeNull();
    expect(await saveThumbnailVersion(stranger.id, t.id, { ...edits, headline: "HACKED" })).toBeNull();
    expect(await revertThumbnail(stranger.id, t.id, 1)).toBeNull();
    expect(await thumbnailChecks(stranger.id, t.id)).toBeNull();

    await expect(saveThumbnailVersion(user.id, t.id, { ...edits, headline: "தமிழ் சோதனை" })).rejects.toThrow(/cannot draw Tamil/);
    await prisma.generation.updateMany({ where: { thumbnails: { some: { id: t.id } } }, data: { portraitMaskKey: null } });
    await expect(saveThumbnailVersion(user.id, t.id, { ...edits, treatment: "cutout", headline: "OTHER" })).rejects.toThrow(EditError);
    expect(await prisma.thumbnail.findUniqueOrThrow({ where: { id: t.id }, select: { version: true } })).toEqual({ version: 1 });
  });

  test("legibility checks are measured on the current version's pixels and kept", async () => {
    const { user, generationId, thumbnails } = await finishedGeneration(1);
    const [t] = thumbnails;
    const checks = await thumbnailChecks(user.id, t.id);
    expect(checks?.every((c) => c.ok)).toBe(true);
    expect((await prisma.thumbnail.findUniqueOrThrow({ where: { id: t.id }, select: { checks: true } })).checks).toBe(JSON.stringify(checks));

    // Measured on the pixels, not the layout: the same recipe's plan, handed an image without its letters, warns.
    const source = await sourceOf(generationId);
    const portrait = { bytes: (await storage.read(source.portraitKey))!, hasAlpha: false, ...(await readPortraitAnalysis(generationId, source)) };
    const batch = startLocalBatch({ portrait });
    const planned = await batch.planSpec(parseStoredRecipe(t.spec!));
    const bare = await sharp(batch.drawRaw(planned, new Set(["headline"])), { raw: { width: 1280, height: 720, channels: 3 } }).jpeg().toBuffer();
    const unlettered = Object.fromEntries((await measureStoredThumbnail(source, parseStoredRecipe(t.spec!), bare)).map((c) => [c.id, c]));
    expect(unlettered["headline-size"]).toMatchObject({ ok: false, value: "0 px letters" });
    expect(unlettered["contrast"].ok).toBe(false);

    // A long headline (drawn whole: a save refuses one it would cut) beside the smallest person: the face gets small.
    const edits = {
      ...editsFromSpec(parseStoredRecipe(t.spec!)),
      headline: "INCOMPREHENSIBILITIES EXTRAORDINARILY",
      treatment: "circle" as const,
      scale: 0.8,
    };
    await saveThumbnailVersion(user.id, t.id, edits);
    const after = await thumbnailChecks(user.id, t.id);
    const byId = Object.fromEntries(after!.map((c) => [c.id, c]));
    expect(byId["file-size"].ok).toBe(true);
    expect(byId["face"]).toMatchObject({ ok: false });
    expect(byId["face"].reason).toMatch(/small/);
  });
});
