// Where Thumbsmith keeps its state, shared by the app, the Prisma CLI config
// and the scripts so that all of them agree on one database without any
// configuration on a first run.
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgres";

// The environment is passed in: env.server.ts parses the app's, while the
// Prisma CLI config and scripts, which must not require the app's other
// settings, pass their own.
/** The variables, as the process holds them or as a test writes them. */
export type EnvSource = Record<string, string | undefined>;

export function resolveDataDir(env: EnvSource) {
  return path.resolve(env.DATA_DIR || "data");
}

export function resolveDatabaseUrl(env: EnvSource) {
  const url = env.DATABASE_URL?.trim();
  if (url) return url;
  return `file:${path.join(resolveDataDir(env), "thumbsmith.db")}`;
}

export function databaseProviderOf(url: string): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgres";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** The file path of a SQLite URL ("file:/abs/db" or "file:./rel/db"). */
export function sqliteFilePath(url: string) {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}
