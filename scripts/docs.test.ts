// The README stays a two-minute read, and every link in it and in the docs
// pages leads to a file, and a heading, that exists.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const pages = ["README.md", ...fs.readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];

// GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens.
function anchorOf(heading: string) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsIn(file: string) {
  const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => anchorOf(match[1])));
}

test("the README is under 12 KB", () => {
  expect(fs.statSync("README.md").size).toBeLessThan(12 * 1024);
});

test("the README links every docs page", () => {
  const readme = fs.readFileSync("README.md", "utf8");
  for (const page of pages.filter((page) => page !== "README.md")) expect(readme, page).toContain(`](${page})`);
});

test("every relative link leads to a file and heading that exist", () => {
  const broken: string[] = [];
  for (const page of pages) {
    const text = fs.readFileSync(page, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target)) continue;
      const [file, anchor] = target.split("#");
      const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
      if (!fs.existsSync(resolved)) broken.push(`${page}: ${target}`);
      else if (anchor && resolved.endsWith(".md") && !anchorsIn(resolved).has(anchor)) broken.push(`${page}: ${target} (no such heading)`);
    }
  }
  expect(broken).toEqual([]);
});
