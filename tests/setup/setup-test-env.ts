// Runs in every test file before it imports the app: points the app at this
// file's own database and a throwaway data directory. Processes a test
// starts inherit both through process.env.
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { databaseFreeTests } from "./database-free-tests";
import { createDatabase, databaseNameOf, databaseUrl, dropDatabase, fileDatabaseName, withAdmin } from "./postgres";

const tmp = path.resolve("tests/.tmp");
const id = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

process.env.NODE_ENV = "test";
process.env.BCRYPT_COST = "4";
// Render threads at normal priority: beside the other test files' processes
// (and the loaded runs' busy loops) a low-priority thread would starve.
process.env.RENDER_THREAD_NICE = "0";
process.env.SESSION_SECRET = "test-secret-one,test-secret-old";
process.env.DATA_DIR = path.join(tmp, `data-${id}`);
// Log lines would bury the report; see app/utils/logger.server.ts.
(globalThis as Record<symbol, string>)[Symbol.for("thumbsmith.testLogLevel")] = "silent";

const baseUrl = inject("databaseUrl");
const sqlite = baseUrl.startsWith("file:");
if (sqlite) {
  const copy = path.join(tmp, `test-${id}.db`);
  fs.copyFileSync(baseUrl.slice("file:".length), copy);
  process.env.DATABASE_URL = `file:${copy}`;
} else {
  // A clone of the run's migrated template (see postgres.ts).
  const name = fileDatabaseName(inject("postgresRunPrefix"));
  await withAdmin((admin) => createDatabase(admin, name, databaseNameOf(baseUrl)));
  process.env.DATABASE_URL = databaseUrl(name);
}

const db = () => (globalThis as { thumbsmithDb?: { $disconnect(): Promise<void> } }).thumbsmithDb;
const clientBefore = db();

afterAll(async ({}, suite) => {
  // The event bus's LISTEN connection (PostgreSQL) would otherwise try to reconnect to the dropped database.
  await (globalThis as { thumbsmithEventBus?: { close(): Promise<void> } }).thumbsmithEventBus?.close();
  await db()?.$disconnect();
  if (sqlite) {
    const file = process.env.DATABASE_URL!.slice("file:".length);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  } else {
    // FORCE: also ends the connections of worker processes the test started.
    const name = databaseNameOf(process.env.DATABASE_URL!);
    await withAdmin((admin) => dropDatabase(admin, name)).catch((error: Error) =>
      // The run's teardown drops it with the template.
      console.warn(`could not drop ${name}: ${error.message}`),
    );
  }
  fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });

  const file = "filepath" in suite ? path.relative(process.cwd(), suite.filepath).split(path.sep).join("/") : "";
  if (db() !== clientBefore && databaseFreeTests.includes(file)) {
    throw new Error(
      `${file} loads the database client, so the PostgreSQL run must not skip it: remove it from tests/setup/database-free-tests.ts.`,
    );
  }
});
