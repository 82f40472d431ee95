// The gallery with 1,000 generations in History under load (autocannon, 10
// connections), against trivial routes of the same app in the same run: a
// trivial page (the same user's empty Portraits page: same layout, session
// and user lookup, one empty query) and, for reference, /healthz (a resource
// route: no page rendering at all). Target (issue 5): gallery req/s at least
// 0.3 of the trivial route's.
// Runs the built app: `npm run build` first.
//   npm run bench:gallery
import { spawn } from "node:child_process";
import autocannon from "autocannon";
import { cleanUp } from "./setup";
import { createTestUser, sessionCookieFor } from "#tests/utils";
import { GenerationStatus, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";

const GENERATIONS = 1000;
const PORT = 3298;
const user = await createTestUser({ email: "gallery-bench@example.com" });
const cookie = await sessionCookieFor(user.id);
const start = Date.now() - GENERATIONS * 60_000;
await prisma.generation.createMany({
  data: Array.from({ length: GENERATIONS }, (_, i) => ({
    id: `benchgen${String(i).padStart(5, "0")}`,
    userId: user.id,
    portraitKey: "portraits/none/bench.jpg",
    keywords: `Batch ${i}: iPhone 17 review, shocking battery`,
    status: i % 10 === 0 ? GenerationStatus.partial : GenerationStatus.completed,
    progress: 100,
    thumbnailCount: 9,
    createdAt: new Date(start + i * 60_000),
  })),
});
await prisma.thumbnail.createMany({
  data: Array.from({ length: GENERATIONS * 4 }, (_, i) => ({
    generationId: `benchgen${String(Math.floor(i / 4)).padStart(5, "0")}`,
    promptIndex: i % 4,
    backgroundIndex: 0,
    prompt: "bench",
    status: ThumbnailStatus.success,
    storagePath: `thumbnails/bench/${i}.jpg`,
  })),
});
await prisma.$disconnect();

const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir=/tmp/gprof"] : []), "server-build/index.js"], {
  env: { ...process.env, PORT: String(PORT), NODE_ENV: "production", COOKIE_SECURE: "false", RATE_LIMIT_MULTIPLIER: "100000", RUNNER: "off" },
  stdio: ["ignore", "pipe", "inherit"],
});
await new Promise<void>((resolve, reject) => {
  server.stdout!.on("data", (d: Buffer) => d.toString().includes("is running at") && resolve());
  server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
});

async function load(path: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}${path}`,
    connections: 10,
    duration: 8,
    headers: { cookie },
  });
  if (result.non2xx > 0) throw new Error(`${path}: ${result.non2xx} non-2xx responses`);
  return result;
}

await load("/healthz");
const rows = [];
for (const [label, path] of [
  ["trivial page (/portraits)", "/portraits"],
  ["gallery, History page 1", "/gallery?tab=history"],
  ["gallery, History page 50", "/gallery?tab=history&page=50"],
  ["gallery, Current tab", "/gallery"],
  ["resource route (/healthz)", "/healthz"],
] as const) {
  const r = await load(path);
  rows.push({ label, rps: r.requests.average, p99: r.latency.p99 });
}
server.kill("SIGTERM");

const trivial = rows[0].rps;
const resource = rows[rows.length - 1].rps;
console.log(`gallery with ${GENERATIONS} generations in History, autocannon 10 connections x 8 s`);
for (const row of rows) {
  console.log(
    `  ${row.label.padEnd(28)} ${row.rps.toFixed(0).padStart(6)} req/s   p99 ${String(row.p99).padStart(4)} ms   vs trivial page ${(row.rps / trivial).toFixed(2)}   vs /healthz ${(row.rps / resource).toFixed(2)}`,
  );
}
const worst = Math.min(...rows.slice(1, -1).map((r) => r.rps / trivial));
console.log(`  target: gallery at least 0.3 of the trivial page -> ${worst >= 0.3 ? "met" : "NOT met"} (worst ${worst.toFixed(2)})`);
cleanUp();
