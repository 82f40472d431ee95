// Runs in every test file before it imports the app: points the app at this
// file's own database and a throwaway data directory.
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

const tmp = path.resolve("tests/.tmp");
const id = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

process.env.NODE_ENV = "test";
process.env.BCRYPT_COST = "4";
process.env.SESSION_SECRET = "test-secret-one,test-secret-old";
process.env.DATA_DIR = path.join(tmp, `data-${id}`);

const databaseUrl = inject("databaseUrl");
if (databaseUrl.startsWith("file:")) {
  const copy = path.join(tmp, `test-${id}.db`);
  fs.copyFileSync(databaseUrl.slice("file:".length), copy);
  process.env.DATABASE_URL = `file:${copy}`;
} else {
  process.env.DATABASE_URL = databaseUrl;
}

afterAll(async () => {
  const db = (globalThis as { thumbsmithDb?: { $disconnect(): Promise<void> } }).thumbsmithDb;
  await db?.$disconnect();
  if (databaseUrl.startsWith("file:")) {
    const file = process.env.DATABASE_URL!.slice("file:".length);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  }
  fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
});
