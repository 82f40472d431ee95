// Bounded load on loopback (issue 12): the built app on SQLite with the local
// provider, 50 open gallery event streams, and 20 users who each submit a
// generation, open its page, the gallery and its History, pause THINK_MS and
// go again, for DURATION seconds. Prints errors (target 0), page load
// p50/p95/p99, the server's RSS at start, peak and end, and what /metrics says
// at the end. Runs the built app: `npm run build` first.
//   npm run bench:load                 (60 s)
//   DURATION=20 npm run bench:load
import { spawn } from "node:child_process";
import fs from "node:fs";
import readline from "node:readline";
import { benchDataDir, cleanUp, percentile } from "./setup";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

const DURATION_S = Number(process.env.DURATION ?? 60);
const USERS = 20;
const STREAMS = 50;
const THINK_MS = Number(process.env.THINK_MS ?? 1000);
const PORT = Number(process.env.BENCH_PORT ?? 3899);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const METRICS_TOKEN = "load-bench-metrics-token-0123456789";

if (!fs.existsSync("server-build/index.js") || !fs.existsSync("build/index.js")) {
  throw new Error("Build the app first: npm run build");
}

// Users, each with a portrait, plenty of credits (set directly: this is about
// load, not the ledger) and one generation for the streams to follow at once.
console.log(`Preparing ${USERS} users with a portrait each…`);
type User = { id: string; cookie: string; portraitId: string; latestGenerationId: string };
const users: User[] = [];
for (let i = 0; i < USERS; i++) {
  const { id } = await createTestUser({ email: `load-${i}@example.com` });
  await prisma.user.update({ where: { id }, data: { credits: 1_000_000 } });
  const portrait = await createTestPortrait(id);
  const { id: generationId } = await createGeneration({
    userId: id,
    portraitId: portrait.id,
    keywords: `load bench ${i}, warm up`,
    headline: null,
    backgroundCount: 1,
    submissionKey: null,
  });
  users.push({ id, cookie: await sessionCookieFor(id), portraitId: portrait.id, latestGenerationId: generationId });
}
await prisma.$disconnect();

const server = spawn(process.execPath, ["server-build/index.js"], {
  env: {
    ...process.env,
    PORT: String(PORT),
    HOST: "127.0.0.1",
    NODE_ENV: "production",
    COOKIE_SECURE: "false",
    RUNNER: "inline",
    LOCAL_RENDER_DELAY_MS: "0",
    RATE_LIMIT_MULTIPLIER: "1000",
    METRICS_TOKEN,
    LOG_LEVEL: "info",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
// The server's own log lines: counted, and errors kept to show.
const logs = { lines: 0, errors: [] as string[] };
readline.createInterface({ input: server.stdout! }).on("line", (line) => {
  logs.lines += 1;
  try {
    if ((JSON.parse(line) as { level: number }).level >= 50) logs.errors.push(line.slice(0, 300));
  } catch {
    // Not every line is ours (a dependency may print).
  }
});
const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));

async function waitForReady() {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${ORIGIN}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not become ready within 60 s");
}
await waitForReady();

function rssMb() {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const errors: string[] = [];
const pageLoads: number[] = [];
let submits = 0;
let streamOpens = 0;
let streamEvents = 0;
const running = { value: true };
const streamControllers = new Set<AbortController>();

function recordError(what: string) {
  if (errors.length < 20) errors.push(what);
  else errors.push("");
}

async function loadPage(user: User, path: string) {
  const started = performance.now();
  try {
    const response = await fetch(`${ORIGIN}${path}`, { headers: { Cookie: user.cookie } });
    await response.arrayBuffer();
    pageLoads.push(performance.now() - started);
    if (response.status !== 200) recordError(`GET ${path}: ${response.status}`);
  } catch (error) {
    recordError(`GET ${path}: ${(error as Error).message}`);
  }
}

async function submit(user: User, n: number) {
  try {
    const response = await fetch(`${ORIGIN}/generate`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: user.cookie, Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        portraitId: user.portraitId,
        keywords: `load bench, batch ${n}`,
        backgroundCount: "1",
        submissionKey: `${user.id}-${n}`,
      }).toString(),
    });
    await response.arrayBuffer();
    const location = response.headers.get("Location") ?? "";
    const id = /^\/gallery\/([^/?]+)/.exec(location)?.[1];
    if (response.status !== 302 || !id) return recordError(`POST /generate: ${response.status} ${location}`);
    submits += 1;
    user.latestGenerationId = id;
    return id;
  } catch (error) {
    recordError(`POST /generate: ${(error as Error).message}`);
  }
}

async function userLoop(user: User) {
  for (let n = 0; running.value; n++) {
    const id = await submit(user, n);
    if (id) await loadPage(user, `/gallery/${id}`);
    await loadPage(user, "/gallery");
    await loadPage(user, "/gallery?tab=history");
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
  }
}

// A gallery page's EventSource: follows the user's latest generation and,
// like the browser, opens a new stream when the server ends one (the
// generation finished).
async function streamLoop(user: User) {
  while (running.value) {
    const controller = new AbortController();
    streamControllers.add(controller);
    try {
      const response = await fetch(`${ORIGIN}/resources/generations/${user.latestGenerationId}/events`, {
        headers: { Cookie: user.cookie, Accept: "text/event-stream" },
        signal: controller.signal,
      });
      if (response.status !== 200) {
        recordError(`SSE: ${response.status}`);
        await response.arrayBuffer();
        continue;
      }
      streamOpens += 1;
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        streamEvents += (decoder.decode(chunk, { stream: true }).match(/^event: /gm) ?? []).length;
      }
    } catch (error) {
      if (running.value) recordError(`SSE: ${(error as Error).message}`);
    } finally {
      streamControllers.delete(controller);
    }
    // The same generation again would end at once: wait for the next submit.
    if (running.value) await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const rssStart = rssMb();
let rssPeak = rssStart;
const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb())), 1000);
console.log(`Load: ${STREAMS} gallery streams, ${USERS} users submitting for ${DURATION_S} s (think time ${THINK_MS} ms)…`);
const startedAt = performance.now();
const loops = [
  ...Array.from({ length: STREAMS }, (_, i) => streamLoop(users[i % USERS])),
  ...users.map((user) => userLoop(user)),
];
await new Promise((resolve) => setTimeout(resolve, DURATION_S * 1000));
running.value = false;
for (const controller of streamControllers) controller.abort();
await Promise.all(loops);
const elapsedS = (performance.now() - startedAt) / 1000;
clearInterval(sampler);
const rssEnd = rssMb();

let metrics = "";
const sample = (name: string) => Number(metrics.split("\n").find((line) => line.startsWith(`${name} `))?.slice(name.length + 1) ?? NaN);
// The server notices closed streams as their sockets close: give it 5 s.
const closedAt = performance.now();
do {
  metrics = await (await fetch(`${ORIGIN}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  if (sample("thumbsmith_sse_streams_open") === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 100));
} while (performance.now() - closedAt < Number(process.env.STREAM_CLOSE_WAIT_MS ?? 5000));
const streamsClosedMs = performance.now() - closedAt;
const readyz = await (await fetch(`${ORIGIN}/readyz`)).json();

server.kill("SIGTERM");
const exitCode = await exited;
cleanUp();

const sorted = [...pageLoads].sort((a, b) => a - b);
const renders = sample('thumbsmith_thumbnail_render_seconds_count{provider="local"}');
const renderSum = sample('thumbsmith_thumbnail_render_seconds_sum{provider="local"}');
const errorCount = errors.length;
console.log(`\nLoad on loopback, SQLite, local provider, ${elapsedS.toFixed(1)} s (data in ${benchDataDir}, removed)`);
console.log(`  errors: ${errorCount} (target 0)${errorCount ? `\n    ${errors.filter(Boolean).join("\n    ")}` : ""}`);
console.log(`  page loads: ${pageLoads.length} (${(pageLoads.length / elapsedS).toFixed(1)}/s)  p50 ${percentile(sorted, 50).toFixed(1)} ms  p95 ${percentile(sorted, 95).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms  max ${sorted[sorted.length - 1].toFixed(1)} ms`);
console.log(`  generations submitted: ${submits}; at the end: ${["pending", "processing", "completed", "partial", "failed"].map((s) => `${s} ${sample(`thumbsmith_generations{status="${s}"}`)}`).join(", ")}`);
console.log(`  thumbnails rendered: ${renders}, mean ${((renderSum / renders) * 1000).toFixed(0)} ms each (render + normalize + store)`);
console.log(`  event streams: ${streamOpens} opened by ${STREAMS} clients, ${streamEvents} events read; open on the server ${streamsClosedMs.toFixed(0)} ms after the clients left: ${sample("thumbsmith_sse_streams_open")}`);
console.log(`  server RSS: start ${rssStart.toFixed(0)} MB, peak ${rssPeak.toFixed(0)} MB, end ${rssEnd.toFixed(0)} MB`);
console.log(`  server log: ${logs.lines} lines, ${logs.errors.length} at error level${logs.errors.length ? `\n    ${logs.errors.slice(0, 5).join("\n    ")}` : ""}`);
console.log(`  /readyz at the end: ${JSON.stringify(readyz)}; server exit code after SIGTERM: ${exitCode}`);
