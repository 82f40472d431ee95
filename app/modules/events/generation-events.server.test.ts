// The event bus: in-process on SQLite; on PostgreSQL, LISTEN/NOTIFY between
// processes, here two buses with their own connections standing in for two
// processes (server/scale-out.test.ts runs real ones).
import pg from "pg";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { generationSnapshotSelect, thumbnailSnapshotSelect } from "~/modules/generations/snapshots";
import type { GenerationEvent, GenerationStreamSnapshot } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createTestPortrait, createTestUser } from "#tests/utils";
import type { GenerationEventBus, Wake } from "./event-bus";
import { generationEventBus, readGenerationEvent, readGenerationStreamSnapshot } from "./generation-events.server";
import { createPostgresEventBus, type ChangeNotice } from "./postgres-bus.server";

const onPostgres = env.databaseProvider === "postgres";
const buses: GenerationEventBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((bus) => bus.close()));
});

async function newGeneration() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "bus test", headline: null, backgroundCount: 1, submissionKey: null });
  return id;
}

// What travels is what the app's own selects read: a field added to a snapshot is expected here too.
const snapshotSelect = () => generationSnapshotSelect;

test("the bus is chosen from DATABASE_URL: LISTEN/NOTIFY on PostgreSQL, in-process on SQLite", () => {
  expect("connectionCount" in generationEventBus()).toBe(onPostgres);
});

describe.skipIf(!onPostgres)("LISTEN/NOTIFY between processes (PostgreSQL only; SQLite has one process and the in-process bus)", () => {
  /** A bus as another process would have it, counting the reads it makes. */
  function processBus(name: string) {
    const reads: ChangeNotice[] = [];
    const url = new URL(env.DATABASE_URL);
    // The name lets a test find (and kill) this bus's LISTEN connection.
    url.searchParams.set("application_name", name);
    const bus = createPostgresEventBus({
      connectionString: url.toString(),
      notify: async (channel, payload) => {
        await prisma.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
      },
      readEvent: (notice) => {
        reads.push(notice);
        return readGenerationEvent(notice);
      },
      readSnapshot: readGenerationStreamSnapshot,
      reconnectMinMs: 20,
      log: { warn: () => {}, error: (message, error) => console.error(message, error) },
    });
    buses.push(bus);
    return { bus, reads };
  }

  test("a change published by one process reaches every subscriber of another, read from the database once", async () => {
    const generationId = await newGeneration();
    const worker = processBus("worker");
    const web = processBus("web");
    const seen: [string, GenerationEvent][] = [];
    for (const name of ["a", "b", "c"]) web.bus.subscribe(generationId, { onEvent: (event) => seen.push([name, event]) });
    await Promise.all([web.bus.ready(), worker.bus.ready()]);

    const generation = await prisma.generation.update({
      where: { id: generationId },
      data: { status: "processing", progress: 40, currentStep: "Rendering 2 of 3" },
      select: snapshotSelect(),
    });
    // The publisher's own copy is not what travels: only ids do, the state is read on arrival.
    await worker.bus.publish({ type: "progress", generation: { ...generation, progress: 0, currentStep: "stale" } as never });
    await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 5000, interval: 10 });

    expect(seen.map(([name]) => name).sort()).toEqual(["a", "b", "c"]);
    for (const [, event] of seen) expect(event).toEqual({ type: "progress", generation: { ...generation, status: "processing" } });
    expect(web.reads).toEqual([{ k: "progress", g: generationId, v: expect.any(Number), o: expect.any(String) }]);
    // The worker has no subscriber of its own: it read nothing.
    expect(worker.reads).toEqual([]);
  });

  test("a process's own events and wakes reach its own subscribers at once, once, without a read", async () => {
    const generationId = await newGeneration();
    const worker = processBus("worker");
    const web = processBus("web");
    const local: GenerationEvent[] = [];
    const remote: GenerationEvent[] = [];
    const wakes: Wake[] = [];
    worker.bus.subscribe(generationId, { onEvent: (event) => local.push(event) });
    worker.bus.onWake((wake) => wakes.push(wake));
    web.bus.subscribe(generationId, { onEvent: (event) => remote.push(event) });
    await Promise.all([web.bus.ready(), worker.bus.ready()]);

    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: snapshotSelect() });
    const event = { type: "progress", generation: { ...generation, currentStep: "as published" } } as GenerationEvent;
    const sent = worker.bus.publish(event);
    const woken = worker.bus.wake({ kind: "kie-task", taskId: "task-1" });
    // Synchronously, before any NOTIFY could come back: the runner, the
    // gallery stream and a waiting renderer in one process never wait on
    // the database to hear each other.
    expect(local).toEqual([event]);
    expect(wakes).toEqual([{ kind: "kie-task", taskId: "task-1" }]);
    await Promise.all([sent, woken]);

    // The other process reads it back from the database.
    await vi.waitFor(() => expect(remote).toHaveLength(1), { timeout: 5000, interval: 10 });
    // A NOTIFY from the other process, sent after all of these: once this one
    // hears it, it has heard its own back too (one connection delivers in
    // order), and skipped them.
    await web.bus.wake({ kind: "generations" });
    await vi.waitFor(() => expect(wakes).toContainEqual({ kind: "generations" }), { timeout: 5000, interval: 10 });
    expect(local).toHaveLength(1);
    expect(wakes).toEqual([{ kind: "kie-task", taskId: "task-1" }, { kind: "generations" }]);
    expect(worker.reads).toEqual([]);
  });

  test("a thumbnail event carries that thumbnail; events of one generation arrive in the order published", async () => {
    const generationId = await newGeneration();
    const thumbnails = await Promise.all(
      [0, 1, 2].map((p) =>
        prisma.thumbnail.create({
          data: { generationId, promptIndex: p, backgroundIndex: 0, prompt: `prompt ${p}`, status: "success" },
          select: thumbnailSnapshotSelect,
        }),
      ),
    );
    const worker = processBus("worker");
    const web = processBus("web");
    const seen: GenerationEvent[] = [];
    web.bus.subscribe(generationId, { onEvent: (event) => seen.push(event) });
    await web.bus.ready();
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id: generationId }, select: snapshotSelect() });
    // Not awaited one by one: the bus keeps them in order by itself.
    const sends = thumbnails.map((thumbnail) => worker.bus.publish({ type: "thumbnail", generation: generation as never, thumbnail: thumbnail as never }));
    sends.push(worker.bus.publish({ type: "progress", generation: generation as never }));
    await Promise.all(sends);
    await vi.waitFor(() => expect(seen).toHaveLength(4), { timeout: 5000, interval: 10 });
    expect(seen.map((e) => (e.type === "thumbnail" ? e.thumbnail : e.type))).toEqual([...thumbnails, "progress"]);
  });

  test("nothing is read for a generation nobody in this process watches", async () => {
    const watched = await newGeneration();
    const other = await newGeneration();
    const worker = processBus("worker");
    const web = processBus("web");
    const seen: GenerationEvent[] = [];
    web.bus.subscribe(watched, { onEvent: (event) => seen.push(event) });
    await web.bus.ready();
    const snapshot = (id: string) => prisma.generation.findUniqueOrThrow({ where: { id }, select: snapshotSelect() }) as never;
    await worker.bus.publish({ type: "progress", generation: await snapshot(other) });
    await worker.bus.publish({ type: "progress", generation: await snapshot(watched) });
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 5000, interval: 10 });
    expect(web.reads.map((notice) => notice.g)).toEqual([watched]);
  });

  test("wakes reach every process: a submit, and a kie.ai callback for a task", async () => {
    const web = processBus("web");
    const workers = [processBus("worker-1"), processBus("worker-2")];
    const woken: Wake[][] = workers.map(() => []);
    workers.forEach(({ bus }, i) => bus.onWake((wake) => woken[i].push(wake)));
    await Promise.all(workers.map(({ bus }) => bus.ready()));
    await web.bus.wake({ kind: "generations" });
    await web.bus.wake({ kind: "kie-task", taskId: "task-42" });
    for (const list of woken) {
      await vi.waitFor(() => expect(list).toEqual([{ kind: "generations" }, { kind: "kie-task", taskId: "task-42" }]), { timeout: 5000, interval: 10 });
    }
  });

  test("a dropped LISTEN connection reconnects and re-reads what its subscribers may have missed", async () => {
    const generationId = await newGeneration();
    const worker = processBus("worker");
    const web = processBus(`web-${process.pid}-${Date.now()}`);
    const name = `web-${process.pid}`;
    const events: GenerationEvent[] = [];
    const resyncs: GenerationStreamSnapshot[] = [];
    const wakes: Wake[] = [];
    web.bus.subscribe(generationId, { onEvent: (event) => events.push(event), onResync: (snapshot) => resyncs.push(snapshot) });
    web.bus.onWake((wake) => wakes.push(wake));
    await web.bus.ready();

    const admin = new pg.Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND starts_with(application_name, $1)",
        [name],
      );
      expect(rowCount).toBe(1);
    } finally {
      await admin.end();
    }
    // While it is down, the generation moves on: this change's NOTIFY may reach nobody.
    await prisma.thumbnail.create({ data: { generationId, promptIndex: 0, backgroundIndex: 0, prompt: "p", status: "success" }, select: { id: true } });
    const moved = await prisma.generation.update({ where: { id: generationId }, data: { status: "processing", progress: 60 }, select: snapshotSelect() });
    await worker.bus.publish({ type: "progress", generation: moved as never });

    // The subscriber learns the change either way: from the re-read, or, when
    // the connection was back before the change, from its NOTIFY after the re-read.
    await vi.waitFor(
      () => {
        expect(resyncs.length).toBeGreaterThanOrEqual(1);
        const latest = resyncs.at(-1)!;
        const after = events.filter((event) => event.type === "progress").map((event) => (event as { generation: { progress: number } }).generation.progress);
        expect(latest.progress === 60 || after.includes(60)).toBe(true);
      },
      { timeout: 5000, interval: 10 },
    );
    if (resyncs.at(-1)!.progress === 60) {
      expect(resyncs.at(-1)).toMatchObject({ id: generationId, status: "processing", progress: 60, thumbnails: [{ promptIndex: 0, backgroundIndex: 0, status: "success" }] });
    }
    expect(wakes).toContainEqual({ kind: "reconnected" });
    expect((web.bus as unknown as { connectionCount(): number }).connectionCount()).toBe(2);

    // And it listens again.
    const later = await prisma.generation.update({ where: { id: generationId }, data: { progress: 80 }, select: snapshotSelect() });
    await worker.bus.publish({ type: "progress", generation: later as never });
    await vi.waitFor(() => expect(events.at(-1)?.generation.progress).toBe(80), { timeout: 5000, interval: 10 });
  });
});
