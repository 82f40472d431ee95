// Latency from publishing a generation event on the bus to a client reading it
// from the SSE route over HTTP on loopback, for 200 events: p50 and p95.
// Target (issue 5): p95 under 50 ms.
//   npm run bench:sse
import http from "node:http";
import type { AddressInfo } from "node:net";
import { cleanUp, summarize } from "./setup";
import { publishGenerationEvent } from "~/modules/events/generation-events.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { loader as eventsLoader } from "~/routes/resources.generations.$generationId.events";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";
import { prisma } from "~/utils/db.server";

const EVENTS = 200;
const user = await createTestUser();
const portrait = await createTestPortrait(user.id);
const cookie = await sessionCookieFor(user.id);
const { id: generationId } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "latency", headline: null, backgroundCount: 1, submissionKey: null });

// The route's loader behind a plain HTTP server, streaming as Remix's adapter does.
const server = http.createServer(async (req, res) => {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  const request = new Request(`http://localhost${req.url}`, { headers: req.headers as Record<string, string>, signal: controller.signal });
  const response = (await eventsLoader({ request, params: { generationId }, context: {} })) as Response;
  res.writeHead(response.status, Object.fromEntries(response.headers));
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
  res.end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address() as AddressInfo;

const latencies: number[] = [];
const response = await fetch(`http://127.0.0.1:${port}/resources/generations/${generationId}/events`, { headers: { Cookie: cookie } });
const reader = response.body!.getReader();
const decoder = new TextDecoder();
let buffer = "";
let received = 0;
let snapshotSeen = false;

async function readUntil(predicate: () => boolean) {
  while (!predicate()) {
    const { value, done } = await reader.read();
    if (done) throw new Error("stream ended early");
    buffer += decoder.decode(value, { stream: true });
    let split;
    while ((split = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      if (block.startsWith("event: snapshot")) snapshotSeen = true;
      if (block.startsWith("event: progress")) {
        const data = JSON.parse(block.slice(block.indexOf("data: ") + 6));
        latencies.push(performance.now() - Number(data.generation.currentStep));
        received += 1;
      }
    }
  }
}

await readUntil(() => snapshotSeen);
for (let i = 0; i < EVENTS; i++) {
  const target = received + 1;
  publishGenerationEvent({
    type: "progress",
    generation: { id: generationId, status: "processing", progress: 50, currentStep: String(performance.now()), thumbnailCount: 3, errorMessage: null, estimatedSeconds: null },
  });
  await readUntil(() => received >= target);
}
await reader.cancel();
server.close();
await prisma.$disconnect();

const s = summarize(latencies);
console.log(`SSE latency, publish -> client read over HTTP on loopback, ${EVENTS} events`);
console.log(`  p50 ${s.median.toFixed(2)} ms   p95 ${s.p95.toFixed(2)} ms   max ${s.max.toFixed(2)} ms   target p95 < 50 ms -> ${s.p95 < 50 ? "met" : "NOT met"}`);
cleanUp();
