import crypto from "node:crypto";

// Lower-case segments of letters, digits, "-" and "_", an optional
// extension, no "..", no leading "/": safe as a file path and an S3 key.
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*(\.[a-z0-9]+)?$/;

export function isValidKey(key: string) {
  return KEY_PATTERN.test(key) && key.length <= 200;
}

export function assertValidKey(key: string) {
  if (!isValidKey(key)) {
    throw new Error(`Invalid storage key: ${JSON.stringify(key)}`);
  }
}

// A listing's prefix is a folder: whole segments, each ending in "/" ("" is the root).
const PREFIX_PATTERN = /^([a-z0-9][a-z0-9_-]*\/)*$/;

export function assertValidPrefix(prefix: string) {
  if (!PREFIX_PATTERN.test(prefix) || prefix.length > 200) {
    throw new Error(`Invalid storage prefix: ${JSON.stringify(prefix)}`);
  }
}

/** A new, unguessable key such as "portraits/u1/7f3c…e2.jpg". */
export function newStorageKey(prefix: string, extension: string) {
  const key = `${prefix}/${crypto.randomBytes(16).toString("hex")}.${extension}`;
  assertValidKey(key);
  return key;
}

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  zip: "application/zip",
  json: "application/json",
};

export function contentTypeOfKey(key: string) {
  const extension = key.slice(key.lastIndexOf(".") + 1);
  return CONTENT_TYPES[extension] ?? "application/octet-stream";
}
