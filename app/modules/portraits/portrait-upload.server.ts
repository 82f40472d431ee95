// Reads portrait files from a multipart request as it streams, enforcing the
// per-file size limit while the bytes arrive (never buffering past it).
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_FILES_PER_UPLOAD, PORTRAIT_FIELD } from "./constants";

export type PortraitUpload =
  | { filename: string; bytes: Buffer }
  | { filename: string; error: string };


export class UploadRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

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

  const uploads: PortraitUpload[] = [];
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (name !== PORTRAIT_FIELD || filename === undefined) {
      for await (const _ of data) {
        // Other fields are not used; drain them.
      }
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) tooLarge = true;
      // Past the limit the rest is read and dropped, so later files still
      // arrive and get their own answer.
      if (!tooLarge) chunks.push(chunk);
    }
    // An empty file input still sends a part, with no name and no bytes.
    if (filename === "" && size === 0) return undefined;
    const shownName = filename || "A file";
    if (uploads.length >= MAX_FILES_PER_UPLOAD) {
      uploads.push({ filename: shownName, error: `was not uploaded: send at most ${MAX_FILES_PER_UPLOAD} photos at a time.` });
    } else if (tooLarge) {
      uploads.push({ filename: shownName, error: `is larger than ${formatMegabytes(maxBytes)}. Use a smaller photo.` });
    } else {
      uploads.push({ filename: shownName, bytes: Buffer.concat(chunks) });
    }
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    throw new UploadRequestError(
      `The upload could not be read (${error instanceof Error ? error.message : "broken request"}). Try again.`,
    );
  }
  if (uploads.length === 0) throw new UploadRequestError("Choose at least one photo to upload.");
  return uploads;
}

function formatMegabytes(bytes: number) {
  return `${Math.round((bytes / 1_000_000) * 10) / 10} MB`;
}
