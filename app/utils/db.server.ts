// One Prisma client for the process, on SQLite or PostgreSQL depending on
// DATABASE_URL. Both clients are generated from the same models, so the
// PostgreSQL client is typed as the SQLite one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "~/generated/prisma-postgres/client";
import { type Prisma, PrismaClient as SqliteClient } from "~/generated/prisma-sqlite/client";
import { sqliteFilePath } from "./data-paths.server";
import { env } from "./env.server";

export type Db = SqliteClient;

/** The client inside `prisma.$transaction(async (tx) => ...)`: what functions that must run in the caller's transaction take. */
export type Tx = Prisma.TransactionClient;

function createClient(): Db {
  if (env.databaseProvider === "postgres") {
    const adapter = new PrismaPg({ connectionString: env.DATABASE_URL });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const adapter = new PrismaBetterSQLite3({
    url: sqliteFilePath(env.DATABASE_URL),
    // Wait for a concurrent writer instead of failing with SQLITE_BUSY.
    timeout: 10_000,
  });
  return new SqliteClient({ adapter });
}

// Reuse the client across dev rebuilds instead of opening a new pool each time.
const globalForDb = globalThis as unknown as { thumbsmithDb?: Db };
export const prisma = globalForDb.thumbsmithDb ?? createClient();
globalForDb.thumbsmithDb = prisma;
