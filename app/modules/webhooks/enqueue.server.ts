// Putting an event in the outbox: one delivery row per enabled endpoint of
// the user that subscribed to its type, with the body fixed now. Callers pass
// the transaction that makes the change the event is about, so the two
// commit together: no event without its change, no change without its
// event, whatever stops the process afterwards. The sender
// (sender.server.ts) delivers them.
import { GenerationStatus, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { prisma, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { parseEventList, type GenerationFinishedData, type ThumbnailVersionCreatedData, type WebhookEventType, type WebhookPayload } from "./events";

type Db = Tx | typeof prisma;

/** The exact body every attempt of the deliveries signs and sends. */
export function webhookPayload(type: string, data: unknown, now: Date) {
  return JSON.stringify({ type, timestamp: now.toISOString(), data } satisfies WebhookPayload);
}

/** Links in a payload: absolute when PUBLIC_URL says where the app is, else a path on it. */
export function appUrl(path: string) {
  return env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/+$/, "")}${path}` : path;
}

export async function insertDeliveries(db: Db, endpointIds: string[], eventType: string, payload: string, now: Date) {
  if (endpointIds.length === 0) return [];
  const rows = await db.webhookDelivery.createManyAndReturn({
    data: endpointIds.map((endpointId) => ({ endpointId, eventType, payload, nextAttemptAt: now })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/**
 * Queues the event for every enabled endpoint of the user subscribed to it;
 * returns how many. `data` may be a function: it is only read when someone
 * listens, so a user without webhooks costs one indexed query.
 */
export async function enqueueWebhookEvent(
  db: Db,
  { userId, type, data, now = new Date() }: { userId: string; type: WebhookEventType; data: unknown | (() => Promise<unknown>); now?: Date },
) {
  const endpoints = await db.webhookEndpoint.findMany({ where: { userId, disabledAt: null }, select: { id: true, events: true } });
  const listening = endpoints.filter((endpoint) => parseEventList(endpoint.events).includes(type)).map((endpoint) => endpoint.id);
  if (listening.length === 0) return 0;
  const body = webhookPayload(type, typeof data === "function" ? await (data as () => Promise<unknown>)() : data, now);
  return (await insertDeliveries(db, listening, type, body, now)).length;
}

/**
 * A batch reached its terminal state: generation.completed when it made
 * thumbnails (all of them, or some: "partial" is done too, and its data says
 * how many failed), generation.failed when it made none. Call it inside the
 * transaction that writes the terminal state.
 */
export async function enqueueGenerationFinished(db: Db, { userId, generationId, now = new Date() }: { userId: string; generationId: string; now?: Date }) {
  const generation = await db.generation.findFirst({ where: { id: generationId, userId }, select: { status: true } });
  if (!generation) return 0;
  const type: WebhookEventType = generation.status === GenerationStatus.failed ? "generation.failed" : "generation.completed";
  return enqueueWebhookEvent(db, { userId, type, now, data: () => generationFinishedData(db, userId, generationId) });
}

async function generationFinishedData(db: Db, userId: string, generationId: string): Promise<GenerationFinishedData> {
  const generation = await db.generation.findFirstOrThrow({
    where: { id: generationId, userId },
    select: {
      status: true,
      keywords: true,
      errorMessage: true,
      thumbnails: { orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }], select: { id: true, status: true } },
    },
  });
  const made = generation.thumbnails.filter((t) => t.status === ThumbnailStatus.success);
  return {
    generationId,
    status: generation.status as GenerationFinishedData["status"],
    keywords: generation.keywords,
    thumbnailCount: made.length,
    failedCount: generation.thumbnails.length - made.length,
    error: generation.errorMessage,
    url: appUrl(`/gallery/${generationId}`),
    thumbnails: made.map((t) => ({ id: t.id, url: appUrl(`/resources/thumbnails/${t.id}`) })),
  };
}

/** An edit was saved as a new version of a thumbnail. Call it inside the save's transaction. */
export function enqueueThumbnailVersionCreated(
  db: Db,
  { userId, thumbnailId, generationId, version, now = new Date() }: { userId: string; thumbnailId: string; generationId: string; version: number; now?: Date },
) {
  const data: ThumbnailVersionCreatedData = {
    thumbnailId,
    generationId,
    version,
    url: appUrl(`/thumbnails/${thumbnailId}/edit`),
    imageUrl: appUrl(`/resources/thumbnails/${thumbnailId}`),
  };
  return enqueueWebhookEvent(db, { userId, type: "thumbnail.version_created", data, now });
}
