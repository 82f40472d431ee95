// Pages while thumbnails render (issue 22), and what the render threads buy:
//  1. the built app (`npm run build` first) with its inline runner: GET /login
//     every 20 ms, idle and while 12-thumbnail batches render, p50 and p95 and
//     their ratio, with the render threads (RENDER_THREADS unset: cores - 1)
//     and with drawing on the main thread (RENDER_THREADS=0, as before).
//     Target: p95 during a batch at most 2x idle, with threads.
//  2. compositor throughput on the pool with 2 threads / 1 thread, whole
//     batches (preparation included), several at once as a busy server has
//     them. Target: at least 1.6 on 2 cores.
//   npm run bench:responsiveness
import { benchDataDir, cleanUp, percentile, startBuiltServer } from "./setup";
import fs from "node:fs";
import { planGeneration } from "~/modules/design/plan";
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";
import { chosenFace } from "~/modules/portraits/analysis/types";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import { openCompositorSession } from "~/modules/rendering/compositor-sessions.server";
import { closeRenderPool, renderPool } from "~/modules/rendering/render-pool.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

const PORT = Number(process.env.BENCH_PORT ?? 3898);
const BATCHES = Number(process.env.BATCHES ?? 6);
const IDLE_MS = 5000;
const POLL_MS = 20;

const user = await createTestUser({ email: "responsiveness@example.com" });
await prisma.user.update({ where: { id: user.id }, data: { credits: 1_000 } });
const portrait = await createTestPortrait(user.id);
const cookie = await sessionCookieFor(user.id);

/** GET /login every POLL_MS until `until` resolves; the latencies. */
async function pollLogin(origin: string, until: Promise<unknown>) {
  const latencies: number[] = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const started = performance.now();
    const response = await fetch(`${origin}/login`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /login: ${response.status}`);
    latencies.push(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (performance.now() - started))));
  }
  return latencies.sort((a, b) => a - b);
}

async function submitBatch(origin: string, n: number, label: string) {
  const response = await fetch(`${origin}/generate`, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ portraitId: portrait.id, keywords: `iPhone 17 review, shocking battery, ${label} ${n}`, backgroundCount: "4" }).toString(),
  });
  const id = /^\/gallery\/([^/?]+)/.exec(response.headers.get("Location") ?? "")?.[1];
  if (response.status !== 302 || !id) throw new Error(`POST /generate: ${response.status}`);
  // Finished when the row says so (read here, on the same SQLite file).
  for (;;) {
    const { status } = await prisma.generation.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (status === "completed") return;
    if (status === "failed" || status === "partial") throw new Error(`batch ended ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pages(label: string, threads: string | undefined) {
  const server = await startBuiltServer(PORT, threads === undefined ? {} : { RENDER_THREADS: threads });
  // One batch first: the threads, fonts and models warm, as on a server that has been up a while.
  await submitBatch(server.origin, 0, label);
  const idle = await pollLogin(server.origin, new Promise((resolve) => setTimeout(resolve, IDLE_MS)));
  const busy: number[] = [];
  for (let n = 1; n <= BATCHES; n++) busy.push(...(await pollLogin(server.origin, submitBatch(server.origin, n, label))));
  busy.sort((a, b) => a - b);
  await server.stop();
  const figures = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });
  return { label, idle: figures(idle), busy: figures(busy), samples: busy.length };
}

const withThreads = await pages("render threads", undefined);
const inline = await pages("main thread (RENDER_THREADS=0)", "0");

// Throughput on the pool, in this process.
const photo = await normalizePortrait(fs.readFileSync("tests/fixtures/astronaut.png"));
const analysis = await analyzePortrait(photo.image);
const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 4 });
const cells = plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));
let session = 0;
// Thumbnails per second, and the cores the process kept busy meanwhile (its
// threads, sharp's and libvips' together): on 2 cores, what one render
// thread already uses bounds what a second can add.
async function throughput(threads: number, batchesAtOnce: number) {
  env.RENDER_THREADS = threads;
  await closeRenderPool();
  renderPool();
  const round = async (count = batchesAtOnce) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    await Promise.all(
      Array.from({ length: count }, async () => {
        // A new session each time: the batch's preparation is part of the work.
        const batch = openCompositorSession(`bench-${session++}`, { bytes: photo.image, hasAlpha: photo.hasAlpha, mask: analysis.mask, face: chosenFace(analysis) });
        const queue = [...cells];
        await Promise.all([0, 1, 2].map(async () => {
          for (let cell = queue.shift(); cell; cell = queue.shift()) await batch.renderCell(cell);
        }));
      }),
    );
    const wall = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return { rate: (cells.length * count) / (wall / 1000), cores: (used.user + used.system) / 1000 / wall };
  };
  // Every thread warm (its fonts, models and drawn backgrounds), as on a server that has been up a while.
  await round(4);
  await round(4);
  const rounds = [];
  for (let i = 0; i < 5; i++) rounds.push(await round());
  return rounds.sort((a, b) => a.rate - b.rate)[2];
}
const inlineRate = await throughput(0, 4);
const one = { single: await throughput(1, 1), many: await throughput(1, 4) };
const two = { single: await throughput(2, 1), many: await throughput(2, 4) };
await closeRenderPool();
await prisma.$disconnect();
cleanUp();

console.log(`Pages while thumbnails render (GET /login every ${POLL_MS} ms; ${BATCHES} batches of 12; data in ${benchDataDir}, removed)`);
for (const r of [withThreads, inline]) {
  const ratio = r.busy.p95 / r.idle.p95;
  console.log(
    `  ${r.label.padEnd(32)} idle p50 ${r.idle.p50.toFixed(1)} ms p95 ${r.idle.p95.toFixed(1)} ms   during batches p50 ${r.busy.p50.toFixed(1)} ms p95 ${r.busy.p95.toFixed(1)} ms (${r.samples} requests)   ratio p50 ${(r.busy.p50 / r.idle.p50).toFixed(2)} p95 ${ratio.toFixed(2)}` +
      (r === withThreads ? `   target p95 ratio <= 2 -> ${ratio <= 2 ? "met" : "NOT met"}` : ""),
  );
}
console.log(`Compositor on the pool, thumbnails/s (median of 5 rounds, preparation included; cores = CPU time / wall time)`);
const figure = (r: { rate: number; cores: number }) => `${r.rate.toFixed(1)} (${r.cores.toFixed(2)} cores)`;
console.log(`  one batch at a time:   1 thread ${figure(one.single)}   2 threads ${figure(two.single)}   speed-up ${(two.single.rate / one.single.rate).toFixed(2)}`);
const speedUp = two.many.rate / one.many.rate;
console.log(`  four batches at once:  1 thread ${figure(one.many)}   2 threads ${figure(two.many)}   speed-up ${speedUp.toFixed(2)}   target >= 1.6 -> ${speedUp >= 1.6 ? "met" : "NOT met"}`);
console.log(`  four batches at once on the main thread (RENDER_THREADS=0, as before the threads): ${figure(inlineRate)}; 1 thread ÷ it ${(one.many.rate / inlineRate.rate).toFixed(2)}`);
