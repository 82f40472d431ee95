// What a cell leaves behind (issue 21, item 3): a cell that fails stores a
// sentence a creator can read (the detail goes to the log) and no file; a
// cell that succeeds stores exactly the files its row names.
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { storage } from "~/modules/storage/storage.server";
import { thumbnailFiles, thumbnailFilesSelect } from "~/modules/thumbnails/thumbnail-keys";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { sceneImage } from "#tests/images";
import { newTestGeneration, runTestGeneration } from "#tests/support/batches";

afterEach(() => vi.restoreAllMocks());

const newGeneration = async (keywords: string) => (await newTestGeneration({ keywords })).generationId;
const runToEnd = (generationId: string) => runTestGeneration(generationId, "cells-test", { concurrency: 2 });

/** Every file stored under the generation's folder. */
async function filesOf(generationId: string) {
  const keys: string[] = [];
  for await (const page of storage.list({ prefix: `thumbnails/${generationId.toLowerCase()}/` })) keys.push(...page.map((e) => e.key));
  return keys.sort();
}

/** The files the generation's rows name. */
async function filesOfRows(generationId: string) {
  const rows = await prisma.thumbnail.findMany({ where: { generationId }, select: thumbnailFilesSelect });
  return rows.flatMap(thumbnailFiles).sort();
}

// Nothing a creator reads may look like this: JSON, a Zod issue, a stack, a path, an errno.
const INTERNAL = /[{}[\]"]|too_big|Zod|\bat \S+:\d+|\/data\/|\bE[A-Z]{2,}\b|sharp|[Bb]uffer/;

describe("a cell's files", () => {
  test("a batch stored with a 60-letter keyword (before the submit check, or regenerated) draws every cell, and its folder holds exactly the rows' files", async () => {
    const generationId = await newGeneration("pneumonoultramicroscopicsilicovolcanoconiosisxyzabcdefghijkl");
    // Before: 2 of 3 cells failed with a ZodError dump, and their JPEGs stayed in storage with no row.
    expect(await runToEnd(generationId)).toBe("completed");
    const cells = await prisma.thumbnail.findMany({ where: { generationId }, select: { status: true, errorMessage: true } });
    expect(cells).toEqual(Array.from({ length: 3 }, () => ({ status: "success", errorMessage: null })));
    expect(await filesOf(generationId)).toEqual(await filesOfRows(generationId));
  });

  test("a cell that fails stores a sentence a creator can read, logs the detail, and leaves no file", async () => {
    const image = await sceneImage(1280, 720);
    // Cell 0: an AI image whose text-free plate is stored, then the storage
    // fails on the lettered JPEG. Cell 1: bytes that are no image. Cell 2: fine.
    vi.spyOn(localProvider, "startBatch").mockResolvedValue({
      render: async (cell) =>
        cell.prompt.index === 0 ? { image, plate: "person" as const } : cell.prompt.index === 1 ? { image: Buffer.from("<html>502 Bad Gateway</html>") } : { image },
    });
    const put = storage.put.bind(storage);
    vi.spyOn(storage, "put").mockImplementation(async (key, bytes, options) => {
      if (/\/0-0[^/]*\.jpg$/.test(key) && !key.includes("plate")) throw new Error(`EIO: i/o error, write '/data/files/${key}'`);
      return put(key, bytes, options);
    });
    const errors = vi.spyOn(logger, "error");
    const generationId = await newGeneration("budget gaming PC");

    expect(await runToEnd(generationId)).toBe("partial");

    const cells = await prisma.thumbnail.findMany({ where: { generationId }, orderBy: { promptIndex: "asc" }, select: { status: true, errorMessage: true } });
    expect(cells.map((c) => c.status)).toEqual(["failed", "failed", "success"]);
    for (const { errorMessage } of cells.slice(0, 2)) {
      expect(errorMessage).toMatch(/^[A-Z].+\.$/);
      expect(errorMessage).not.toMatch(INTERNAL);
    }
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { errorMessage: true } });
    expect(generation.errorMessage).not.toMatch(INTERNAL);
    // The detail is in the log, for whoever runs the server.
    const logged = errors.mock.calls.map(([fields]) => String((fields as { err?: Error }).err?.message ?? ""));
    expect(logged.some((m) => m.includes("EIO"))).toBe(true);
    expect(logged.some((m) => /unsupported image format/i.test(m))).toBe(true);
    // The plate stored before the failure went with it: only the good cell's file is left.
    const files = await filesOf(generationId);
    expect(files).toEqual(await filesOfRows(generationId));
    expect(files).toHaveLength(1);
  });
});
