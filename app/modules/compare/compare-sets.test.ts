import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { deleteAccount } from "~/modules/auth/delete-account.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { deleteGeneration, deleteThumbnail } from "~/modules/generations/generations.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { THUMBNAIL_MAX_BYTES } from "~/modules/generations/thumbnail-image.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { newStorageKey } from "~/modules/storage/keys";
import { findReferencedKeys } from "~/modules/storage/orphan-sweep.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { noisyJpeg } from "#tests/images";
import { action as compareSetAction, loader as compareSetLoader } from "~/routes/compare.$setId";
import { action as newSetAction, loader as newSetLoader } from "~/routes/compare.new";
import { loader as zipLoader } from "~/routes/resources.compare.$setId.zip";
import { CompareSetInputError, createCompareSet, deleteCompareSet, getCompareSet, listCompareSets, listPickableThumbnails, resolvePicks } from "./compare-sets.server";
import { buildCompareSetFiles, CompareSetNotExportableError } from "./compare-zip.server";

// What the compositor draws does not matter here, only that each cell stores
// a distinct 1280x720 JPEG: flat colours keep the test quick on a busy machine.
const COLOURS = ["#224488", "#884422", "#228844"];

async function finishedGeneration(userId: string, keywords: string) {
  const portrait = await createTestPortrait(userId);
  let cell = 0;
  const startBatch = vi.spyOn(localProvider, "startBatch").mockResolvedValue({
    render: async () => ({ image: await sharp({ create: { width: 1280, height: 720, channels: 3, background: COLOURS[cell++ % 3] } }).jpeg().toBuffer() }),
  });
  const { id } = await createGeneration({ userId, portraitId: portrait.id, keywords, headline: null, backgroundCount: 1, submissionKey: null });
  await prisma.generation.updateMany({ where: { status: "pending", id: { not: id } }, data: { status: "failed" } });
  expect((await claimNextGeneration("compare-test", 30_000))?.id).toBe(id);
  await processGeneration(id, { workerId: "compare-test", concurrency: 1 });
  startBatch.mockRestore();
  const thumbnails = await prisma.thumbnail.findMany({
    where: { generationId: id, status: "success" },
    orderBy: { promptIndex: "asc" },
    select: { id: true, storagePath: true },
  });
  expect(thumbnails).toHaveLength(3);
  return { generationId: id, thumbnailIds: thumbnails.map((t) => t.id), keys: thumbnails.map((t) => t.storagePath!) };
}

/** A user with two finished batches of three thumbnails each. */
async function creator() {
  const user = await createTestUser();
  const first = await finishedGeneration(user.id, "iPhone 17 review");
  const second = await finishedGeneration(user.id, "budget gaming PC");
  return { user, first, second };
}

async function unzip(bytes: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-compare-")), "set.zip");
  fs.writeFileSync(file, bytes);
  execFileSync("unzip", ["-tq", file]);
  const names = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n");
  const read = (name: string) => execFileSync("unzip", ["-p", file, name], { maxBuffer: 8 * 1024 * 1024 });
  return { names, read };
}

let alice: Awaited<ReturnType<typeof creator>>;
beforeAll(async () => {
  alice = await creator();
});

describe("making a set", () => {
  test("2 or 3 of the user's thumbnails from any batches, lettered in the order picked, with optional titles", async () => {
    const { id } = await createCompareSet({
      userId: alice.user.id,
      name: null,
      variants: [
        { thumbnailId: alice.second.thumbnailIds[1], title: "I tested 5 budget PCs" },
        { thumbnailId: alice.first.thumbnailIds[0], title: null },
        { thumbnailId: alice.first.thumbnailIds[2], title: "The only one worth it" },
      ],
      submissionKey: null,
    });
    const set = await getCompareSet(alice.user.id, id);
    // Named after the batch of variant A when no name is given.
    expect(set?.name).toBe("budget gaming PC");
    expect(set?.variants.map((v) => [v.letter, v.thumbnail?.id, v.title])).toEqual([
      ["A", alice.second.thumbnailIds[1], "I tested 5 budget PCs"],
      ["B", alice.first.thumbnailIds[0], null],
      ["C", alice.first.thumbnailIds[2], "The only one worth it"],
    ]);
    expect(set?.variants[0].thumbnail).toMatchObject({ keywords: "budget gaming PC", label: "Headline 2, background 1", generationId: alice.second.generationId });
  });

  test.for([
    { count: 1, message: "A Test & Compare set has 2 or 3 thumbnails; you picked 1." },
    { count: 4, message: "A Test & Compare set has 2 or 3 thumbnails; you picked 4." },
  ])("$count thumbnails are refused: YouTube compares 2 or 3", async ({ count, message }) => {
    const ids = [...alice.first.thumbnailIds, ...alice.second.thumbnailIds].slice(0, count);
    const before = await prisma.compareSet.count({ where: { userId: alice.user.id } });
    await expect(
      createCompareSet({ userId: alice.user.id, name: null, variants: ids.map((thumbnailId) => ({ thumbnailId, title: null })), submissionKey: null }),
    ).rejects.toThrow(new CompareSetInputError(message));
    expect(await prisma.compareSet.count({ where: { userId: alice.user.id } })).toBe(before);
  });

  test("the same thumbnail twice, or a title over YouTube's 100 characters, is refused with a reason", async () => {
    const [a, b] = alice.first.thumbnailIds;
    await expect(
      createCompareSet({ userId: alice.user.id, name: null, variants: [{ thumbnailId: a, title: null }, { thumbnailId: a, title: null }], submissionKey: null }),
    ).rejects.toThrow("Pick different thumbnails: the same one twice compares nothing.");
    await expect(
      createCompareSet({ userId: alice.user.id, name: null, variants: [{ thumbnailId: a, title: null }, { thumbnailId: b, title: "x".repeat(101) }], submissionKey: null }),
    ).rejects.toThrow("Keep title B to 100 characters or fewer: YouTube cuts longer titles.");
  });

  test("another user's thumbnail cannot go into a set, and their sets are not found", async () => {
    const mallory = await createTestUser();
    const [a, b] = alice.first.thumbnailIds;
    await expect(
      createCompareSet({ userId: mallory.id, name: null, variants: [{ thumbnailId: a, title: null }, { thumbnailId: b, title: null }], submissionKey: null }),
    ).rejects.toThrow("One of those thumbnails is gone or cannot be used. Pick finished thumbnails of yours and try again.");
    expect(await prisma.compareSet.count({ where: { userId: mallory.id } })).toBe(0);

    const { id } = await createCompareSet({ userId: alice.user.id, name: "mine", variants: [{ thumbnailId: a, title: null }, { thumbnailId: b, title: null }], submissionKey: null });
    expect(await getCompareSet(mallory.id, id)).toBeNull();
    expect(await buildCompareSetFiles(mallory.id, id)).toBeNull();
    expect(await deleteCompareSet(mallory.id, id)).toBeNull();
    expect((await listCompareSets(mallory.id)).total).toBe(0);
    expect(await resolvePicks(mallory.id, [a, b])).toEqual([]);
    expect((await listPickableThumbnails(mallory.id)).total).toBe(0);
    expect(await getCompareSet(alice.user.id, id)).not.toBeNull();
  });

  test("a failed thumbnail cannot be picked", async () => {
    const bob = await creator();
    await prisma.thumbnail.update({ where: { id: bob.first.thumbnailIds[0] }, data: { status: "failed" } });
    const [failed, ok] = bob.first.thumbnailIds;
    expect((await resolvePicks(bob.user.id, [failed, ok])).map((t) => t.id)).toEqual([ok]);
    expect((await listPickableThumbnails(bob.user.id)).total).toBe(5);
    await expect(
      createCompareSet({ userId: bob.user.id, name: null, variants: [{ thumbnailId: failed, title: null }, { thumbnailId: ok, title: null }], submissionKey: null }),
    ).rejects.toThrow(CompareSetInputError);
  });

  test("the picker pages through every batch, newest first, and keeps picks in the order picked", async () => {
    const picker = await listPickableThumbnails(alice.user.id);
    expect(picker.total).toBe(6);
    expect(picker.thumbnails.map((t) => t.id)).toEqual([...alice.second.thumbnailIds, ...alice.first.thumbnailIds]);
    const picks = await resolvePicks(alice.user.id, [alice.first.thumbnailIds[1], alice.second.thumbnailIds[0], alice.first.thumbnailIds[1], "nope"]);
    expect(picks.map((p) => p.id)).toEqual([alice.first.thumbnailIds[1], alice.second.thumbnailIds[0]]);
  });
});

describe("the create form", () => {
  test("posted twice with the same submission key makes one set", async () => {
    const carol = await creator();
    const cookie = await sessionCookieFor(carol.user.id);
    const fields = {
      thumbnailA: carol.first.thumbnailIds[0],
      thumbnailB: carol.second.thumbnailIds[0],
      titleB: "  Which one wins?  ",
      submissionKey: "double-click-1",
    };
    const [one, two] = await Promise.all([
      settle(newSetAction({ request: formRequest("/compare/new", fields, { cookie }), params: {}, context: {} })),
      settle(newSetAction({ request: formRequest("/compare/new", fields, { cookie }), params: {}, context: {} })),
    ]);
    const sets = await prisma.compareSet.findMany({ where: { userId: carol.user.id }, select: { id: true, variants: { orderBy: { letter: "asc" }, select: { title: true } } } });
    expect(sets).toHaveLength(1);
    expect(sets[0].variants).toEqual([{ title: null }, { title: "Which one wins?" }]);
    expect(one.headers.get("Location")).toBe(`/compare/${sets[0].id}`);
    expect(two.headers.get("Location")).toBe(`/compare/${sets[0].id}`);
  });

  test("one thumbnail, or someone else's, answers with the reason and makes nothing", async () => {
    const dave = await createTestUser();
    const cookie = await sessionCookieFor(dave.id);
    const missing = await settle(newSetAction({ request: formRequest("/compare/new", { thumbnailA: alice.first.thumbnailIds[0] }, { cookie }), params: {}, context: {} }));
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain("Pick a second thumbnail: a set compares 2 or 3.");
    const foreign = await settle(
      newSetAction({ request: formRequest("/compare/new", { thumbnailA: alice.first.thumbnailIds[0], thumbnailB: alice.first.thumbnailIds[1] }, { cookie }), params: {}, context: {} }),
    );
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(await foreign.json())).toContain("One of those thumbnails is gone or cannot be used.");
    expect(await prisma.compareSet.count({ where: { userId: dave.id } })).toBe(0);
  });

  test("the picker page shows only the user's own picks", async () => {
    const cookie = await sessionCookieFor(alice.user.id);
    const mine = alice.first.thumbnailIds[0];
    const bob = await createTestUser();
    const response = await settle(
      newSetLoader({ request: getRequest(`/compare/new?pick=${mine}&pick=${mine}`, { cookie: await sessionCookieFor(bob.id) }), params: {}, context: {} }),
    );
    expect((await response.json()).picks).toEqual([]);
    const own = await settle(newSetLoader({ request: getRequest(`/compare/new?pick=${mine}`, { cookie }), params: {}, context: {} }));
    expect((await own.json()).picks.map((p: { id: string }) => p.id)).toEqual([mine]);
  });
});

describe("export", () => {
  test("A.jpg, B.jpg, C.jpg at 1280x720 and at most 2 MB, each its thumbnail's current image, and titles.txt", async () => {
    const { id } = await createCompareSet({
      userId: alice.user.id,
      name: "iPhone 17 launch",
      variants: [
        { thumbnailId: alice.first.thumbnailIds[0], title: "iPhone 17: the battery shocked me" },
        { thumbnailId: alice.second.thumbnailIds[1], title: null },
        { thumbnailId: alice.first.thumbnailIds[2], title: "Don't buy the iPhone 17 yet" },
      ],
      submissionKey: null,
    });
    const response = await settle(zipLoader({ request: getRequest(`/resources/compare/${id}/zip`, { cookie: await sessionCookieFor(alice.user.id) }), params: { setId: id }, context: {} }));
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="test-and-compare-iphone-17-launch.zip"');
    const zip = await unzip(Buffer.from(await response.arrayBuffer()));
    expect(zip.names).toEqual(["A.jpg", "B.jpg", "C.jpg", "titles.txt"]);
    const sources = [alice.first.keys[0], alice.second.keys[1], alice.first.keys[2]];
    for (const [i, name] of ["A.jpg", "B.jpg", "C.jpg"].entries()) {
      const bytes = zip.read(name);
      const meta = await sharp(bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 1280, height: 720 });
      expect(bytes.length).toBeLessThanOrEqual(THUMBNAIL_MAX_BYTES);
      // Stored thumbnails already fit YouTube's limits and go in untouched.
      expect(bytes.equals((await storage.read(sources[i]))!)).toBe(true);
    }
    expect(zip.read("titles.txt").toString()).toBe(
      [
        "Test & Compare set: iPhone 17 launch",
        "",
        "A.jpg: iPhone 17: the battery shocked me",
        "B.jpg: (no title: keep the video's own)",
        "C.jpg: Don't buy the iPhone 17 yet",
        "",
      ].join("\n"),
    );
  });

  // Issue 21: a title is one line of titles.txt, whatever was sent or stored.
  test("a name or title with CR/LF, other line breaks or bidi controls writes no extra line and no control into titles.txt", async () => {
    const { id } = await createCompareSet({
      userId: alice.user.id,
      name: "Launch\r\nA.jpg: fake line",
      variants: [
        { thumbnailId: alice.first.thumbnailIds[0], title: "Real title\r\nB.jpg: injected" },
        { thumbnailId: alice.second.thumbnailIds[1], title: "\u202Egpj.exe\u202C and \u2067isolate\u2069\u2028next\u2029para\u0085nel\vvt\fff" },
        { thumbnailId: alice.first.thumbnailIds[2], title: "עברית \u200Fmark\u200E tab\there" },
      ],
      submissionKey: null,
    });
    const built = await buildCompareSetFiles(alice.user.id, id);
    const titles = built!.files.find((file) => file.name === "titles.txt")!.bytes.toString();
    expect(titles.split("\n")).toEqual([
      "Test & Compare set: Launch A.jpg: fake line",
      "",
      "A.jpg: Real title B.jpg: injected",
      "B.jpg: gpj.exe and isolate next para nel vt ff",
      "C.jpg: עברית mark tab here",
      "",
    ]);
    expect(titles).not.toMatch(/[\r\u0000-\u0009\u000b-\u001f\u0085\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/);
  });

  test("the form keeps a title on one line and without bidi controls, as it is stored", async () => {
    const cookie = await sessionCookieFor(alice.user.id);
    const response = await settle(
      newSetAction({
        request: formRequest("/compare/new", {
          name: "Form\r\nset",
          thumbnailA: alice.first.thumbnailIds[0],
          thumbnailB: alice.second.thumbnailIds[1],
          titleA: "First\r\nline",
          titleB: "\u202Eevil",
        }, { cookie }),
        params: {},
        context: {},
      }),
    );
    expect(response.status).toBe(302);
    const setId = response.headers.get("Location")!.split("/").pop()!;
    const stored = await prisma.compareSet.findUniqueOrThrow({ where: { id: setId }, select: { name: true, variants: { orderBy: { letter: "asc" }, select: { title: true } } } });
    expect(stored).toEqual({ name: "Form set", variants: [{ title: "First line" }, { title: "evil" }] });
  });

  test("a thumbnail whose current image is not 1280x720 or is over 2 MB is brought to YouTube's limits", async () => {
    const erin = await creator();
    const [a, b] = erin.first.thumbnailIds;
    // As an edited version would: storagePath moves to a new file.
    const big = await noisyJpeg(2400, 1600, 100);
    expect(big.length).toBeGreaterThan(THUMBNAIL_MAX_BYTES);
    const key = newStorageKey(`thumbnails/${erin.first.generationId}`, "jpg");
    await storage.put(key, big, { contentType: "image/jpeg" });
    await prisma.thumbnail.update({ where: { id: b }, data: { storagePath: key } });
    const { id } = await createCompareSet({ userId: erin.user.id, name: null, variants: [{ thumbnailId: a, title: null }, { thumbnailId: b, title: null }], submissionKey: null });
    const built = await buildCompareSetFiles(erin.user.id, id);
    const variantB = built!.files.find((f) => f.name === "B.jpg")!;
    const meta = await sharp(variantB.bytes).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "jpeg", width: 1280, height: 720 });
    expect(variantB.bytes.length).toBeLessThanOrEqual(THUMBNAIL_MAX_BYTES);
  });

  test("another user's set is 404, a visitor is asked to log in", async () => {
    const { id } = await createCompareSet({
      userId: alice.user.id,
      name: null,
      variants: alice.first.thumbnailIds.slice(0, 2).map((thumbnailId) => ({ thumbnailId, title: null })),
      submissionKey: null,
    });
    const stranger = await sessionCookieFor((await createTestUser()).id);
    expect((await settle(zipLoader({ request: getRequest(`/resources/compare/${id}/zip`, { cookie: stranger }), params: { setId: id }, context: {} }))).status).toBe(404);
    expect((await settle(compareSetLoader({ request: getRequest(`/compare/${id}`, { cookie: stranger }), params: { setId: id }, context: {} }))).status).toBe(404);
    const deleting = await settle(compareSetAction({ request: formRequest(`/compare/${id}`, { intent: "delete" }, { cookie: stranger }), params: { setId: id }, context: {} }));
    expect(deleting.status).toBe(404);
    expect(await getCompareSet(alice.user.id, id)).not.toBeNull();
    const visitor = await settle(zipLoader({ request: getRequest(`/resources/compare/${id}/zip`), params: { setId: id }, context: {} }));
    expect(visitor.headers.get("Location")).toMatch(/^\/login/);
  });
});

describe("deleting what a set uses", () => {
  test("a deleted thumbnail leaves its variant shown as removed; the export leaves it out while 2 remain", async () => {
    const frank = await creator();
    const [a, b, c] = frank.first.thumbnailIds;
    const { id } = await createCompareSet({
      userId: frank.user.id,
      name: "launch",
      variants: [{ thumbnailId: a, title: "one" }, { thumbnailId: b, title: "two" }, { thumbnailId: c, title: "three" }],
      submissionKey: null,
    });
    expect(await deleteThumbnail(frank.user.id, frank.first.generationId, b)).not.toBeNull();

    const set = await getCompareSet(frank.user.id, id);
    expect(set?.variants.map((v) => [v.letter, v.thumbnail?.id ?? null, v.title])).toEqual([
      ["A", a, "one"],
      ["B", null, "two"],
      ["C", c, "three"],
    ]);
    const built = await buildCompareSetFiles(frank.user.id, id);
    expect(built!.files.map((f) => f.name)).toEqual(["A.jpg", "C.jpg", "titles.txt"]);
    expect(built!.files[2].bytes.toString()).toContain("B: removed (its thumbnail was deleted)");

    // One left is not a set YouTube can test: a clear 409, not a broken archive.
    await deleteThumbnail(frank.user.id, frank.first.generationId, c);
    await expect(buildCompareSetFiles(frank.user.id, id)).rejects.toThrow(
      new CompareSetNotExportableError("Test & Compare needs at least 2 thumbnails, and only 1 of this set's are left. Make a new set with the ones you want."),
    );
    const response = await settle(zipLoader({ request: getRequest(`/resources/compare/${id}/zip`, { cookie: await sessionCookieFor(frank.user.id) }), params: { setId: id }, context: {} }));
    expect(response.status).toBe(409);
    // The page still opens and says which variants went.
    const page = await settle(compareSetLoader({ request: getRequest(`/compare/${id}`, { cookie: await sessionCookieFor(frank.user.id) }), params: { setId: id }, context: {} }));
    expect(page.status).toBe(200);
  });

  test("deleting a generation removes its variants' thumbnails from sets, not the sets", async () => {
    const gina = await creator();
    const { id } = await createCompareSet({
      userId: gina.user.id,
      name: null,
      variants: [{ thumbnailId: gina.first.thumbnailIds[0], title: null }, { thumbnailId: gina.second.thumbnailIds[0], title: null }],
      submissionKey: null,
    });
    await deleteGeneration(gina.user.id, gina.first.generationId);
    expect((await getCompareSet(gina.user.id, id))?.variants.map((v) => v.thumbnail?.id ?? null)).toEqual([null, gina.second.thumbnailIds[0]]);
  });

  test("deleting a set keeps its thumbnails and their files", async () => {
    const hank = await creator();
    const { id } = await createCompareSet({
      userId: hank.user.id,
      name: null,
      variants: hank.first.thumbnailIds.map((thumbnailId) => ({ thumbnailId, title: null })),
      submissionKey: null,
    });
    const response = await settle(compareSetAction({ request: formRequest(`/compare/${id}`, { intent: "delete" }, { cookie: await sessionCookieFor(hank.user.id) }), params: { setId: id }, context: {} }));
    expect(response.headers.get("Location")).toBe("/compare");
    expect(await prisma.compareSet.count({ where: { id } })).toBe(0);
    expect(await prisma.compareVariant.count({ where: { setId: id } })).toBe(0);
    expect(await prisma.thumbnail.count({ where: { id: { in: hank.first.thumbnailIds } } })).toBe(3);
    for (const key of hank.first.keys) expect(await storage.exists(key)).toBe(true);
  });

  test("deleting the account deletes its sets; a set's images stay referenced by their thumbnails only", async () => {
    const ivy = await creator();
    const { id } = await createCompareSet({
      userId: ivy.user.id,
      name: null,
      variants: ivy.first.thumbnailIds.slice(0, 2).map((thumbnailId) => ({ thumbnailId, title: null })),
      submissionKey: null,
    });
    // The orphan sweep needs no knowledge of sets: they own no files.
    expect(await findReferencedKeys(ivy.first.keys)).toEqual(new Set(ivy.first.keys));
    expect(await deleteAccount(ivy.user.id)).not.toBeNull();
    expect(await prisma.compareSet.count({ where: { id } })).toBe(0);
    expect(await prisma.compareVariant.count({ where: { setId: id } })).toBe(0);
    for (const key of ivy.first.keys) expect(await storage.exists(key)).toBe(false);
  });
});
