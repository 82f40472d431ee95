// Cold start of the production server: from spawning the process to the first
// 200 on /healthz, for the sources run through tsx (how `npm start` ran
// before docs/decisions/010) and for the compiled server-build/index.js (how
// it runs now). Each start gets a fresh DATA_DIR holding a copy of an already
// migrated SQLite database, so it measures a restart, not a first install.
// Two cases: the boot as deployed (migrations are checked and none is
// pending), and SKIP_MIGRATIONS=1 (no check at all). Starts alternate between
// the two ways, so a busy machine slows both alike.
// Runs the built app: `npm run build` first.
//   npm run bench:cold-start            (BENCH_RUNS=7 by default)
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "#server/prisma-cli";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ways = [
  { label: "tsx       node --import tsx server/index.ts", args: ["--import", "tsx", "server/index.ts"] },
  { label: "compiled  node server-build/index.js", args: ["server-build/index.js"] },
];
const cases: { label: string; env: Record<string, string> }[] = [
  { label: "boot as deployed (migrations checked, none pending)", env: {} },
  { label: "SKIP_MIGRATIONS=1 (process start only)", env: { SKIP_MIGRATIONS: "1" } },
];

for (const file of ["build/index.js", "server-build/index.js"]) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first.`);
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-cold-start-"));
const template = path.join(root, "template.db");
deployMigrations(`file:${template}`);

async function freePort() {
  const server = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(url: string) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).status === 200;
  } catch {
    return false;
  }
}

async function coldStart(args: string[], extraEnv: Record<string, string>, run: number) {
  const dataDir = path.join(root, `run-${run}`);
  fs.mkdirSync(dataDir);
  fs.copyFileSync(template, path.join(dataDir, "thumbsmith.db"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/healthz`;
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", ...extraEnv },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  let exited = false;
  child.once("exit", () => (exited = true));
  while (!(await healthy(url))) {
    if (exited) throw new Error(`server exited before answering /healthz:\n${stderr}`);
    if (performance.now() - started > 60_000) throw new Error(`no 200 from ${url} within 60 s:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const elapsed = performance.now() - started;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await gone;
  return elapsed;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
}

const ms = (n: number) => `${Math.round(n)} ms`.padStart(8);
console.log(`Cold start: process spawn to the first 200 on /healthz, ${RUNS} starts per way, each on a fresh DATA_DIR with a migrated SQLite copy`);
let run = 0;
try {
  for (const { label, env } of cases) {
    const samples = ways.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++) {
      for (const [w, way] of ways.entries()) samples[w].push(await coldStart(way.args, env, run++));
    }
    console.log(`\n${label}`);
    console.log(`  ${"".padEnd(44)}  median      min      max`);
    const medians = ways.map((way, w) => {
      const s = summarize(samples[w]);
      console.log(`  ${way.label.padEnd(44)}${ms(s.median)} ${ms(s.min)} ${ms(s.max)}`);
      return s.median;
    });
    console.log(`  compiled / tsx (medians): ${(medians[1] / medians[0]).toFixed(2)}`);
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
