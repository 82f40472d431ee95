// No bad AI plate is delivered silently (issue 23, item 2): a plate with no
// face, a face too small to read or a face in the middle third gets the
// creator's own cut-out, says so on the tile, and the thumbnail shows the
// creator's face, large, on the side asked for. A good plate keeps the
// model's person. Measured on the stored pixels.
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import { parseStoredRecipe, PLATE_PHOTO_NOTES } from "~/modules/design/recipe";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { storage } from "~/modules/storage/storage.server";
import { editsFromSpec } from "~/modules/thumbnails/edits";
import { saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { prisma } from "~/utils/db.server";
import { readAstronaut } from "#tests/images";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";

afterEach(() => vi.restoreAllMocks());

/** A 1280x720 plate: a scene colour, with a head-and-shoulders crop of the astronaut (face 0.35 of its height, centred) `height` pixels tall, centred on `centreX` (none when null). */
async function plate(person: { height: number; centreX: number } | null) {
  // A scene, not a flat colour: a flat plate is refused as blank (the last test).
  const scene = sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs><linearGradient id="g"><stop offset="0" stop-color="#0d2b45"/><stop offset="1" stop-color="#2a7fa8"/></linearGradient></defs>` +
        `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="640" cy="560" r="220" fill="#f2a03d" opacity="0.6"/><rect x="860" y="80" width="300" height="180" rx="20" fill="#1b1b2f"/></svg>`,
    ),
  ).flatten();
  if (!person) return scene.jpeg().toBuffer();
  const photo = await sharp(readAstronaut())
    .extract({ left: 76, top: 20, width: 300, height: 300 })
    .resize({ height: person.height })
    .removeAlpha()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round(Math.min(WIDTH - photo.info.width, Math.max(0, person.centreX - photo.info.width / 2)));
  return scene.composite([{ input: photo.data, left, top: HEIGHT - person.height }]).jpeg().toBuffer();
}

async function letteredBatch(plates: Buffer[], outcome = "completed") {
  // An image model that returns these text-free plates, one per headline, for Thumbsmith to letter.
  vi.spyOn(localProvider, "startBatch").mockResolvedValue({ render: async (cell) => ({ image: plates[cell.prompt.index], plate: "person" as const }) });
  const { user, generationId: id } = await newTestGeneration({ keywords: "budget gaming pc" });
  expect(await runTestGeneration(id, "plate-test", { concurrency: 2 })).toBe(outcome);
  const rows = await prisma.thumbnail.findMany({
    where: { generationId: id },
    orderBy: { promptIndex: "asc" },
    select: { id: true, note: true, spec: true, storagePath: true, status: true, errorMessage: true },
  });
  const cells = await Promise.all(
    rows.map(async (row) => {
      if (!row.storagePath) return { ...row, recipe: null, face: null };
      const jpeg = (await storage.read(row.storagePath))!;
      const [face] = await detectFaces(jpeg);
      return { ...row, recipe: parseStoredRecipe(row.spec!), face: face?.box ?? null };
    }),
  );
  return Object.assign(cells, { userId: user.id });
}

describe("an AI plate Thumbsmith letters", () => {
  test("no face, a face too small to read, or one in the middle third: the creator's photo is put in, large, on the side asked for, and the tile says why", async () => {
    const cells = await letteredBatch([
      await plate(null),
      await plate({ height: 200, centreX: 200 }),
      await plate({ height: 700, centreX: WIDTH / 2 }),
    ]);
    expect(cells.map((c) => c.recipe?.plate?.yourPhoto)).toEqual(["no-face", "small-face", "middle-face"]);
    expect(cells.map((c) => c.note)).toEqual([PLATE_PHOTO_NOTES["no-face"], PLATE_PHOTO_NOTES["small-face"], PLATE_PHOTO_NOTES["middle-face"]]);
    for (const cell of cells) {
      // The face on the thumbnail is the creator's, drawn by Thumbsmith: large, and on the layout's side, clear of the middle.
      expect(cell.face).not.toBeNull();
      expect(cell.face!.height / HEIGHT).toBeGreaterThanOrEqual(0.3);
      const centre = cell.face!.left + cell.face!.width / 2;
      expect(cell.recipe!.prompt.layout === "person-right" ? centre > WIDTH / 2 : centre < WIDTH / 2).toBe(true);
    }
  });

  test("in the editor, the creator's photo on a plate changes sides like on an offline thumbnail; the scene stays the model's", async () => {
    const cells = await letteredBatch([await plate(null), await plate(null), await plate(null)]);
    const [cell] = cells;
    const before = cell.face!.left + cell.face!.width / 2;
    const edits = editsFromSpec(cell.recipe!);
    const swapped = { ...edits, layout: edits.layout === "person-right" ? ("person-left" as const) : ("person-right" as const) };
    expect(await saveThumbnailVersion(cells.userId, cell.id, swapped)).toEqual({ version: 2, created: true });
    const saved = await prisma.thumbnail.findUniqueOrThrow({ where: { id: cell.id }, select: { storagePath: true, spec: true, plateKey: true } });
    const recipe = parseStoredRecipe(saved.spec!);
    expect(recipe.plate).toMatchObject({ key: saved.plateKey, yourPhoto: "no-face" });
    const [face] = await detectFaces((await storage.read(saved.storagePath!))!);
    const after = face.box.left + face.box.width / 2;
    expect(Math.sign(after - WIDTH / 2)).toBe(-Math.sign(before - WIDTH / 2));
    expect(face.box.height / HEIGHT).toBeGreaterThanOrEqual(0.3);
  });

  test("a plate with a large face on one side keeps the model's person, and its tile has no note", async () => {
    const good = await plate({ height: 720, centreX: 1000 });
    const [onPlate] = await detectFaces(good);
    const [cell] = await letteredBatch([good, good, good]);
    expect(cell.recipe?.plate?.yourPhoto).toBeUndefined();
    expect(cell.note).toBeNull();
    expect(cell.recipe!.prompt.layout).toBe("person-right");
    // The model's face is where it was on the plate: no second person was drawn over it.
    expect(Math.abs(cell.face!.left - onPlate.box.left)).toBeLessThan(20);
    expect(Math.abs(cell.face!.height - onPlate.box.height)).toBeLessThan(20);
  });

  test("a blank plate (a safety filter's black picture) fails its cell with the reason, and the rest of the batch is made", async () => {
    const black = await sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: "#000000" } }).jpeg().toBuffer();
    const cells = await letteredBatch([black, await plate(null), await plate(null)], "partial");
    expect(cells.map((c) => c.status)).toEqual(["failed", "success", "success"]);
    expect(cells[0].errorMessage).toBe("The image service sent back a blank picture (often its safety filter), so this thumbnail was not made.");
    expect(cells[0].storagePath).toBeNull();
  });
});
