// Prisma CLI configuration. Prisma 6.19's WebAssembly schema engine talks to
// the database through the same driver adapters as the app, so no engine
// binary is downloaded (see docs/decisions/002-prisma-two-providers.md).
// scripts/prisma.ts sets DATABASE_URL before calling the CLI.
import path from "node:path";
import type { PrismaConfig } from "prisma";
import {
  databaseProviderOf,
  resolveDatabaseUrl,
  sqliteFilePath,
} from "./app/utils/data-paths.server";

const url = resolveDatabaseUrl(process.env);
const provider = databaseProviderOf(url);

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", provider, "schema.prisma"),
  migrations: { path: path.join("prisma", provider, "migrations") },
  async adapter() {
    if (provider === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const { withCatalogTypesAsText } = await import("./server/pg-catalog-types");
      return withCatalogTypesAsText(new PrismaPg({ connectionString: url }));
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: sqliteFilePath(url) });
  },
} satisfies PrismaConfig;
