// A generation's thumbnails as a ZIP, streamed as it is built: a few stored
// JPEGs are read at a time and stored without recompression, so memory stays
// flat however many thumbnails there are.
import { createReadableStreamFromReadable } from "@remix-run/node";
import archiver from "archiver";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { slugify, thumbnailFileName } from "./file-names";
import { GenerationStatus, ThumbnailStatus } from "./lifecycle";
import { cellOrder } from "./snapshots";

export class NothingToZipError extends Error {}

/**
 * A streaming ZIP response of one of the user's generations (or of the
 * selected thumbnails in it). Null when the generation is not theirs.
 */
export async function streamGenerationZip(
  request: Request,
  userId: string,
  generationId: string,
  { thumbnailIds }: { thumbnailIds?: string[] } = {},
) {
  const generation = await prisma.generation.findFirst({
    where: { id: generationId, userId },
    select: {
      keywords: true,
      headline: true,
      status: true,
      thumbnails: {
        where: { status: ThumbnailStatus.success, ...(thumbnailIds?.length ? { id: { in: thumbnailIds } } : {}) },
        orderBy: cellOrder,
        select: { storagePath: true, promptIndex: true, backgroundIndex: true, prompt: true },
      },
    },
  });
  if (!generation) return null;
  if (generation.thumbnails.length === 0) {
    throw new NothingToZipError(
      thumbnailIds?.length
        ? "None of the selected thumbnails can be downloaded. Select finished thumbnails and try again."
        : generation.status === GenerationStatus.failed
          ? "This batch failed and has no thumbnails to download."
          : "This batch has no finished thumbnails yet. Try again when some have arrived.",
    );
  }

  const entries = generation.thumbnails.map((t) => ({
    key: t.storagePath!,
    name: thumbnailFileName(generation.keywords, t.promptIndex, t.backgroundIndex),
    prompt: t.prompt,
    promptIndex: t.promptIndex,
    backgroundIndex: t.backgroundIndex,
  }));
  const manifest = {
    keywords: generation.keywords,
    headline: generation.headline,
    thumbnails: entries.map(({ name, prompt, promptIndex, backgroundIndex }) => ({
      file: name,
      headline: promptIndex + 1,
      background: backgroundIndex + 1,
      prompt,
    })),
  };

  const archive = archiver("zip", { store: true, highWaterMark: 1024 * 1024 });
  const queue = [...entries];
  // Files are opened a few entries ahead of the one being written, so the
  // archive never waits for an open, and appended strictly in order through
  // one promise chain. Memory stays bounded: queued streams wait paused.
  const LOOKAHEAD = 4;
  let chain: Promise<unknown> = Promise.resolve();
  let finalizing = false;
  let stopped = false;
  const fail = (error: unknown) => {
    if (!stopped) archive.destroy(error as Error);
  };
  const appendNext = () => {
    if (stopped) return;
    const entry = queue.shift();
    if (!entry) {
      if (!finalizing) {
        finalizing = true;
        chain = chain.then(() => (stopped ? undefined : archive.finalize())).catch(fail);
      }
      return;
    }
    // A thumbnail is at most 2 MB, so reading each one whole keeps memory
    // bounded (LOOKAHEAD x 2 MB) and lets the archiver checksum a buffer in
    // one call instead of through a stream per file: several times faster.
    const reading = storage.read(entry.key);
    chain = chain
      .then(async () => {
        const bytes = await reading;
        if (stopped) return;
        // A file deleted meanwhile is left out rather than breaking the archive.
        if (bytes) archive.append(bytes, { name: entry.name, date: new Date(0) });
        else appendNext();
      })
      .catch(fail);
  };
  archive.on("entry", appendNext);
  archive.on("warning", (error) => logger.warn({ err: error }, "zip warning"));
  archive.on("error", (error) => logger.error({ err: error }, "zip failed"));
  archive.append(`${JSON.stringify(manifest, null, 2)}\n`, { name: "manifest.json", date: new Date(0) });
  for (let i = 0; i < LOOKAHEAD; i++) appendNext();

  // A client that goes away stops the archive: nothing more is read or
  // appended, and the response ends at once (an aborted archiver leaves its
  // stream open when the abort lands between two entries).
  const abort = () => {
    stopped = true;
    queue.length = 0;
    archive.abort();
    archive.destroy();
  };
  request.signal.addEventListener("abort", abort, { once: true });
  archive.on("end", () => request.signal.removeEventListener("abort", abort));

  const fileName = `${slugify(generation.keywords)}${thumbnailIds?.length ? "-selection" : ""}.zip`;
  return new Response(createReadableStreamFromReadable(archive), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
