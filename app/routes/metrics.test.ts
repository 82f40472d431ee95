// /metrics: hidden without METRICS_TOKEN, 401 on a wrong token, and figures
// that move with what the app does: a generation rendered, a stream opened.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { openEventStreams, scrapeMetrics } from "~/modules/ops/metrics.server";
import { prisma } from "~/utils/db.server";
import { startAppServer } from "#tests/support/app-server";
import { createTestPortrait, createTestUser, getRequest, sessionCookieFor } from "#tests/utils";
import { loader } from "./metrics";

const TOKEN = "metrics-token-for-tests-0123456789";

async function scrape() {
  const answer = await scrapeMetrics(`Bearer ${TOKEN}`, TOKEN);
  if (answer.status !== 200) throw new Error(`scrape answered ${answer.status}`);
  return answer.body;
}

/** The value of one sample, e.g. `thumbsmith_generations{status="completed"}`; 0 when absent. */
function sample(text: string, name: string) {
  const line = text.split("\n").find((each) => each.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

async function newGeneration() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({
    userId: user.id,
    portraitId: portrait.id,
    keywords: "metrics test, big numbers",
    headline: null,
    backgroundCount: 1,
    submissionKey: null,
  });
  return { userId: user.id, generationId: id };
}

describe("access", () => {
  test("without METRICS_TOKEN the route does not exist", async () => {
    const thrown = await loader({ request: getRequest("/metrics"), params: {}, context: {} }).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  test("with a token: a missing or wrong bearer gets 401, the right one the metrics", async () => {
    expect((await scrapeMetrics(null, TOKEN)).status).toBe(401);
    expect((await scrapeMetrics(`Bearer ${TOKEN}x`, TOKEN)).status).toBe(401);
    expect((await scrapeMetrics(`Basic ${TOKEN}`, TOKEN)).status).toBe(401);
    expect((await scrapeMetrics(TOKEN, TOKEN)).status).toBe(401);
    const answer = await scrapeMetrics(`Bearer ${TOKEN}`, TOKEN);
    expect(answer).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/plain/) });
    expect(answer.status === 200 && answer.body).toContain("process_resident_memory_bytes");
  });
});

describe("figures", () => {
  test("a rendered generation: render histogram count grows by its thumbnails, the status gauge shows it completed", async () => {
    const before = await scrape();
    const { generationId } = await newGeneration();
    const queued = await scrape();
    expect(sample(queued, "thumbsmith_generation_queue_depth")).toBe(await prisma.generation.count({ where: { status: "pending" } }));
    expect(sample(queued, 'thumbsmith_generations{status="pending"}')).toBeGreaterThanOrEqual(1);

    expect((await claimNextGeneration("metrics-test", 30_000))?.id).toBe(generationId);
    await processGeneration(generationId, { workerId: "metrics-test", concurrency: 2 });
    const { status, thumbnailCount } = await prisma.generation.findUniqueOrThrow({
      where: { id: generationId },
      select: { status: true, thumbnailCount: true },
    });
    expect(status).toBe("completed");

    const after = await scrape();
    const renders = (text: string) => sample(text, 'thumbsmith_thumbnail_render_seconds_count{provider="local"}');
    expect(thumbnailCount).toBeGreaterThan(0);
    expect(renders(after) - renders(before)).toBe(thumbnailCount);
    expect(sample(after, 'thumbsmith_generations{status="completed"}')).toBe(await prisma.generation.count({ where: { status: "completed" } }));
    expect(sample(after, 'thumbsmith_generations{status="completed"}')).toBeGreaterThanOrEqual(1);
    // Statuses with no generations read 0 rather than vanishing.
    expect(after).toContain('thumbsmith_generations{status="failed"} 0');
  });
});

describe("open event streams", () => {
  let app: Awaited<ReturnType<typeof startAppServer>>;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(() => app?.close());

  const open = async () => (await openEventStreams.get()).values[0]?.value ?? 0;

  test("the gauge goes up while a gallery stream is open and down when the browser leaves", async () => {
    const { userId, generationId } = await newGeneration();
    const start = await open();
    const controller = new AbortController();
    const response = await fetch(`${app.origin}/resources/generations/${generationId}/events`, {
      headers: { Cookie: await sessionCookieFor(userId) },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: snapshot");
    expect(await open()).toBe(start + 1);
    expect(sample(await scrape(), "thumbsmith_sse_streams_open")).toBe(start + 1);

    controller.abort();
    await vi.waitFor(async () => expect(await open()).toBe(start));
  });
});
