// Workers on PostgreSQL, as separate processes:
//  1. generations per minute with one worker and with two (RENDER_CONCURRENCY=1
//     each, local provider), and their ratio (target: at least 1.6);
//  2. event delivery across processes: a publish in this process (standing in
//     for a worker) to a client reading the stream of a web instance in
//     another process, p50/p95 (target: p95 under 100 ms).
// Needs a PostgreSQL server: TEST_POSTGRES_URL, or DATABASE_URL; a fresh
// database is made on it and dropped at the end.
//   npm run bench:workers
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { deployMigrations } from "#server/prisma-cli";
import { readEventStream, startWeb, startWorker } from "#tests/support/scale-out";
import { createDatabase, databaseUrl, dropDatabase, withAdmin } from "#tests/setup/postgres";

const GENERATIONS = Number(process.env.BENCH_GENERATIONS ?? 12);
const BACKGROUNDS = 2;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200);

const serverUrl = process.env.TEST_POSTGRES_URL || (process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : "");
if (!serverUrl) {
  console.error("bench:workers needs PostgreSQL: set TEST_POSTGRES_URL (a server this role may create databases on) or DATABASE_URL.");
  process.exit(1);
}
process.env.TEST_POSTGRES_URL = serverUrl;
const name = `thumbsmith_bench_${process.pid}`;
await withAdmin((admin) => createDatabase(admin, name));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-bench-workers-"));
Object.assign(process.env, {
  NODE_ENV: "production",
  DATABASE_URL: databaseUrl(name),
  DATA_DIR: dataDir,
  BCRYPT_COST: "4",
  SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
  PROMPTS_PER_GENERATION: "1",
  RENDER_CONCURRENCY: "1",
  STORAGE_SWEEP_INTERVAL_MINUTES: "0",
  LOG_LEVEL: "warn",
});
deployMigrations(process.env.DATABASE_URL!);

const started: ChildProcess[] = [];
const { prisma } = await import("~/utils/db.server");
const { createGeneration } = await import("~/modules/generations/create-generation.server");
const { closeGenerationEventBus, publishGenerationEvent, sendWake } = await import("~/modules/events/generation-events.server");
const { createTestPortrait, sessionCookieFor } = await import("#tests/utils");
const { createAccount } = await import("~/modules/auth/account.server");

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function newUser() {
  const { id } = await createAccount({ email: `bench-${crypto.randomBytes(6).toString("hex")}@example.com`, password: "correct horse battery" });
  await prisma.user.update({ where: { id }, data: { credits: 1000 } });
  return { id, portrait: await createTestPortrait(id) };
}

/** Submits `count` generations at once, wakes the workers, and times them until the last one ends. */
async function throughput(count: number) {
  const user = await newUser();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { id } = await createGeneration({ userId: user.id, portraitId: user.portrait.id, keywords: `throughput ${i}`, headline: null, backgroundCount: BACKGROUNDS, submissionKey: null });
    ids.push(id);
  }
  const start = performance.now();
  await sendWake({ kind: "generations" });
  for (;;) {
    const running = await prisma.generation.count({ where: { id: { in: ids }, status: { in: ["pending", "processing"] } } });
    if (running === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const minutes = (performance.now() - start) / 60_000;
  const failed = await prisma.generation.count({ where: { id: { in: ids }, status: { not: "completed" } } });
  if (failed > 0) throw new Error(`${failed} generation(s) did not complete`);
  return count / minutes;
}

try {
  const workerEnv = { TEST_WORKER_POLL_MS: "1000" };
  const first = await startWorker(workerEnv, started);
  // Warm-up: fonts, models and the first connection, outside the timings.
  await throughput(1);
  const one = await throughput(GENERATIONS);
  await startWorker(workerEnv, started);
  await throughput(2);
  const two = await throughput(GENERATIONS);
  void first;

  // Delivery: this process publishes (as a worker does), a web instance streams.
  const web = await startWeb({}, started);
  const user = await newUser();
  const cookie = await sessionCookieFor(user.id);
  const { id: generationId } = await createGeneration({ userId: user.id, portraitId: user.portrait.id, keywords: "latency", headline: null, backgroundCount: 1, submissionKey: null });
  // No worker may take it: the bench moves it by hand.
  await prisma.generation.update({ where: { id: generationId }, data: { status: "processing", leaseOwner: "bench", leaseExpiresAt: new Date(Date.now() + 3600_000) } });
  let arrived: (() => void) | null = null;
  const stream = await readEventStream(`${web.origin}/resources/generations/${generationId}/events`, cookie, (event) => {
    if (event.event === "progress") arrived?.();
  });
  const latencies: number[] = [];
  for (let i = 0; i < EVENTS + 20; i++) {
    const generation = await prisma.generation.update({
      where: { id: generationId },
      data: { progress: 1 + (i % 90), currentStep: `Step ${i}` },
      select: { id: true, status: true, progress: true, currentStep: true, thumbnailCount: true, errorMessage: true },
    });
    const read = new Promise<void>((resolve) => (arrived = resolve));
    const sent = performance.now();
    await publishGenerationEvent({ type: "progress", generation: generation as never });
    await read;
    // The first 20 warm up the connections.
    if (i >= 20) latencies.push(performance.now() - sent);
  }
  await stream.cancel();
  const sorted = latencies.sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);

  const ratio = two / one;
  console.log(`\nWorkers on PostgreSQL (${GENERATIONS} generations x ${BACKGROUNDS} thumbnails, RENDER_CONCURRENCY=1, local provider, ${os.cpus().length} CPUs)`);
  console.log(`  one worker:  ${one.toFixed(1)} generations/min`);
  console.log(`  two workers: ${two.toFixed(1)} generations/min`);
  console.log(`  ratio:       ${ratio.toFixed(2)} (target >= 1.6) ${ratio >= 1.6 ? "OK" : "BELOW TARGET"}`);
  console.log(`Event delivery across processes, publish -> client read (${EVENTS} events via LISTEN/NOTIFY and a web instance's SSE)`);
  console.log(`  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 < 100 ms) ${p95 < 100 ? "OK" : "ABOVE TARGET"}`);
} finally {
  for (const child of started) child.kill("SIGKILL");
  await closeGenerationEventBus();
  await prisma.$disconnect();
  await withAdmin((admin) => dropDatabase(admin, name));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
