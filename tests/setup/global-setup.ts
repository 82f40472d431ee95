// Migrates one database per test run, once, that each test file copies (see
// setup-test-env.ts): a base SQLite file, or, with TEST_DATABASE=postgres, a
// template database on the TEST_POSTGRES_URL server (see postgres.ts).
// Everything is named after this run, so that two runs at once on one
// machine or one PostgreSQL server never touch each other's files.
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "#server/prisma-cli";
import {
  createDatabase,
  databaseUrl,
  dropTestDatabases,
  isLeftover,
  processIsAlive,
  runPrefix,
  templateName,
  withAdmin,
} from "./postgres";

export const TMP_DIR = path.resolve("tests/.tmp");

export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  removeSqliteLeftovers();
  if (process.env.TEST_DATABASE === "postgres") {
    const prefix = runPrefix();
    await withAdmin(async (admin) => {
      await dropTestDatabases(admin, (name) => isLeftover(name));
      await createDatabase(admin, templateName(prefix));
    });
    deployMigrations(databaseUrl(templateName(prefix)));
    project.provide("databaseUrl", databaseUrl(templateName(prefix)));
    project.provide("postgresRunPrefix", prefix);
    // The template, and the copy of any test file that died before its afterAll.
    return () => withAdmin((admin) => dropTestDatabases(admin, (name) => name.startsWith(`${prefix}_`)));
  }
  const base = path.join(TMP_DIR, `base-${process.pid}.db`);
  deployMigrations(`file:${base}`);
  // Fold the write-ahead log into the file so a plain copy is complete.
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(base);
  db.pragma("journal_mode = DELETE");
  db.close();
  project.provide("databaseUrl", `file:${base}`);
  project.provide("postgresRunPrefix", "");
  return () => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(base + suffix, { force: true });
  };
}

// Files of runs that were killed before their teardown: base-<runner pid>.db
// and the test-<worker pid>-*.db / data-<worker pid>-* of their test files.
// A live process's files stay, whichever run it belongs to.
function removeSqliteLeftovers() {
  for (const entry of fs.readdirSync(TMP_DIR)) {
    const match = /^(?:base-(\d+)\.db|(?:test|data)-(\d+)-)/.exec(entry);
    if (!match || processIsAlive(Number(match[1] ?? match[2]))) continue;
    fs.rmSync(path.join(TMP_DIR, entry), { recursive: true, force: true });
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The base SQLite file or the template PostgreSQL database of this run. */
    databaseUrl: string;
    /** The prefix of this run's PostgreSQL database names; empty on SQLite. */
    postgresRunPrefix: string;
  }
}
