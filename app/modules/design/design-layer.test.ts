import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// The design folder is the ground floor: the plan, palettes, props,
// headlines, the recipe and the frame's geometry. Providers, thumbnails and
// the editor build on it; it must build on nothing of ours, and stay safe
// to ship to the browser (no server modules, no Node built-ins).
const here = path.resolve("app/modules/design");

test("design imports no other module of the app, no server code and no Node built-ins", () => {
  const offenders: string[] = [];
  for (const file of fs.readdirSync(here)) {
    if (!/\.(ts|tsx)$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
    const source = fs.readFileSync(path.join(here, file), "utf8");
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const outside = specifier.startsWith("~/") || specifier.startsWith("#") || (specifier.startsWith(".") && !path.resolve(here, specifier).startsWith(here));
      const server = /\.server(\.ts)?$/.test(specifier) || specifier.startsWith("node:") || ["fs", "path", "sharp"].includes(specifier);
      if (outside || server) offenders.push(`${file} imports ${specifier}`);
    }
  }
  expect(offenders).toEqual([]);
});
