// The REST API's overhead over the same domain call, and a batch through it.
// In one run, against the built app (as `npm start` runs it):
//  - GET /api/v1/generations/{id} (bearer token) against the gallery page's
//    loader for the same batch (GET /gallery/{id}?_data=…, session cookie:
//    the same getGeneration, as JSON, without rendering HTML), requests
//    interleaved so both see the same machine; p50 and p95 of each and the
//    ratios API ÷ gallery.
//  - Create to completed through the API with the offline provider: POST
//    /api/v1/generations, then its events stream until the server ends it.
// Run `npm run build` first.
//   npm run bench:api [requests] [batches]
import net from "node:net";
import { cleanUp, startBuiltServer, summarize } from "./setup";
import { createApiToken } from "~/modules/api-tokens/api-tokens.server";
import { grantCredits } from "~/modules/credits/credits.server";
import { prisma } from "~/utils/db.server";
import { readEventStream } from "#tests/support/api-streams";
import { createFinishedGeneration, createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

/** A port nothing listens on now (other benches may be running on their fixed ones). */
function freePort() {
  return new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const REQUESTS = Number(process.argv[2] ?? 400);
const BATCHES = Number(process.argv[3] ?? 5);
const BACKGROUNDS = 3;

const user = await createTestUser({ email: "api-bench@example.com" });
await grantCredits({ email: user.email, amount: BATCHES + 10 });
const portrait = await createTestPortrait(user.id);
// A finished 3 × 3 batch to read: what a script polls for.
const { generationId } = await createFinishedGeneration(user.id, { backgroundCount: BACKGROUNDS, portraitId: portrait.id });
const { token } = await createApiToken(user.id, { name: "bench", scopes: ["read", "generate"] });
const cookie = await sessionCookieFor(user.id);
await prisma.$disconnect();

const server = await startBuiltServer(await freePort(), { RATE_LIMIT_MULTIPLIER: "100000" });
const bearer = { Authorization: `Bearer ${token}` };

async function timed(path: string, headers: Record<string, string>) {
  const started = performance.now();
  const response = await fetch(`${server.origin}${path}`, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
  return performance.now() - started;
}

const apiPath = `/api/v1/generations/${generationId}`;
const galleryPath = `/gallery/${generationId}?_data=${encodeURIComponent("routes/gallery_.$generationId")}`;
// Warm both (module loading, prepared statements, the JIT).
for (let i = 0; i < 50; i++) {
  await timed(apiPath, bearer);
  await timed(galleryPath, { Cookie: cookie });
}
const apiMs: number[] = [];
const galleryMs: number[] = [];
for (let i = 0; i < REQUESTS; i++) {
  // Alternating which goes first, so neither always follows the other.
  if (i % 2 === 0) {
    apiMs.push(await timed(apiPath, bearer));
    galleryMs.push(await timed(galleryPath, { Cookie: cookie }));
  } else {
    galleryMs.push(await timed(galleryPath, { Cookie: cookie }));
    apiMs.push(await timed(apiPath, bearer));
  }
}

async function batchThroughApi(round: number) {
  const started = performance.now();
  const response = await fetch(`${server.origin}/api/v1/generations`, {
    method: "POST",
    headers: { ...bearer, "Content-Type": "application/json", "Idempotency-Key": `bench-${round}` },
    body: JSON.stringify({ portraitId: portrait.id, keywords: `iPhone 17 review, shocking battery, round ${round}`, backgroundCount: BACKGROUNDS, provider: "local" }),
  });
  const created = (await response.json()) as { id: string; links: { events: string } };
  if (response.status !== 202) throw new Error(`create: HTTP ${response.status} ${JSON.stringify(created)}`);
  const createMs = performance.now() - started;
  const events = await fetch(`${server.origin}${created.links.events}`, { headers: bearer });
  const { events: received } = await readEventStream(events.body!);
  const last = JSON.parse(received.at(-1)?.data ?? "{}") as { status?: string; generation?: { status: string } };
  const status = last.generation?.status ?? last.status;
  if (status !== "completed") throw new Error(`batch ${created.id} ended ${status}`);
  return { createMs, completedMs: performance.now() - started };
}

await batchThroughApi(0);
const batches = [];
for (let round = 1; round <= BATCHES; round++) batches.push(await batchThroughApi(round));
await server.stop();

const api = summarize(apiMs);
const gallery = summarize(galleryMs);
const create = summarize(batches.map((b) => b.createMs));
const completed = summarize(batches.map((b) => b.completedMs));
const ms = (value: number) => `${value.toFixed(2).padStart(7)} ms`;
console.log(`API overhead: a finished ${BACKGROUNDS * 3}-thumbnail batch, ${REQUESTS} requests each, interleaved, one connection at a time`);
console.log(`  GET ${"/api/v1/generations/{id}".padEnd(34)} p50 ${ms(api.median)}   p95 ${ms(api.p95)}`);
console.log(`  GET ${"/gallery/{id} loader (?_data)".padEnd(34)} p50 ${ms(gallery.median)}   p95 ${ms(gallery.p95)}`);
console.log(`  ratio API ÷ gallery loader              p50 ${(api.median / gallery.median).toFixed(2)}         p95 ${(api.p95 / gallery.p95).toFixed(2)}`);
console.log(`Create to completed through the API: ${BATCHES} batches of ${BACKGROUNDS} backgrounds × 3 headlines, offline provider (the server's inline runner)`);
console.log(`  POST /api/v1/generations (202)          median ${ms(create.median)}   p95 ${ms(create.p95)}`);
console.log(`  POST → events stream ends (completed)   median ${ms(completed.median)}   p95 ${ms(completed.p95)}`);
cleanUp();
