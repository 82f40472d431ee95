// Files sent to the API, read by the same streaming readers as the pages
// (portrait-upload.server.ts, topic-image-upload.server.ts): what they refuse
// in the API's error shape, and what makes two uploads the same request for
// the Idempotency-Key.
import crypto from "node:crypto";
import { UploadRequestError } from "~/modules/portraits/portrait-upload.server";
import { ApiError } from "./api-error";

type Upload = { filename: string; bytes: Buffer } | { filename: string; error: string; tooLarge?: true };

/** The files as the idempotency fingerprint sees them: names and content digests, in order. */
export function uploadsFingerprint(uploads: Upload[]) {
  return uploads.map((upload) =>
    "bytes" in upload
      ? { filename: upload.filename, sha256: crypto.createHash("sha256").update(upload.bytes).digest("hex") }
      : { filename: upload.filename, error: upload.error },
  );
}

/** A file over the size limit refuses the whole request, before anything is made or spent. */
export function refuseOversized(uploads: Upload[], field: string) {
  const oversized = uploads.find((upload) => "error" in upload && upload.tooLarge);
  if (oversized && "error" in oversized) throw new ApiError(413, "payload_too_large", `${oversized.filename} ${oversized.error}`, field);
}

/** A body the upload readers refused (not multipart, too large, unreadable) as an API error naming the file field. */
export async function uploadRefusal(error: unknown, field: string): Promise<never> {
  if (error instanceof UploadRequestError) throw asApiError(error.status, error.message, field);
  // The Generate form's reader throws text Responses, as a page action would.
  if (error instanceof Response && (error.status === 400 || error.status === 413)) throw asApiError(error.status, await error.text(), field);
  throw error;
}

function asApiError(status: number, message: string, field: string) {
  return status === 413 ? new ApiError(413, "payload_too_large", message, field) : new ApiError(400, "invalid_request", message, field);
}
