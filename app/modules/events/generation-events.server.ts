// The generation event bus of this process: in-process on SQLite (one
// process does everything), LISTEN/NOTIFY on PostgreSQL (web instances and
// workers are separate processes). Chosen from DATABASE_URL; see
// docs/decisions/016-events-across-processes.md.
import { cellOrder, generationSnapshotSelect, thumbnailSnapshotSelect } from "~/modules/generations/snapshots";
import type { GenerationEvent, GenerationSnapshot, GenerationStreamSnapshot, ThumbnailSnapshot } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { GenerationEventBus, GenerationSubscriber, Wake } from "./event-bus";
import { createInProcessEventBus } from "./in-process-bus.server";
import { createPostgresEventBus, type ChangeNotice } from "./postgres-bus.server";

export type { Wake } from "./event-bus";

/** One query per notification: the generation, and the thumbnail the event is about. */
export async function readGenerationEvent(notice: ChangeNotice): Promise<GenerationEvent | null> {
  const generation = await prisma.generation.findUnique({
    where: { id: notice.g },
    select: {
      ...generationSnapshotSelect,
      thumbnails: { where: { id: notice.t ?? "" }, select: thumbnailSnapshotSelect },
    },
  });
  if (!generation) return null;
  const { thumbnails, ...snapshot } = generation;
  if (notice.k === "progress") return { type: "progress", generation: snapshot as GenerationSnapshot };
  const thumbnail = thumbnails[0] as ThumbnailSnapshot | undefined;
  return thumbnail ? { type: "thumbnail", generation: snapshot as GenerationSnapshot, thumbnail } : null;
}

/** Not scoped by owner: only subscribers that were already allowed to watch this generation receive it. */
export async function readGenerationStreamSnapshot(generationId: string) {
  const generation = await prisma.generation.findUnique({
    where: { id: generationId },
    select: { ...generationSnapshotSelect, thumbnails: { orderBy: cellOrder, select: thumbnailSnapshotSelect } },
  });
  return generation as GenerationStreamSnapshot | null;
}

export function createGenerationEventBus(): GenerationEventBus {
  if (env.databaseProvider !== "postgres") return createInProcessEventBus();
  return createPostgresEventBus({
    connectionString: env.DATABASE_URL,
    notify: async (channel, payload) => {
      await prisma.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
    },
    readEvent: readGenerationEvent,
    readSnapshot: readGenerationStreamSnapshot,
  });
}

// One bus per process, kept across dev rebuilds like the Prisma client, and
// reachable by the test setup, which closes it before dropping the database.
const globalForBus = globalThis as unknown as { thumbsmithEventBus?: GenerationEventBus };

export function generationEventBus() {
  return (globalForBus.thumbsmithEventBus ??= createGenerationEventBus());
}

export function publishGenerationEvent(event: GenerationEvent) {
  return generationEventBus().publish(event);
}

/** Calls listener for every event of the generation until the returned function is called. */
export function subscribeToGeneration(
  generationId: string,
  listener: (event: GenerationEvent) => void,
  { onResync }: Pick<GenerationSubscriber, "onResync"> = {},
) {
  return generationEventBus().subscribe(generationId, { onEvent: listener, onResync });
}

export function generationListenerCount(generationId: string) {
  return generationEventBus().listenerCount(generationId);
}

export function sendWake(wake: Wake) {
  return generationEventBus().wake(wake);
}

export function onWake(listener: (wake: Wake) => void) {
  return generationEventBus().onWake(listener);
}

/** Ends this process's LISTEN connection (at shutdown); the next use opens a new bus. */
export async function closeGenerationEventBus() {
  const bus = globalForBus.thumbsmithEventBus;
  globalForBus.thumbsmithEventBus = undefined;
  await bus?.close();
}
