// The lifecycle module is the app's word on statuses; the database's CHECK
// constraints are the last word. These tests keep them saying the same thing.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { GenerationStatus, isRunning, isTerminal, isThumbnailFinished, RUNNING_STATUSES, TERMINAL_STATUSES, ThumbnailStatus } from "./lifecycle";

/** The values a CHECK constraint allows, as the newest migration that mentions it defines them. */
function allowedByMigrations(provider: "sqlite" | "postgres", constraint: string) {
  const dir = path.resolve("prisma", provider, "migrations");
  const sql = fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"))
    .join("\n");
  const matches = [...sql.matchAll(new RegExp(`"${constraint}" CHECK \\("status" IN \\(([^)]*)\\)\\)`, "g"))];
  expect(matches.length, `${constraint} in ${provider} migrations`).toBeGreaterThan(0);
  return matches.at(-1)![1].split(",").map((value) => value.trim().replace(/^'|'$/g, "")).sort();
}

describe("the generation lifecycle", () => {
  test.each(["sqlite", "postgres"] as const)("has exactly the statuses the %s database allows", (provider) => {
    expect(Object.values(GenerationStatus).sort()).toEqual(allowedByMigrations(provider, "generations_status_valid"));
    expect(Object.values(ThumbnailStatus).sort()).toEqual(allowedByMigrations(provider, "thumbnails_status_valid"));
  });

  test("every status is either running or terminal, never both", () => {
    expect([...RUNNING_STATUSES, ...TERMINAL_STATUSES].sort()).toEqual(Object.values(GenerationStatus).sort());
    for (const status of Object.values(GenerationStatus)) expect(isRunning(status), status).toBe(!isTerminal(status));
  });

  test("a generation runs until it completes, ends partial or fails", () => {
    expect(Object.values(GenerationStatus).filter(isRunning)).toEqual(["pending", "processing"]);
    expect(Object.values(GenerationStatus).filter(isTerminal)).toEqual(["completed", "partial", "failed"]);
    expect(isTerminal("unknown")).toBe(false);
    expect(isRunning("unknown")).toBe(false);
  });

  test("a cell is finished once it succeeded or failed, not while pending or rendering", () => {
    expect(Object.values(ThumbnailStatus).filter(isThumbnailFinished)).toEqual(["success", "failed"]);
  });
});
