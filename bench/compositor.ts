// Local compositor throughput, in thumbnails per second, next to the raw
// limit measured in the same run: sharp encoding a 1280x720 JPEG (same
// settings) from a raw buffer. Their ratio is what to compare across machines.
//   npm run bench:compositor
import fs from "node:fs";
import os from "node:os";
import sharp from "sharp";
import { planGeneration } from "~/modules/design/plan";
import { analysedPortrait } from "#tests/analysed-portrait";
import { startLocalBatch } from "~/modules/providers/local/compositor.server";
import type { BatchPortrait } from "~/modules/providers/provider";
import { summarize } from "./setup";

const rounds = Number(process.argv[2] ?? 5);

/** The fixture as an analysed upload gets it (cut-out thumbnails); `shrink` px narrower makes it another photo to the compositor. */
async function uploaded(shrink: number): Promise<BatchPortrait> {
  let bytes: Buffer = fs.readFileSync("tests/fixtures/astronaut.png");
  if (shrink > 0) {
    const { width = 0 } = await sharp(bytes).metadata();
    bytes = await sharp(bytes).resize({ width: width - shrink }).png().toBuffer();
  }
  return analysedPortrait(bytes);
}
const portrait = await uploaded(0);
// The compositor keeps what it draws from a portrait alone (the cut-out) for
// the portrait's later batches: a creator's first batch from a new photo is
// measured on photos it has not seen.
const newPortraits = await Promise.all(Array.from({ length: 2 * rounds + 1 }, (_, i) => uploaded(i + 1)));
const plan = planGeneration({ keywords: "iPhone 17 review, shocking battery", promptCount: 3, backgroundCount: 4 });
const cells = plan.prompts.flatMap((prompt) => plan.backgrounds.map((background) => ({ prompt, background })));

async function batchRound(concurrency: number, from: BatchPortrait) {
  const batch = startLocalBatch({ portrait: from });
  const started = performance.now();
  // As the local provider starts a batch: every cell planned at once, then drawn.
  batch.prepare(cells);
  const queue = [...cells];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let cell = queue.shift(); cell; cell = queue.shift()) await batch.render(cell);
    }),
  );
  return cells.length / ((performance.now() - started) / 1000);
}

// A photo-like frame, so the encoder does real work.
const raw = await sharp(fs.readFileSync("tests/fixtures/astronaut.png")).resize(1280, 720, { fit: "cover" }).removeAlpha().raw().toBuffer();
async function encodeRound(concurrency: number) {
  const count = 24;
  const started = performance.now();
  let left = count;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) {
        await sharp(raw, { raw: { width: 1280, height: 720, channels: 3 } }).jpeg({ quality: 88, chromaSubsampling: "4:4:4" }).toBuffer();
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

// CPU the compositor spends per thumbnail, all threads (JavaScript, libvips,
// the garbage collector) and the JavaScript thread alone: with the cores the
// machine has, the first bounds the throughput any overlap can reach.
const mainThreadCpuMs = () => {
  const stat = `/proc/self/task/${process.pid}/stat`;
  if (!fs.existsSync(stat)) return Number.NaN;
  const fields = fs.readFileSync(stat, "utf8").split(") ")[1].split(" ");
  // utime and stime, in clock ticks (USER_HZ, 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
};

await batchRound(2, portrait);
await batchRound(2, newPortraits[2 * rounds]);
await encodeRound(2);
const cores = os.availableParallelism();
const results: string[] = [];
const series = [
  { concurrency: 1, label: "later batches of a portrait", portraitFor: () => portrait },
  { concurrency: 2, label: "later batches of a portrait", portraitFor: () => portrait },
  { concurrency: 1, label: "a portrait's first batch", portraitFor: (round: number) => newPortraits[round] },
  { concurrency: 2, label: "a portrait's first batch", portraitFor: (round: number) => newPortraits[rounds + round] },
];
for (const { concurrency, label, portraitFor } of series) {
  const compositor: number[] = [];
  const encoder: number[] = [];
  let cpu = 0;
  let mainThread = 0;
  for (let i = 0; i < rounds; i++) {
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    compositor.push(await batchRound(concurrency, portraitFor(i)));
    const used = process.cpuUsage(cpuBefore);
    cpu += (used.user + used.system) / 1000;
    mainThread += mainThreadCpuMs() - mainBefore;
    encoder.push(await encodeRound(concurrency));
  }
  const c = summarize(compositor).median;
  const e = summarize(encoder).median;
  const perThumbnail = cpu / (rounds * cells.length);
  // Even one cell at a time keeps several threads busy (libvips, the collector): every core counts.
  const ceiling = (cores * 1000) / perThumbnail;
  results.push(
    `  ${label}, concurrency ${concurrency}: compositor ${c.toFixed(1)} thumbnails/s (whole 3x4 batches, preparation included)   raw JPEG encode ${e.toFixed(1)}/s   ratio ${(c / e).toFixed(3)}`,
    `      CPU per thumbnail ${perThumbnail.toFixed(1)} ms (JavaScript thread ${(mainThread / (rounds * cells.length)).toFixed(1)} ms)   so on ${cores} cores at most ${ceiling.toFixed(1)} thumbnails/s, a ratio of ${(ceiling / e).toFixed(3)}`,
  );
}
console.log(`local compositor throughput, median of ${rounds} rounds, ${cores} cores; target: ratio >= 0.25`);
console.log(results.join("\n"));
