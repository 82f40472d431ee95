// Uploads a 12-megapixel JPEG through the real Portraits action (multipart
// parse, validation, sharp normalization, storage, database row) and prints
// median and p95 time and the process's peak resident memory.
// Target (issue 3): median under 1.5 s on these machines.
//   npm run bench:portraits [-- <iterations>]
import { cleanUp, summarize } from "./setup";
import sharp from "sharp";
import { createAccount } from "~/modules/auth/account.server";
import { action } from "~/routes/portraits";
import { noisyJpeg } from "#tests/images";
import { sessionCookieFor } from "#tests/utils";
import { prisma } from "~/utils/db.server";

const iterations = Number(process.argv[2] ?? 15);
const photo = await noisyJpeg(4000, 3000, 90);
const { id } = await createAccount({ email: "bench@example.com", password: "benchmark password" });
const cookie = await sessionCookieFor(id);

async function uploadOnce() {
  const form = new FormData();
  form.append("photos", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), "twelve-megapixels.jpg");
  const request = new Request("http://localhost/portraits", { method: "POST", body: form, headers: { Cookie: cookie } });
  const started = performance.now();
  const response = await action({ request, params: {}, context: {} });
  const elapsed = performance.now() - started;
  const body = (await response.json()) as { added: number; errors: string[] };
  if (body.added !== 1) throw new Error(`upload failed: ${body.errors.join("; ")}`);
  return elapsed;
}

// Baseline in the same run: sharp alone decoding and re-encoding the photo
// at the normalized size, with no app code around it.
async function baselineOnce() {
  const started = performance.now();
  await sharp(photo).rotate().resize(2048, 2048, { fit: "inside" }).jpeg({ quality: 90 }).toBuffer();
  return performance.now() - started;
}

await uploadOnce();
await baselineOnce();
const upload: number[] = [];
const baseline: number[] = [];
for (let i = 0; i < iterations; i++) {
  upload.push(await uploadOnce());
  baseline.push(await baselineOnce());
}
const u = summarize(upload);
const b = summarize(baseline);
const peakRssMb = process.resourceUsage().maxRSS / 1024;

console.log(`portrait upload + normalize, 4000x3000 JPEG (${(photo.length / 1e6).toFixed(1)} MB), ${iterations} runs`);
console.log(`  upload path   median ${u.median.toFixed(0)} ms   p95 ${u.p95.toFixed(0)} ms   (min ${u.min.toFixed(0)}, max ${u.max.toFixed(0)})`);
console.log(`  sharp alone   median ${b.median.toFixed(0)} ms   p95 ${b.p95.toFixed(0)} ms`);
console.log(`  ratio upload/sharp (median) ${(u.median / b.median).toFixed(2)}`);
console.log(`  peak RSS ${peakRssMb.toFixed(0)} MB`);
console.log(`  target: median under 1500 ms -> ${u.median < 1500 ? "met" : "NOT met"}`);

await prisma.$disconnect();
cleanUp();
