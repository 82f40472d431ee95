// The kie.ai provider against the fake kie.ai on loopback.
// 1. 12 tasks that each take 2 s: batch wall time over the slowest task
//    (target at most 1.5), by polling alone and with callbacks.
// 2. 40 tasks against a fake limit of 20 creates per 10 s: all complete and
//    none is refused with 429.
//   npm run bench:kie
import { cleanUp } from "./setup";
import { ThumbnailStatus } from "~/modules/generations/lifecycle";

process.env.PROMPTS_PER_GENERATION = "4";
// The fake kie.ai's result links are on loopback.
process.env.KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS = "1";
const { startFakeKie } = await import("#tests/support/fake-kie-server");
const { createTestPortrait, createTestUser } = await import("#tests/utils");
const { createGeneration } = await import("~/modules/generations/create-generation.server");
const { claimNextGeneration } = await import("~/modules/generations/queue.server");
const { processGeneration } = await import("~/modules/generations/process-generation.server");
const { startWebhookServer } = await import("#tests/support/processes");
const { prisma } = await import("~/utils/db.server");

const user = await createTestUser();
await prisma.user.update({ where: { id: user.id }, data: { credits: 100 } });
const portrait = await createTestPortrait(user.id);

// The webhook route on loopback, as the app's public address.
const webhooks = await startWebhookServer();
const appUrl = webhooks.url;

async function batch(backgroundCount: number, env: Record<string, string>, fakeOptions: Parameters<typeof startFakeKie>[0]) {
  const fake = await startFakeKie(fakeOptions);
  Object.assign(process.env, { KIE_API_KEY: fake.apiKey, KIE_BASE_URL: fake.url, KIE_UPLOAD_BASE_URL: fake.url, ...env });
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "kie benchmark", headline: null, backgroundCount, submissionKey: null });
  const started = performance.now();
  await claimNextGeneration("bench", 120_000);
  const status = await processGeneration(id, { workerId: "bench", leaseMs: 120_000 });
  const wall = performance.now() - started;
  const done = await prisma.thumbnail.count({ where: { generationId: id, status: ThumbnailStatus.success } });
  await fake.close();
  for (const key of Object.keys(env)) delete process.env[key];
  return { status, wall, done, tasks: fake.tasks.size, rateLimited: fake.rateLimited.length };
}

const latency = 2000;
const polling = await batch(3, {}, { taskLatencyMs: latency });
const callbacks = await batch(3, { PUBLIC_URL: appUrl }, { taskLatencyMs: latency, sendCallbacks: true });
console.log(`12 kie.ai tasks of ${latency / 1000} s each (fake kie.ai on loopback)`);
for (const [label, r] of [["polling only (2 s, backing off)", polling], ["with callbacks (PUBLIC_URL)", callbacks]] as const) {
  const ratio = r.wall / latency;
  console.log(`  ${label.padEnd(34)} ${r.status}, ${r.done}/12 stored, wall ${(r.wall / 1000).toFixed(2)} s, wall / slowest task ${ratio.toFixed(2)}   target <= 1.5 -> ${ratio <= 1.5 ? "met" : "NOT met"}`);
}

const limited = await batch(10, { PUBLIC_URL: appUrl }, { taskLatencyMs: 500, sendCallbacks: true, rateLimit: { limit: 20, windowMs: 10_000 } });
console.log(`40 tasks against a fake limit of 20 creates per 10 s`);
console.log(
  `  ${limited.status}, ${limited.done}/40 stored, ${limited.tasks} tasks created, ${limited.rateLimited} refused with 429, wall ${(limited.wall / 1000).toFixed(1)} s   target: all complete, none refused -> ${limited.done === 40 && limited.rateLimited === 0 ? "met" : "NOT met"}`,
);
await webhooks.close();
await prisma.$disconnect();
cleanUp();
