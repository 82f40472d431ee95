import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

// server/ composes the app (Express, the Remix handler, the runner,
// migrations on boot); app/ must never reach back into it, or the domain
// would depend on its own entry point.
test("app/ imports nothing from server/", () => {
  const offenders: string[] = [];
  for (const file of fs.readdirSync("app", { recursive: true, encoding: "utf8" })) {
    if (!/\.(ts|tsx)$/.test(file) || file.startsWith(`generated${path.sep}`)) continue;
    const source = fs.readFileSync(path.join("app", file), "utf8");
    for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const target = specifier.startsWith(".") ? path.resolve("app", path.dirname(file), specifier) : specifier;
      if (specifier.startsWith("#server") || target.startsWith(path.resolve("server"))) {
        offenders.push(`app/${file} imports ${specifier}`);
      }
    }
  }
  expect(offenders).toEqual([]);
});
