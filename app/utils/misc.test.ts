import { describe, expect, test } from "vitest";
import { safeRedirect } from "./misc";

describe("safeRedirect keeps a redirect on this site", () => {
  test("a same-site path, its query and hash pass unchanged", () => {
    expect(safeRedirect("/account?page=2")).toBe("/account?page=2");
    expect(safeRedirect("/gallery/abc#top", "/generate")).toBe("/gallery/abc#top");
    expect(safeRedirect("/compare/new?pick=a&pick=b")).toBe("/compare/new?pick=a&pick=b");
  });

  test("nothing, another site, and protocol-relative forms fall back", () => {
    for (const to of [null, undefined, "", "generate", "https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example"]) {
      expect(safeRedirect(to, "/generate"), String(to)).toBe("/generate");
    }
  });

  // Browsers drop TAB, LF and CR inside a URL, so "/\t/evil.example" is
  // "//evil.example" to them; and a LF in a Location header is a 500.
  test("control characters, raw or percent-encoded, fall back", () => {
    const tricks = [
      "/\t/evil.example/phish",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/%09/evil.example",
      "/%0A/evil.example",
      "/%2F/evil.example",
      "/%5Cevil.example",
      "/%5C%5Cevil.example",
      "/\u0000/evil.example",
      "/\u007f/evil.example",
      "/\u0085/evil.example",
      "/x\ny",
      " //evil.example",
    ];
    for (const to of tricks) expect(safeRedirect(to, "/generate"), JSON.stringify(to)).toBe("/generate");
  });

  test("a broken percent escape falls back instead of throwing", () => {
    expect(safeRedirect("/gallery/%E0%A4%A", "/generate")).toBe("/generate");
  });
});
