import { describe, expect, test } from "vitest";
import { readRouteManifest } from "#tests/support/route-manifest";
import { UPLOAD_ROUTES } from "./body-limit";

// The ways a route reads files from its body: the portrait upload's reader,
// the Generate form's reader (topic images), or Remix's multipart parser directly.
const READS_FILES = /\b(readPortraitUploads|readFormWithTopicImages|unstable_parseMultipartFormData|parseMultipartFormData)\s*\(/;

describe("UPLOAD_ROUTES is the one list of routes that take files", () => {
  test("every route whose action reads files is on it, and nothing else", async () => {
    const routes = await readRouteManifest();
    const readingFiles = routes.filter((route) => READS_FILES.test(route.source)).map((route) => route.pattern);
    // A route left off the list would have every upload refused as "does not take files".
    expect(readingFiles.sort()).toEqual(UPLOAD_ROUTES.map((route) => route.path).sort());
    expect(readingFiles).toContain("/portraits");
    expect(readingFiles).toContain("/generate");
  });
});
