// Where Thumbsmith keeps its state, shared by the app, the Prisma CLI config
// and the scripts so that all of them agree on one database without any
// configuration on a first run.
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgres";

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env) {
  return path.resolve(env.DATA_DIR || "data");
}

export function resolveDatabaseUrl(env: NodeJS.ProcessEnv = process.env) {
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
