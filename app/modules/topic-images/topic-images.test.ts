// Topic images end to end on the server: the Generate form with its files,
// the owner-only resource route, regenerate, deletion, and what a provider
// is handed when the batch starts.
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";

vi.hoisted(() => {
  // A small limit so the over-size case needs only a megabyte or two.
  process.env.PORTRAIT_MAX_MB = "1";
});

import { noisyJpeg, solidJpeg, transparentPng } from "#tests/images";
import { runTestGeneration } from "#tests/support/batches";
import { createTestPortrait, createTestUser, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { deleteAccount } from "~/modules/auth/delete-account.server";
import { regenerateGeneration } from "~/modules/generations/create-generation.server";
import { deleteGeneration } from "~/modules/generations/generations.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import type { BatchInput } from "~/modules/providers/provider";
import { findProvider } from "~/modules/providers/registry.server";
import { storage } from "~/modules/storage/storage.server";
import { findReferencedKeys } from "~/modules/storage/orphan-sweep.server";
import { action as generateAction } from "~/routes/generate";
import { loader as topicImageLoader } from "~/routes/resources.generations.$generationId.topic-images.$index";
import { prisma } from "~/utils/db.server";
import { parseStoredRecipe } from "~/modules/design/recipe";
import { editsFromSpec } from "~/modules/thumbnails/edits";
import { getThumbnailEditor, saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { parseTopicImageKeys, topicImageFolderOf } from "./topic-image-keys";

type Upload = { name: string; bytes: Buffer; type?: string };

async function signedInCreator() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  return { ...user, portraitId: portrait.id, cookie: await sessionCookieFor(user.id) };
}

function generateRequest(creator: { cookie: string; portraitId: string }, files: Upload[], submissionKey?: string, backgroundCount = 1) {
  const form = new FormData();
  form.append("portraitId", creator.portraitId);
  form.append("keywords", "iPhone 17 review, shocking battery");
  form.append("backgroundCount", String(backgroundCount));
  if (submissionKey) form.append("submissionKey", submissionKey);
  for (const file of files) form.append("topicImage", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "image/jpeg" }), file.name);
  return new Request("http://localhost/generate", { method: "POST", body: form, headers: { Cookie: creator.cookie } });
}

async function submit(creator: { cookie: string; portraitId: string }, files: Upload[], submissionKey?: string, backgroundCount?: number) {
  return settle(generateAction({ request: generateRequest(creator, files, submissionKey, backgroundCount), params: {}, context: {} }));
}

async function fieldErrors(response: Response) {
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error?.topicImage ?? [];
}

async function filesOf(userId: string) {
  const keys: string[] = [];
  for await (const page of storage.list({ prefix: `${topicImageFolderOf(userId)}/` })) keys.push(...page.map((entry) => entry.key));
  return keys.sort();
}

async function generationsOf(userId: string) {
  return prisma.generation.findMany({ where: { userId }, select: { id: true, topicImageKeys: true }, orderBy: { createdAt: "asc" } });
}

function generationIdOf(response: Response) {
  expect(response.status).toBe(302);
  return /^\/gallery\/([a-z0-9]+)$/.exec(response.headers.get("Location") ?? "")![1];
}

async function gpsJpeg() {
  return sharp({ create: { width: 640, height: 360, channels: 3, background: "#aa3322" } })
    .withExifMerge({ IFD0: { Copyright: "Secret Owner" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 30/1" } })
    .jpeg()
    .toBuffer();
}

function topicImage(cookie: string, generationId: string, index: string) {
  return settle(topicImageLoader({ request: getRequest(`/resources/generations/${generationId}/topic-images/${index}`, { cookie }), params: { generationId, index }, context: {} }));
}

afterEach(() => vi.restoreAllMocks());

describe("the Generate form with topic images", () => {
  test("images sent with the form are stored normalized, in order, named on the generation, and served to its owner only", async () => {
    const creator = await signedInCreator();
    const response = await submit(creator, [
      { name: "product.jpg", bytes: await gpsJpeg() },
      { name: "logo.png", bytes: await transparentPng(200), type: "image/png" },
    ]);
    const generationId = generationIdOf(response);
    const [generation] = await generationsOf(creator.id);
    expect(generation.id).toBe(generationId);
    const keys = parseTopicImageKeys(generation.topicImageKeys);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(new RegExp(`^topic-images/${creator.id}/[0-9a-f]{32}\\.jpg$`));
    expect(keys[1]).toMatch(/\.png$/);
    expect(await filesOf(creator.id)).toEqual([...keys].sort());

    const stored = (await storage.read(keys[0]))!;
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from("Secret Owner"))).toBe(false);

    const first = await topicImage(creator.cookie, generationId, "0");
    expect(first.status).toBe(200);
    expect(first.headers.get("Content-Type")).toBe("image/jpeg");
    expect(Buffer.from(await first.arrayBuffer()).equals(stored)).toBe(true);
    expect((await topicImage(creator.cookie, generationId, "1")).headers.get("Content-Type")).toBe("image/png");
    expect((await topicImage(creator.cookie, generationId, "2")).status).toBe(404);
    expect((await topicImage(creator.cookie, generationId, "x")).status).toBe(404);

    const stranger = await createTestUser();
    const strangerCookie = await sessionCookieFor(stranger.id);
    expect((await topicImage(strangerCookie, generationId, "0")).status).toBe(404);
  });

  test("a file that is not an image, a fourth image and one over the size limit are refused by name; nothing is stored or spent", async () => {
    const creator = await signedInCreator();
    const good = { name: "good.jpg", bytes: await solidJpeg(400, 300) };

    const notImage = await submit(creator, [good, { name: "notes.txt", bytes: Buffer.from("not a picture"), type: "text/plain" }]);
    expect(notImage.status).toBe(400);
    expect(await fieldErrors(notImage)).toEqual(["notes.txt is not an image we can read. Use a JPEG, PNG, WebP or AVIF photo."]);

    const broken = await solidJpeg(800, 600);
    const cut = await submit(creator, [{ name: "cut.jpg", bytes: broken.subarray(0, broken.length / 2) }]);
    expect(await fieldErrors(cut)).toEqual(["cut.jpg is damaged or incomplete (it could not be decoded). Try exporting it again."]);

    const four = await submit(creator, ["a", "b", "c", "d"].map((n) => ({ ...good, name: `${n}.jpg` })));
    expect(four.status).toBe(400);
    expect(await fieldErrors(four)).toEqual(["d.jpg was not used: add at most 3 topic images."]);

    const big = await submit(creator, [{ name: "huge.jpg", bytes: await noisyJpeg(1400, 1400, 100) }]);
    expect(big.status).toBe(400);
    expect(await fieldErrors(big)).toEqual(["huge.jpg is larger than 1 MB. Use a smaller image."]);

    expect(await generationsOf(creator.id)).toEqual([]);
    expect(await filesOf(creator.id)).toEqual([]);
  });

  test("the same form posted twice makes one batch and keeps one set of files; a batch that cannot be paid for keeps none", async () => {
    const creator = await signedInCreator();
    const files = [{ name: "a.jpg", bytes: await solidJpeg(300, 300) }];
    const first = generationIdOf(await submit(creator, files, "same-key"));
    const second = generationIdOf(await submit(creator, files, "same-key"));
    expect(second).toBe(first);
    const [generation] = await generationsOf(creator.id);
    expect(await filesOf(creator.id)).toEqual(parseTopicImageKeys(generation.topicImageKeys));

    await prisma.user.update({ where: { id: creator.id }, data: { credits: 0 } });
    const broke = await submit(creator, files, "another-key");
    expect(broke.status).toBe(402);
    expect(await filesOf(creator.id)).toEqual(parseTopicImageKeys(generation.topicImageKeys));
  });
});

describe("a batch's topic images over its life", () => {
  test("regenerate shares them; they go with the last generation naming them, and with the account", async () => {
    const creator = await signedInCreator();
    const source = generationIdOf(await submit(creator, [{ name: "a.jpg", bytes: await solidJpeg(300, 300) }, { name: "b.jpg", bytes: await solidJpeg(400, 300) }]));
    // Only a finished batch can be deleted.
    await prisma.generation.updateMany({ where: { userId: creator.id }, data: { status: "completed" } });
    const { id: copy } = await regenerateGeneration(creator.id, source, null);
    const [original, regenerated] = await generationsOf(creator.id);
    expect(regenerated.id).toBe(copy);
    expect(regenerated.topicImageKeys).toBe(original.topicImageKeys);
    const keys = parseTopicImageKeys(original.topicImageKeys);
    expect(await findReferencedKeys(keys)).toEqual(new Set(keys));

    await prisma.generation.updateMany({ where: { userId: creator.id }, data: { status: "completed" } });
    expect(await deleteGeneration(creator.id, source)).toEqual({ id: source });
    expect(await filesOf(creator.id)).toEqual([...keys].sort());
    expect((await topicImage(creator.cookie, copy, "1")).status).toBe(200);

    expect(await deleteGeneration(creator.id, copy)).toEqual({ id: copy });
    expect(await filesOf(creator.id)).toEqual([]);

    // An account with a batch still holding its images: deleting the account empties the folder.
    generationIdOf(await submit(creator, [{ name: "c.jpg", bytes: await solidJpeg(300, 300) }]));
    expect(await filesOf(creator.id)).toHaveLength(1);
    await deleteAccount(creator.id, { waitMs: 0 });
    expect(await filesOf(creator.id)).toEqual([]);
  });

  test("the provider gets the normalized bytes in the creator's order; a file lost from storage is left out, not a failed batch", async () => {
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const creator = await signedInCreator();
    const generationId = generationIdOf(
      await submit(creator, [
        { name: "a.jpg", bytes: await solidJpeg(300, 300, "#ff0000") },
        { name: "b.jpg", bytes: await solidJpeg(300, 300, "#00ff00") },
        { name: "c.jpg", bytes: await solidJpeg(300, 300, "#0000ff") },
      ]),
    );
    const keys = parseTopicImageKeys((await generationsOf(creator.id))[0].topicImageKeys);
    await storage.delete(keys[1]);

    const entry = findProvider("local")!;
    const describeCell = vi.spyOn(entry, "describeCell");
    const inputs: BatchInput[] = [];
    const startBatch = localProvider.startBatch.bind(localProvider);
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      inputs.push(input);
      return startBatch(input);
    });
    expect(await runTestGeneration(generationId, "topic-images-test")).toBe("completed");
    expect(inputs).toHaveLength(1);
    expect(inputs[0].topicImages.map((image) => image.key)).toEqual([keys[0], keys[2]]);
    expect(inputs[0].topicImages[0].bytes.equals((await storage.read(keys[0]))!)).toBe(true);
    const { dominant } = await sharp(inputs[0].topicImages[1].bytes).stats();
    expect(dominant.b).toBeGreaterThan(200);
    // A cell's prompt names as many topic images as the model is shown.
    expect(describeCell).toHaveBeenCalled();
    for (const [, , wording] of describeCell.mock.calls) expect(wording).toMatchObject({ topicImages: 2 });
  });

  test("in the editor, a cell the batch drew without its topic image can be given it, and one drawn with it can move it or turn it off", async () => {
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
    const creator = await signedInCreator();
    // Two backgrounds: the fourth cell is one the batch draws without its image (recipe.ts TOPIC_TURNS).
    const generationId = generationIdOf(await submit(creator, [{ name: "a.jpg", bytes: await solidJpeg(300, 300, "#ff00ff") }], undefined, 2));
    expect(await runTestGeneration(generationId, "topic-editor")).toBe("completed");
    const [key] = parseTopicImageKeys((await generationsOf(creator.id))[0].topicImageKeys);
    const rows = await prisma.thumbnail.findMany({ where: { generationId }, select: { id: true, spec: true }, orderBy: { promptIndex: "asc" } });
    const recipes = rows.map((row) => ({ id: row.id, recipe: parseStoredRecipe(row.spec!) }));
    const without = recipes.find((r) => r.recipe.topic === null)!;
    const withIt = recipes.find((r) => r.recipe.topic)!;
    expect(without).toBeDefined();

    const editor = await getThumbnailEditor(creator.id, without.id);
    expect(editor?.topicAvailable).toBe(true);
    const turnedOn = { ...editsFromSpec(without.recipe), topicPlace: "screen" as const };
    expect(turnedOn.topicPlace).toBe("screen");
    expect(await saveThumbnailVersion(creator.id, without.id, turnedOn)).toEqual({ version: 2, created: true });
    const saved = await prisma.thumbnail.findUniqueOrThrow({ where: { id: without.id }, select: { spec: true } });
    expect(parseStoredRecipe(saved.spec!).topic).toEqual({ key, place: "screen" });

    expect(await saveThumbnailVersion(creator.id, withIt.id, { ...editsFromSpec(withIt.recipe), topicPlace: "off" })).toEqual({ version: 2, created: true });
    const off = await prisma.thumbnail.findUniqueOrThrow({ where: { id: withIt.id }, select: { spec: true } });
    expect(parseStoredRecipe(off.spec!).topic).toBeNull();
  });
});

