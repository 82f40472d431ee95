// Person analysis (face detection + person mask) of a portrait, offline on
// the CPU: first call (runtime and models loading), then median and p95 for
// a 12-megapixel JPEG and for the normalized 2048 px image.
// Target (person analysis issue): median under 1 s for the 12 MP photo.
//   npm run bench:analysis [-- <iterations>]
import fs from "node:fs";
import sharp from "sharp";
import { cleanUp, summarize } from "./setup";
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";

const iterations = Number(process.argv[2] ?? 15);
const astronaut = fs.readFileSync("tests/fixtures/astronaut.png");
const twelveMp = await sharp(astronaut).resize(4000, 3000, { fit: "fill" }).jpeg({ quality: 90 }).toBuffer();
const normalized = await sharp(astronaut).resize(2048, 2048).jpeg({ quality: 90 }).toBuffer();

async function timeOnce(image: Buffer) {
  const started = performance.now();
  const analysis = await analyzePortrait(image);
  const elapsed = performance.now() - started;
  if (analysis.faces.length !== 1 || !analysis.mask) throw new Error("expected one face and a mask");
  return elapsed;
}

const cold = await timeOnce(twelveMp);
const runs = { twelveMp: [] as number[], normalized: [] as number[] };
for (let i = 0; i < iterations; i++) {
  runs.twelveMp.push(await timeOnce(twelveMp));
  runs.normalized.push(await timeOnce(normalized));
}
const big = summarize(runs.twelveMp);
const small = summarize(runs.normalized);
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(`person analysis (faces + mask PNG at full size), ${iterations} runs each`);
console.log(`  first call, 12 MP (loads LiteRT + models)  ${cold.toFixed(0)} ms`);
console.log(`  4000x3000 JPEG (${(twelveMp.length / 1e6).toFixed(1)} MB)  median ${big.median.toFixed(0)} ms   p95 ${big.p95.toFixed(0)} ms   (min ${big.min.toFixed(0)}, max ${big.max.toFixed(0)})`);
console.log(`  2048x2048 JPEG (${(normalized.length / 1e6).toFixed(1)} MB)  median ${small.median.toFixed(0)} ms   p95 ${small.p95.toFixed(0)} ms   (min ${small.min.toFixed(0)}, max ${small.max.toFixed(0)})`);
console.log(`  peak RSS ${peakRssMb.toFixed(0)} MB`);
console.log(`  target: 12 MP median under 1000 ms -> ${big.median < 1000 ? "met" : "NOT met"}`);
cleanUp();
