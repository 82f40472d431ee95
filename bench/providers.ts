// Every image service that draws AI scenes (kie.ai, OpenAI, Gemini, ComfyUI)
// against its fake on loopback: one batch of 12 cells (4 prompts x 3
// backgrounds) per service, made with createGeneration's `provider`, claimed
// and run as a runner does. Per service: cells stored, requests the fake
// received (12: nothing asked twice), time to the first stored cell, batch
// wall time, the slowest task the fake actually served, and wall / slowest.
//
// Fake tasks take BENCH_TASK_MS (8 s by default; kie.ai's spread over the
// last quarter of that, as real tasks finish at different times). Real
// images take 10 s to a few minutes; with 2 s tasks this bench measured the
// lettering of twelve plates that all arrive in the same instant on one
// render thread, not the provider's loop.
//
// Target (issue 23): wall / slowest fake task at most 1.5 for each service.
// Read literally, that holds only where the service runs all 12 cells at
// once (kie.ai, 16 at a time). The others are limited by design: OpenAI and
// Gemini 4 at once (their per-minute image limits), and ComfyUI draws one
// prompt at a time on its GPU whatever COMFYUI_CONCURRENCY says. No runner
// can beat ceil(12 / concurrency) tasks in a row (for ComfyUI, the 12 runs
// the fake served, end to end): that floor is the service's own. So the
// target this bench holds each service to is wall / floor at most 1.5, the
// runner's overhead over what the service allows; for kie.ai the floor is
// one task and both readings are the same. Both ratios are printed, each
// with its verdict.
//
// Where the rest of the time goes: each cell's storing (the scene lettered
// by the compositor on its render threads, the creator's cut-out put in,
// encoded and written), from the thumbnail render histogram minus the
// provider's own render times. Each service runs twice: Scene + your photo
// (the default, what creators wait for) and the model writing the text
// (nothing lettered), which leaves the provider and the runner alone. The
// render threads are the cores less one (one on a 2-core box), at nice 19.
//   npm run bench:providers
import { cleanUp } from "./setup";
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import type { ModelDraws } from "~/modules/providers/provider";

process.env.PROMPTS_PER_GENERATION = "4";
// The providers say "ready" at info: the figures stay readable.
process.env.LOG_LEVEL ??= "warn";
// The fake kie.ai's result links are on loopback.
process.env.KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS = "1";
const { startFakeKie } = await import("#tests/support/fake-kie-server");
const { startFakeOpenAI } = await import("#tests/support/fake-openai-server");
const { startFakeGemini } = await import("#tests/support/fake-gemini-server");
const { startFakeComfyui } = await import("#tests/support/fake-comfyui-server");
const { createTestPortrait, createTestUser } = await import("#tests/utils");
const { createGeneration } = await import("~/modules/generations/create-generation.server");
const { claimNextGeneration } = await import("~/modules/generations/queue.server");
const { processGeneration } = await import("~/modules/generations/process-generation.server");
const { subscribeToGeneration } = await import("~/modules/events/generation-events.server");
const { findProvider } = await import("~/modules/providers/registry.server");
const { thumbnailRenderSeconds } = await import("~/modules/ops/metrics.server");
const { env } = await import("~/utils/env.server");
const { defaultRenderThreads } = await import("~/modules/rendering/render-pool.server");
const { prisma } = await import("~/utils/db.server");

/** A fake started for one batch: the settings that point the provider at it, and what it saw. */
type RunningFake = {
  env: Record<string, string>;
  /** What the fake counts as one paid request (createTask, an image request, POST /prompt). */
  requestKind: string;
  requests: () => number;
  /** How long each task or request took, as the fake served it (ms). */
  served: () => number[];
  close: () => Promise<void>;
};

type Service = {
  name: string;
  label: string;
  /** The service itself draws one at a time (ComfyUI's queue), whatever the runner sends. */
  serial?: boolean;
  start: (latencyMs: number) => Promise<RunningFake>;
};

const SERVICES: Service[] = [
  {
    name: "kie",
    label: "kie.ai",
    async start(latencyMs) {
      const fake = await startFakeKie({ taskLatencyRangeMs: [Math.round(latencyMs * 0.75), latencyMs] });
      return {
        env: { KIE_API_KEY: fake.apiKey, KIE_BASE_URL: fake.url, KIE_UPLOAD_BASE_URL: fake.url },
        requestKind: "createTask",
        requests: () => fake.tasks.size,
        // A kie.ai task turns from generating to success at exactly its own latency.
        served: () => [...fake.tasks.values()].map((task) => task.latencyMs),
        close: () => fake.close(),
      };
    },
  },
  {
    name: "openai",
    label: "OpenAI",
    async start(latencyMs) {
      const fake = await startFakeOpenAI({ latencyMs });
      return {
        env: { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url },
        requestKind: "images/edits",
        requests: () => fake.received.length,
        served: () => fake.served,
        close: () => fake.close(),
      };
    },
  },
  {
    name: "gemini",
    label: "Gemini",
    async start(latencyMs) {
      const fake = await startFakeGemini({ latencyMs });
      return {
        env: { GEMINI_API_KEY: fake.apiKey, GEMINI_BASE_URL: fake.url },
        requestKind: "generateContent",
        requests: () => fake.requests.length,
        served: () => fake.served,
        close: () => fake.close(),
      };
    },
  },
  {
    name: "comfyui",
    label: "ComfyUI",
    serial: true,
    async start(latencyMs) {
      const fake = await startFakeComfyui({ runMs: latencyMs });
      return {
        env: { COMFYUI_URL: fake.url },
        requestKind: "POST /prompt",
        requests: () => fake.promptRequests,
        served: () => fake.runs,
        close: () => fake.close(),
      };
    },
  },
];

const user = await createTestUser();
await prisma.user.update({ where: { id: user.id }, data: { credits: 100 } });
const portrait = await createTestPortrait(user.id);

/** Seconds the histogram holds for a provider's cells (render and store). */
async function histogramSum(provider: string) {
  const { values } = await thumbnailRenderSeconds.get();
  return values.find((v) => v.metricName?.endsWith("_sum") && v.labels.provider === provider)?.value ?? 0;
}

async function batch(service: Service, latencyMs: number, backgroundCount: number, modelDraws: ModelDraws) {
  const fake = await service.start(latencyMs);
  Object.assign(process.env, fake.env);
  const entry = findProvider(service.name);
  if (!entry?.isConfigured()) throw new Error(`${service.label} is not configured by ${Object.keys(fake.env).join(", ")}`);
  // The runner's rule (process-generation.server.ts): the provider's own concurrency, else RENDER_CONCURRENCY.
  const concurrency = entry.create().concurrency ?? env.RENDER_CONCURRENCY;
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: `${service.label} benchmark`, headline: null, backgroundCount, submissionKey: null, provider: service.name, modelDraws });
  const histogramBefore = await histogramSum(service.name);
  let firstImage: number | null = null;
  const startedAt = new Date();
  const started = performance.now();
  const unsubscribe = subscribeToGeneration(id, (event) => {
    if (event.type === "thumbnail" && event.thumbnail.status === ThumbnailStatus.success && firstImage === null) firstImage = performance.now() - started;
  });
  await claimNextGeneration("bench", 120_000);
  const status = await processGeneration(id, { workerId: "bench", leaseMs: 120_000 });
  const wall = performance.now() - started;
  unsubscribe();
  const total = await prisma.thumbnail.count({ where: { generationId: id } });
  const done = await prisma.thumbnail.count({ where: { generationId: id, status: ThumbnailStatus.success } });
  const renders = await prisma.renderTiming.findMany({ where: { provider: service.name, createdAt: { gte: startedAt } }, select: { seconds: true } });
  const cellSeconds = (await histogramSum(service.name)) - histogramBefore;
  const renderSeconds = renders.reduce((sum, r) => sum + r.seconds, 0);
  const served = fake.served();
  const result = {
    status,
    wall,
    firstImage,
    done,
    total,
    concurrency,
    requests: fake.requests(),
    requestKind: fake.requestKind,
    slowest: served.length ? Math.max(...served) : latencyMs,
    /** The fake's busy time: every task it served, end to end. */
    servedTotal: served.reduce((sum, ms) => sum + ms, 0),
    servedCount: served.length,
    // Per cell, on average: the provider's render (request to image in hand) and the storing after it.
    renderPerCell: renders.length ? renderSeconds / renders.length : 0,
    storePerCell: done ? (cellSeconds - renderSeconds) / done : 0,
  };
  await fake.close();
  for (const key of Object.keys(fake.env)) delete process.env[key];
  return result;
}

const latency = Number(process.env.BENCH_TASK_MS ?? 8000);
const backgroundCount = 3;
const cells = Number(process.env.PROMPTS_PER_GENERATION) * backgroundCount;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const threads = env.RENDER_THREADS ?? defaultRenderThreads();
console.log(`${cells} cells per service, each fake task or request taking ${latency / 1000} s (kie.ai: ${(latency * 0.75) / 1000}-${latency / 1000} s) (fakes on loopback, the runner in this process, ${threads} render thread${threads === 1 ? "" : "s"} at nice ${env.RENDER_THREAD_NICE})`);
const passes: { modelDraws: ModelDraws; label: string }[] = [
  { modelDraws: "scene", label: "Scene + your photo (the default): each scene gets the creator's cut-out and the headline from the compositor" },
  { modelDraws: "everything", label: "The model writes the text: each image is only normalized and stored, nothing lettered" },
];
const perCell: string[] = [];
for (const pass of passes) {
  console.log(pass.label);
  for (const service of SERVICES) {
    const r = await batch(service, latency, backgroundCount, pass.modelDraws);
    const rounds = service.serial ? r.total : Math.ceil(r.total / r.concurrency);
    // A serial service cannot finish before its own runs end to end; the others not before their rounds of the slowest task.
    const floor = service.serial ? Math.max(r.servedTotal, r.slowest) : rounds * r.slowest;
    const bySlowest = r.wall / r.slowest;
    const byFloor = r.wall / floor;
    const how = service.serial ? `draws 1 at a time: floor its ${r.servedCount} runs end to end` : `${r.concurrency} at once: floor ${rounds} x slowest`;
    console.log(
      `  ${service.label.padEnd(8)} ${r.status}, ${r.done}/${r.total} stored, ${r.requests} ${r.requestKind}, first image ${r.firstImage === null ? "none" : s(r.firstImage)}, wall ${s(r.wall)}, ` +
        `slowest task ${s(r.slowest)}, wall / slowest ${bySlowest.toFixed(2)}, ${how} = ${s(floor)}, wall / floor ${byFloor.toFixed(2)}   ` +
        `target <= 1.5 -> ${byFloor <= 1.5 ? "met" : "NOT met"} (against the floor), ${bySlowest <= 1.5 ? "met" : "NOT met"} (against one task)`,
    );
    perCell.push(`  ${service.label.padEnd(8)} ${pass.modelDraws.padEnd(10)} render ${r.renderPerCell.toFixed(2)} s, store ${r.storePerCell.toFixed(2)} s (${r.servedCount} tasks served by the fake)`);
  }
}
console.log(`Per cell on average: the provider's render (request sent to image in hand) and storing it (lettering on the render threads, encode, write)`);
for (const line of perCell) console.log(line);
await prisma.$disconnect();
cleanUp();
