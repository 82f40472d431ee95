// Points the app at a throwaway data directory and a freshly migrated SQLite
// database. Import before anything from app/.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "#server/prisma-cli";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-bench-"));
process.env.NODE_ENV = "production";
process.env.DATA_DIR = dir;
process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
process.env.BCRYPT_COST = "4";
deployMigrations(process.env.DATABASE_URL);

export const benchDataDir = dir;

export function cleanUp() {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95), min: sorted[0], max: sorted[sorted.length - 1] };
}
