// ZIP of 200 thumbnails through the real route: growth of resident memory
// while it streams, and throughput as a ratio to reading the same files from
// disk in the same run. Targets (issue 5): growth under 64 MB, ratio >= 0.5.
//   npm run bench:zip
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { benchDataDir, cleanUp } from "./setup";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { storage } from "~/modules/storage/storage.server";
import { loader as zipLoader } from "~/routes/resources.generations.$generationId.zip";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";
import { prisma } from "~/utils/db.server";

const COUNT = 200;
const user = await createTestUser();
const portrait = await createTestPortrait(user.id);
const cookie = await sessionCookieFor(user.id);
const { id: generationId } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "zip benchmark", headline: null, backgroundCount: 4, submissionKey: null });
await claimNextGeneration("bench", 60_000);
await processGeneration(generationId, { workerId: "bench" });

// 200 real thumbnails: the rendered ones, copied under new cells.
const rendered = await prisma.thumbnail.findMany({ where: { generationId }, select: { storagePath: true } });
const sources = await Promise.all(rendered.map(async (t) => fs.readFile(path.join(benchDataDir, "files", t.storagePath!))));
await prisma.thumbnail.deleteMany({ where: { generationId } });
for (let i = 0; i < COUNT; i++) {
  const key = `thumbnails/${generationId.toLowerCase()}/bench-${i}.jpg`;
  await storage.put(key, sources[i % sources.length], { contentType: "image/jpeg" });
  await prisma.thumbnail.create({ data: { generationId, promptIndex: Math.floor(i / 8), backgroundIndex: i % 8, prompt: `prompt ${i}`, status: ThumbnailStatus.success, storagePath: key } });
}
const keys = (await prisma.thumbnail.findMany({ where: { generationId }, select: { storagePath: true } })).map((t) => t.storagePath!);
const totalBytes = (await Promise.all(keys.map((k) => fs.stat(path.join(benchDataDir, "files", k))))).reduce((sum, s) => sum + s.size, 0);

// Baseline: the same files read one by one as streams (what a ZIP that never
// holds a whole file in memory has to do), and, for reference, read whole.
async function readFromDisk() {
  const started = performance.now();
  let bytes = 0;
  for (const key of keys) {
    for await (const chunk of createReadStream(path.join(benchDataDir, "files", key), { highWaterMark: 256 * 1024 })) bytes += chunk.length;
  }
  return { ms: performance.now() - started, bytes };
}

async function readWholeFiles() {
  const started = performance.now();
  let bytes = 0;
  for (const key of keys) bytes += (await fs.readFile(path.join(benchDataDir, "files", key))).length;
  return { ms: performance.now() - started, bytes };
}

async function zipThroughRoute() {
  global.gc?.();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  // Sampled on a timer: reading RSS on every chunk would cost more than the ZIP.
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = performance.now();
  const request = new Request(`http://localhost/resources/generations/${generationId}/zip`, { headers: { Cookie: cookie } });
  const response = (await zipLoader({ request, params: { generationId }, context: {} })) as Response;
  let bytes = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
  peak = Math.max(peak, process.memoryUsage.rss());
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { ms, bytes, growthMb: (peak - baseline) / 1024 / 1024 };
}

await readFromDisk();
await zipThroughRoute();
const disk = [];
const whole = [];
const zips = [];
const ROUNDS = 9;
for (let i = 0; i < ROUNDS; i++) {
  disk.push(await readFromDisk());
  whole.push(await readWholeFiles());
  zips.push(await zipThroughRoute());
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const diskMbps = totalBytes / 1e6 / (median(disk.map((d) => d.ms)) / 1000);
const zipMbps = totalBytes / 1e6 / (median(zips.map((z) => z.ms)) / 1000);
const growth = Math.max(...zips.map((z) => z.growthMb));
console.log(`ZIP of ${COUNT} thumbnails (${(totalBytes / 1e6).toFixed(1)} MB of JPEG, archive ${(zips[0].bytes / 1e6).toFixed(1)} MB), median of ${ROUNDS}`);
console.log(`  resident memory growth while streaming: max ${growth.toFixed(1)} MB   target < 64 MB -> ${growth < 64 ? "met" : "NOT met"}`);
const wholeMbps = totalBytes / 1e6 / (median(whole.map((d) => d.ms)) / 1000);
console.log(`  throughput: zip ${zipMbps.toFixed(0)} MB/s, streamed disk reads ${diskMbps.toFixed(0)} MB/s, ratio ${(zipMbps / diskMbps).toFixed(2)}   target >= 0.5 -> ${zipMbps / diskMbps >= 0.5 ? "met" : "NOT met"}`);
console.log(`  for reference: whole-file reads (page cache) ${wholeMbps.toFixed(0)} MB/s, ratio ${(zipMbps / wholeMbps).toFixed(2)}; the ZIP's CRC-32 runs in JavaScript on Node 20`);
await prisma.$disconnect();
cleanUp();
