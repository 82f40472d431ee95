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

/**
 * The built app (`npm run build` first) in its own process, as `npm start`
 * runs it, on this bench's data directory; resolves once /readyz answers.
 * BENCH_PROFILE=dir writes its CPU profiles (a file per thread) there.
 */
export async function startBuiltServer(port: number, env: Record<string, string> = {}, nodeArgs: string[] = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []) {
  const { spawn } = await import("node:child_process");
  if (!fs.existsSync("server-build/index.js") || !fs.existsSync("build/index.js")) throw new Error("Build the app first: npm run build");
  const origin = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [...nodeArgs, "server-build/index.js"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", COOKIE_SECURE: "false", RATE_LIMIT_MULTIPLIER: "1000", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`${origin}/readyz`).then((r) => r.ok, () => false))) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error("the server did not become ready within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    origin,
    async stop() {
      server.kill("SIGTERM");
      return exited;
    },
  };
}
