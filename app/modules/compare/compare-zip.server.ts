// A Test & Compare set as YouTube takes it: A.jpg, B.jpg, C.jpg and the
// titles. At most three 2 MB files, so they are read first (a clear error
// before any byte is sent) and then streamed out through archiver.
import { createReadableStreamFromReadable } from "@remix-run/node";
import archiver from "archiver";
import { slugify } from "~/modules/generations/file-names";
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { normalizeThumbnail } from "~/modules/generations/thumbnail-image.server";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { oneLineText } from "~/utils/input-text";
import { logger } from "~/utils/logger.server";
import { MIN_VARIANTS } from "./validation";

export class CompareSetNotExportableError extends Error {}

/** The set's files: one JPEG per variant that still has its thumbnail, and titles.txt. Null when not the user's. */
export async function buildCompareSetFiles(userId: string, setId: string) {
  const set = await prisma.compareSet.findFirst({
    where: { id: setId, userId },
    select: {
      name: true,
      variants: {
        orderBy: { letter: "asc" },
        // storagePath is always the thumbnail's current version, so an edited thumbnail exports as edited.
        select: { letter: true, title: true, thumbnail: { select: { storagePath: true, status: true } } },
      },
    },
  });
  if (!set) return null;

  const images = await Promise.all(
    set.variants.map(async (v) => {
      const key = v.thumbnail?.status === ThumbnailStatus.success ? v.thumbnail.storagePath : null;
      const bytes = key ? await storage.read(key) : null;
      // Stored thumbnails are already 1280x720 JPEGs of at most 2 MB and pass
      // through untouched; anything else is brought to YouTube's limits here.
      return { letter: v.letter, title: v.title, jpeg: bytes ? (await normalizeThumbnail(bytes)).jpeg : null };
    }),
  );
  const present = images.filter((image) => image.jpeg);
  if (present.length < MIN_VARIANTS) {
    throw new CompareSetNotExportableError(
      `Test & Compare needs at least ${MIN_VARIANTS} thumbnails, and only ${present.length} of this set's are left. Make a new set with the ones you want.`,
    );
  }
  // Each title on its own line, whatever a stored title holds.
  const titles = [
    `Test & Compare set: ${oneLineText(set.name)}`,
    "",
    ...images.map((image) =>
      image.jpeg
        ? `${image.letter}.jpg: ${(image.title && oneLineText(image.title)) || "(no title: keep the video's own)"}`
        : `${image.letter}: removed (its thumbnail was deleted)`,
    ),
    "",
  ].join("\n");
  return {
    name: set.name,
    files: [...present.map((image) => ({ name: `${image.letter}.jpg`, bytes: image.jpeg! })), { name: "titles.txt", bytes: Buffer.from(titles) }],
  };
}

/** A streamed ZIP response of one of the user's sets, or null when not theirs. */
export async function streamCompareSetZip(userId: string, setId: string) {
  const built = await buildCompareSetFiles(userId, setId);
  if (!built) return null;
  // JPEGs do not compress: stored as they are, like the generation ZIP.
  const archive = archiver("zip", { store: true });
  archive.on("warning", (error) => logger.warn({ err: error }, "compare zip warning"));
  archive.on("error", (error) => logger.error({ err: error }, "compare zip failed"));
  for (const file of built.files) archive.append(file.bytes, { name: file.name, date: new Date(0) });
  // A failure is logged by the error listener and ends the stream.
  archive.finalize().catch(() => {});
  return new Response(createReadableStreamFromReadable(archive), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="test-and-compare-${slugify(built.name)}.zip"`,
      "Cache-Control": "private, no-store",
    },
  });
}
