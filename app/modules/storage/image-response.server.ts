import { Readable } from "node:stream";
import type { StoredObject } from "./storage";

/**
 * Streams a stored image. Keys are immutable (a new upload gets a new key),
 * so the key is the ETag and the response may be cached for a year, privately
 * since it sits behind a login.
 */
export function imageResponse(request: Request, file: StoredObject & { key: string }) {
  const etag = `"${file.key.replace(/[^a-z0-9]/g, "")}"`;
  const headers = new Headers({
    "Cache-Control": "private, max-age=31536000, immutable",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
  });
  if (request.headers.get("If-None-Match") === etag) {
    file.body.destroy();
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", file.contentType);
  headers.set("Content-Length", String(file.size));
  return new Response(Readable.toWeb(file.body) as ReadableStream, { headers });
}
