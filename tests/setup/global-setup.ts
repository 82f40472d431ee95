// Migrates one database per test run, once: a base SQLite file that each
// test file copies (see setup-test-env.ts), or, with TEST_DATABASE=postgres,
// a fresh PostgreSQL database on the TEST_POSTGRES_URL server.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { deployMigrations } from "#server/prisma-cli";

export const TMP_DIR = path.resolve("tests/.tmp");

export default async function setup(project: TestProject) {
  fs.mkdirSync(TMP_DIR, { recursive: true });
  if (process.env.TEST_DATABASE === "postgres") {
    const databaseUrl = await createPostgresDatabase();
    project.provide("databaseUrl", databaseUrl);
    return () => dropPostgresDatabase(databaseUrl);
  }
  const base = path.join(TMP_DIR, "base.db");
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(base + suffix, { force: true });
  deployMigrations(`file:${base}`);
  // Fold the write-ahead log into the file so a plain copy is complete.
  const Database = (await import("better-sqlite3")).default;
  const db = new Database(base);
  db.pragma("journal_mode = DELETE");
  db.close();
  project.provide("databaseUrl", `file:${base}`);
}

async function createPostgresDatabase() {
  const serverUrl = postgresServerUrl();
  const name = `thumbsmith_test_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(
      `PostgreSQL is not reachable at ${serverUrl} (${error.message}). Run \`bash scripts/ci-services.sh\` to install and start it, or set TEST_POSTGRES_URL.`,
    );
  });
  // Leftovers from runs that were killed before their teardown.
  const { rows } = await admin.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE 'thumbsmith_test_%'",
  );
  for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  deployMigrations(url.toString());
  return url.toString();
}

// The role and server that scripts/ci-services.sh sets up.
function postgresServerUrl() {
  return process.env.TEST_POSTGRES_URL || "postgresql://thumbsmith:thumbsmith@127.0.0.1:5432/postgres";
}

async function dropPostgresDatabase(databaseUrl: string) {
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(databaseUrl).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
