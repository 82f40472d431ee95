import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { resolveSessionSecrets } from "./session-secret.server";

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-secret-"));
}

describe("session secrets", () => {
  test("SESSION_SECRET lists secrets for rotation, newest first", () => {
    expect(resolveSessionSecrets(" new , old ,", tempDir())).toEqual(["new", "old"]);
  });

  test("without SESSION_SECRET, one is generated once, kept private, and reused after a restart", () => {
    const dir = path.join(tempDir(), "data");
    const [first] = resolveSessionSecrets(undefined, dir);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.statSync(path.join(dir, "session-secret")).mode & 0o777).toBe(0o600);
    expect(resolveSessionSecrets("", dir)).toEqual([first]);
  });
});
