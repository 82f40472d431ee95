// The larger setup as real processes on loopback: two web instances
// (RUNNER=off), two workers, one PostgreSQL database (this file's own), S3
// storage on s3rver, a fake kie.ai. PostgreSQL only: on SQLite there is one
// process, and events never leave it.
//
// App modules are imported after the S3 settings are in process.env, so
// this process (which makes users and portraits) and the processes it
// starts use the same storage.
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { startFakeKie } from "#tests/support/fake-kie-server";
import { startS3rver } from "#tests/support/s3rver";
import { readRenderLog } from "#tests/support/render-log";
import { readEventStream, startWeb, startWorker, type StreamEvent } from "#tests/support/scale-out";

const onPostgres = (process.env.DATABASE_URL ?? "").startsWith("postgres");
const started: ChildProcess[] = [];
const renderLog = path.join(os.tmpdir(), `thumbsmith-scale-out-${process.pid}.log`);
let s3rver: Awaited<ReturnType<typeof startS3rver>> | undefined;
let fakeKie: Awaited<ReturnType<typeof startFakeKie>> | undefined;
let webA: Awaited<ReturnType<typeof startWeb>>;
let webB: Awaited<ReturnType<typeof startWeb>>;
let workers: Awaited<ReturnType<typeof startWorker>>[] = [];
let app: {
  prisma: typeof import("~/utils/db.server").prisma;
  utils: typeof import("#tests/utils");
  createGeneration: typeof import("~/modules/generations/create-generation.server").createGeneration;
};

describe.skipIf(!onPostgres)("two web instances and two workers on one PostgreSQL (PostgreSQL only: events cross processes through LISTEN/NOTIFY)", () => {
  beforeAll(async () => {
    s3rver = await startS3rver("thumbsmith-scale");
    fakeKie = await startFakeKie({ taskLatencyMs: 300, sendCallbacks: true });
    Object.assign(process.env, {
      STORAGE_DRIVER: "s3",
      S3_BUCKET: "thumbsmith-scale",
      S3_ENDPOINT: s3rver.endpoint,
      S3_ACCESS_KEY_ID: "S3RVER",
      S3_SECRET_ACCESS_KEY: "S3RVER",
      S3_FORCE_PATH_STYLE: "true",
      S3_PREFIX: `scale-${process.pid}`,
      PROMPTS_PER_GENERATION: "1",
    });
    app = {
      prisma: (await import("~/utils/db.server")).prisma,
      utils: await import("#tests/utils"),
      createGeneration: (await import("~/modules/generations/create-generation.server")).createGeneration,
    };
    fs.rmSync(renderLog, { force: true });
    [webA, webB] = await Promise.all([startWeb({}, started), startWeb({}, started)]);
    const workerEnv = {
      TEST_RENDER_LOG: renderLog,
      RENDER_CONCURRENCY: "1",
      LOCAL_RENDER_DELAY_MS: "250",
      SHUTDOWN_TIMEOUT_SECONDS: "20",
      // Slow polling: only a wake (a submit, a callback) makes these workers act quickly.
      TEST_WORKER_POLL_MS: "30000",
      KIE_API_KEY: fakeKie.apiKey,
      KIE_BASE_URL: fakeKie.url,
      KIE_UPLOAD_BASE_URL: fakeKie.url,
      KIE_POLL_INTERVAL_MS: "60000",
      KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS: "1",
      // kie.ai calls back to instance A.
      PUBLIC_URL: webA.origin,
    };
    workers = await Promise.all([startWorker(workerEnv, started), startWorker(workerEnv, started)]);
  }, 120_000);

  afterAll(async () => {
    for (const child of started) child.kill("SIGKILL");
    await fakeKie?.close();
    await s3rver?.close();
    fs.rmSync(renderLog, { force: true });
  });

  async function userWithPortrait() {
    const user = await app.utils.createTestUser();
    const portrait = await app.utils.createTestPortrait(user.id);
    return { user, portrait, cookie: await app.utils.sessionCookieFor(user.id) };
  }

  /** Submits the generate form over HTTP, as the page does; returns the new generation's id. */
  async function submit(origin: string, { cookie, portraitId }: { cookie: string; portraitId: string }, backgroundCount = 2) {
    const response = await fetch(`${origin}/generate`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ portraitId, keywords: "scale out test", backgroundCount: String(backgroundCount) }).toString(),
    });
    const location = response.headers.get("Location") ?? "";
    expect(response.status, await response.text()).toBe(302);
    return /\/gallery\/([^/?]+)/.exec(location)![1];
  }

  async function statusOf(generationId: string) {
    return (await app.prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { status: true } })).status;
  }

  const untilDone = (ids: string[], timeout = 60_000) =>
    vi.waitFor(async () => expect(await Promise.all(ids.map(statusOf))).toEqual(ids.map(() => "completed")), { timeout, interval: 200 });

  const parsed = (events: StreamEvent[]) => events.map((e) => ({ event: e.event, data: e.data ? JSON.parse(e.data) : null }));

  test("10 generations through both instances: each thumbnail rendered exactly once; a stream on A sees every event of a generation submitted to B", async () => {
    const owners = await Promise.all(Array.from({ length: 5 }, userWithPortrait));
    // The first goes through B and is watched from A.
    const watchedId = await submit(webB.origin, { cookie: owners[0].cookie, portraitId: owners[0].portrait.id });
    const stream = await readEventStream(`${webA.origin}/resources/generations/${watchedId}/events`, owners[0].cookie);
    const ids = [watchedId];
    for (let i = 1; i < 10; i++) {
      const owner = owners[i % 5];
      ids.push(await submit(i % 2 ? webA.origin : webB.origin, { cookie: owner.cookie, portraitId: owner.portrait.id }));
    }
    await untilDone(ids);
    await stream.ended;

    for (const id of ids) expect(readRenderLog(renderLog, id).sort()).toEqual(["0-0", "0-1"]);
    const cells = await app.prisma.thumbnail.findMany({ where: { generationId: { in: ids } }, select: { status: true, storagePath: true } });
    expect(cells).toHaveLength(20);
    expect(cells.every((c) => c.status === "success" && c.storagePath)).toBe(true);
    // Both workers took part: the wake on submit reached them through PostgreSQL (they poll every 30 s).
    const renderersOf = await app.prisma.generation.findMany({ where: { id: { in: ids } }, select: { startedAt: true, completedAt: true } });
    expect(renderersOf.every((g) => g.completedAt!.getTime() - g.startedAt!.getTime() < 20_000)).toBe(true);

    const events = parsed(stream.events).filter((e) => e.event !== "heartbeat");
    expect(events[0].event).toBe("snapshot");
    // A cell's stages (sent, generating) travel as thumbnail events too, and on PostgreSQL an event is
    // read from the row when it arrives, so a stage event may already show the finished cell.
    // What the page needs: every cell of the batch arrives finished, and none failed.
    const thumbnails = events.filter((e) => e.event === "thumbnail");
    const finished = new Set(thumbnails.filter((e) => e.data.thumbnail.status === "success").map((e) => `${e.data.thumbnail.promptIndex}-${e.data.thumbnail.backgroundIndex}`));
    expect([...finished].sort()).toEqual(["0-0", "0-1"]);
    expect(thumbnails.some((e) => e.data.thumbnail.status === "failed")).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: "progress", data: { generation: { id: watchedId, status: "completed", progress: 100 } } });
    const progress = events.slice(1).map((e) => e.data.generation.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  }, 120_000);

  test("a kie.ai callback posted to A completes a task owned by a worker process (which polls only every minute)", async () => {
    const { user, portrait } = await userWithPortrait();
    const kieEnv = { KIE_API_KEY: fakeKie!.apiKey, KIE_BASE_URL: fakeKie!.url, KIE_UPLOAD_BASE_URL: fakeKie!.url };
    Object.assign(process.env, kieEnv);
    let generationId: string;
    try {
      ({ id: generationId } = await app.createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "kie across processes", headline: null, backgroundCount: 1, submissionKey: null }));
    } finally {
      for (const name of Object.keys(kieEnv)) delete process.env[name];
    }
    const created = Date.now();
    // Submitted straight to the database here, so it must wake the workers itself.
    const { sendWake } = await import("~/modules/events/generation-events.server");
    await sendWake({ kind: "generations" });
    await untilDone([generationId], 20_000);
    expect(Date.now() - created).toBeLessThan(20_000);

    expect(fakeKie!.callbacks.filter((c) => c.status === 200)).toHaveLength(1);
    const [thumbnail] = await app.prisma.thumbnail.findMany({ where: { generationId }, select: { providerTaskId: true, status: true } });
    expect(thumbnail.status).toBe("success");
    expect(fakeKie!.tasks.has(thumbnail.providerTaskId!)).toBe(true);
    expect(readRenderLog(renderLog, generationId)).toEqual(["0-0"]);
  }, 60_000);

  test("SIGTERM to the worker rendering a batch: it finishes its cell and gives the rest back; the other finishes, nothing twice; a stream on A sees it move", async () => {
    const owner = await userWithPortrait();
    const generationId = await submit(webA.origin, { cookie: owner.cookie, portraitId: owner.portrait.id }, 6);
    const stream = await readEventStream(`${webA.origin}/resources/generations/${generationId}/events`, owner.cookie);
    await vi.waitFor(() => expect(readRenderLog(renderLog, generationId).length).toBeGreaterThanOrEqual(2), { timeout: 20_000, interval: 20 });
    const { leaseOwner } = await app.prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: { leaseOwner: true } });
    const owning = workers.find((w) => leaseOwner?.startsWith(`${w.child.pid}-`))!;
    expect(owning).toBeDefined();
    owning.child.kill("SIGTERM");
    expect(await owning.exited).toBe(0);
    workers = workers.filter((w) => w !== owning);

    await untilDone([generationId], 30_000);
    await stream.ended;
    // Every cell once: the one in flight at SIGTERM was finished, not redone.
    expect(readRenderLog(renderLog, generationId).sort()).toEqual(["0-0", "0-1", "0-2", "0-3", "0-4", "0-5"]);
    const events = parsed(stream.events).filter((e) => e.event !== "heartbeat");
    expect(events.filter((e) => e.event === "thumbnail").length).toBeGreaterThanOrEqual(4);
    // The stream ends on the first event whose snapshot is terminal. On this
    // bus a snapshot is read on receipt, so the last thumbnail's event may
    // already carry "completed" (the runner finished between its NOTIFY and
    // the read): the last event is that one or the final progress.
    expect(["thumbnail", "progress"]).toContain(events.at(-1)?.event);
    expect(events.at(-1)).toMatchObject({ data: { generation: { status: "completed" } } });
    expect(owning.output()).toMatch(/SIGTERM received/);
  }, 90_000);

  test("SIGTERM to a web instance: its open streams get a final reconnect event and end; the page's next stream (on A) starts from a snapshot", async () => {
    const owner = await userWithPortrait();
    const generationId = await submit(webA.origin, { cookie: owner.cookie, portraitId: owner.portrait.id }, 4);
    const onB = await readEventStream(`${webB.origin}/resources/generations/${generationId}/events`, owner.cookie);
    await vi.waitFor(() => expect(onB.events.length).toBeGreaterThanOrEqual(1), { timeout: 10_000, interval: 20 });
    webB.child.kill("SIGTERM");
    await onB.ended;
    expect(onB.events.at(-1)?.event).toBe("reconnect");
    expect(await webB.exited).toBe(0);

    const onA = await readEventStream(`${webA.origin}/resources/generations/${generationId}/events`, owner.cookie);
    await onA.ended;
    expect(onA.events[0].event).toBe("snapshot");
    expect(parsed(onA.events).at(-1)).toMatchObject({ data: { generation: { status: "completed" } } });
    expect(readRenderLog(renderLog, generationId).sort()).toEqual(["0-0", "0-1", "0-2", "0-3"]);
  }, 60_000);
});
