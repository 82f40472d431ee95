// The one place where a request's text enters the app. A path that does not
// decode, or that decodes to a control character, names nothing here: it is
// answered 400 before any route (Express would otherwise pass a URIError to
// the error handler, a 500 logged as an error). Query values and the fields of
// every form the body limit reads lose their NULs and other control
// characters (normalizeInputText), so SQLite and PostgreSQL store the same
// text and PostgreSQL never answers 500 for a NUL. Uploads, which stream past
// the body limit, normalize their fields and file names where they are parsed
// (portrait-upload.server.ts).
import type { IncomingMessage } from "node:http";
import type { RequestHandler } from "express";
import { CONTROL_CHARACTER, normalizeInputText } from "~/utils/input-text";

export const BAD_PATH_MESSAGE = "This address is not valid.";

export function createRequestInput(): RequestHandler {
  return (req, res, next) => {
    const queryAt = req.url.indexOf("?");
    const path = queryAt === -1 ? req.url : req.url.slice(0, queryAt);
    if (!isReadablePath(path)) {
      res.set("Connection", "close");
      return void res.status(400).type("text/plain").send(BAD_PATH_MESSAGE);
    }
    if (queryAt !== -1) {
      const query = normalizedQuery(req.url.slice(queryAt + 1));
      // Remix reads originalUrl; at the top of the app the two are the same.
      if (query !== null) req.url = req.originalUrl = `${path}?${query}`;
    }
    next();
  };
}

function isReadablePath(path: string) {
  try {
    return !CONTROL_CHARACTER.test(decodeURIComponent(path));
  } catch {
    return false;
  }
}

/** The query with its names and values normalized, or null when nothing changed (it is then left byte for byte). */
function normalizedQuery(query: string) {
  const { fields, changed } = normalizeFields([...new URLSearchParams(query)]);
  return changed ? new URLSearchParams(fields).toString() : null;
}

/**
 * A form body the body limit read, normalized: urlencoded and JSON as they
 * came, a multipart form (which has no file here) from the fields its parser
 * read. A body that changed is re-encoded, and its headers say so; one that
 * did not is left byte for byte.
 */
export function normalizeReadBody(req: IncomingMessage, body: Buffer<ArrayBuffer>, multipartFields: [string, string][] | null): Buffer<ArrayBuffer> {
  const type = req.headers["content-type"] ?? "";
  let normalized: string | null = null;
  if (multipartFields) {
    const { fields, changed } = normalizeFields(multipartFields);
    // A multipart form without files says the same as an urlencoded one.
    if (changed) normalized = new URLSearchParams(fields).toString();
    if (changed) req.headers["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  } else if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    const { fields, changed } = normalizeFields([...new URLSearchParams(body.toString("utf8"))]);
    if (changed) normalized = new URLSearchParams(fields).toString();
  } else if (/^application\/(.+\+)?json\b/i.test(type)) {
    const text = body.toString("utf8");
    try {
      const json = JSON.stringify(normalizeJson(JSON.parse(text)));
      if (json !== JSON.stringify(JSON.parse(text))) normalized = json;
    } catch {
      // Not JSON: the route says so.
    }
  }
  if (normalized === null) return body;
  const bytes = Buffer.from(normalized, "utf8");
  req.headers["content-length"] = String(bytes.length);
  delete req.headers["transfer-encoding"];
  return bytes;
}

/** Form fields (name, value) with their text normalized, and whether any changed. */
function normalizeFields(fields: [string, string][]) {
  let changed = false;
  const normalized = fields.map(([name, value]): [string, string] => {
    const pair: [string, string] = [normalizeInputText(name), normalizeInputText(value)];
    if (pair[0] !== name || pair[1] !== value) changed = true;
    return pair;
  });
  return { fields: normalized, changed };
}

/** Every string in a parsed JSON value, keys too, normalized. */
function normalizeJson(value: unknown): unknown {
  if (typeof value === "string") return normalizeInputText(value);
  if (Array.isArray(value)) return value.map(normalizeJson);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, each]) => [normalizeInputText(key), normalizeJson(each)]));
  }
  return value;
}
