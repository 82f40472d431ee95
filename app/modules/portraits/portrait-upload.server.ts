// Reads portrait files from a multipart request as it streams, enforcing the
// per-file size limit while the bytes arrive (never buffering past it).
import { Readable } from "node:stream";
import busboy from "busboy";
import { normalizeInputText } from "~/utils/input-text";
import { MAX_FILES_PER_UPLOAD, PORTRAIT_FIELD } from "./constants";

export type PortraitUpload =
  | { filename: string; bytes: Buffer }
  /** Refused as it arrived; tooLarge when over the size limit (the API answers that 413). */
  | { filename: string; error: string; tooLarge?: true };


export class UploadRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const UNREADABLE_FILE_NAME_MESSAGE =
  "The upload could not be read: a file name has control characters in it. Rename the file and try again.";

export async function readPortraitUploads(request: Request, { maxBytes }: { maxBytes: number }) {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) {
    throw new UploadRequestError("Send the photos with the upload form (multipart/form-data).");
  }
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  // Refuse an obviously oversized body before reading any of it.
  if (declared > MAX_FILES_PER_UPLOAD * maxBytes + 1_000_000) {
    throw new UploadRequestError(
      `That upload is too large. Send at most ${MAX_FILES_PER_UPLOAD} photos of up to ${formatMegabytes(maxBytes)} each.`,
      413,
    );
  }

  if (!request.body) throw new UploadRequestError("Choose at least one photo to upload.");

  const uploads: PortraitUpload[] = [];
  try {
    await parseMultipart(request, request.body, maxBytes, ({ filename, bytes, size, tooLarge }) => {
      // An empty file input still sends a part, with no name and no bytes.
      if (!filename && size === 0) return;
      const shownName = filename || "A file";
      if (uploads.length >= MAX_FILES_PER_UPLOAD) {
        uploads.push({ filename: shownName, error: `was not uploaded: send at most ${MAX_FILES_PER_UPLOAD} photos at a time.` });
      } else if (tooLarge) {
        uploads.push({ filename: shownName, error: `is larger than ${formatMegabytes(maxBytes)}. Use a smaller photo.`, tooLarge: true });
      } else {
        uploads.push({ filename: shownName, bytes });
      }
    });
  } catch (error) {
    // busboy refuses a part header with a control character other than TAB,
    // which a file name from a Linux disk may hold (browsers escape only " CR LF).
    if (error instanceof Error && error.message === "Malformed part header") throw new UploadRequestError(UNREADABLE_FILE_NAME_MESSAGE);
    throw new UploadRequestError(
      `The upload could not be read (${error instanceof Error ? error.message : "broken request"}). Try again.`,
    );
  }
  if (uploads.length === 0) throw new UploadRequestError("Choose at least one photo to upload.");
  return uploads;
}

type ReadFile = { filename: string; bytes: Buffer; size: number; tooLarge: boolean };

/**
 * busboy reads the parts as they stream, with the browser's file names as
 * they are sent: UTF-8, and "=" or ";" inside the quotes (Chromium sends
 * a=b.png as filename="a=b.png", which Remix's own parser refused). Only the
 * last path part of a name is kept. Past maxBytes a file's bytes are read and
 * dropped, so the files after it still arrive and get their own answer.
 */
function parseMultipart(request: Request, body: ReadableStream<Uint8Array>, maxBytes: number, onFile: (file: ReadFile) => void) {
  return new Promise<void>((resolve, reject) => {
    const parser = busboy({
      headers: { "content-type": request.headers.get("Content-Type") ?? "" },
      defParamCharset: "utf8",
      limits: { fileSize: maxBytes, fieldSize: 64 * 1024 },
    });
    parser.on("file", (name: string, stream: Readable, info: { filename?: string }) => {
      // Other fields are not used; drain them.
      if (name !== PORTRAIT_FIELD) return void stream.resume();
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        chunks.push(chunk);
      });
      stream.on("limit", () => (tooLarge = true));
      stream.on("end", () => onFile({ filename: fileNameOf(info.filename), bytes: Buffer.concat(chunks), size, tooLarge }));
    });
    parser.on("close", () => resolve());
    parser.on("error", reject);
    const source = Readable.fromWeb(body as import("node:stream/web").ReadableStream<Uint8Array>);
    source.on("error", reject);
    source.pipe(parser);
  });
}

/** The name as the user sees it (browsers send " CR LF as %22 %0D %0A), on one line, without controls. */
export function fileNameOf(sent: string | undefined) {
  if (!sent) return "";
  return normalizeInputText(sent.replace(/%22/g, '"').replace(/%0D|%0A|[\t\r\n]/gi, " "));
}

export function formatMegabytes(bytes: number) {
  return `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;
}
