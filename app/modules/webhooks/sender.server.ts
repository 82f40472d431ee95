// Delivering the outbox (webhook_deliveries). Every process that runs the
// generation runner runs a sender; each claims due deliveries with a lease,
// so two processes never send one at once, and a process that dies mid-send
// leaves a lease that runs out and another sender tries again. Everything is
// in the table, so a restart resumes where the last process stopped.
// The schedule, the give-up and the disable rule are in
// docs/decisions/194-webhooks.md.
import crypto from "node:crypto";
import { isPublicAddress } from "~/modules/net/public-address.server";
import type { ResolvedAddress } from "~/modules/net/public-download.server";
import { claimOldest } from "~/utils/claim.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { startPeriodicJob, type Job } from "~/utils/periodic-job.server";
import { webhookSecrets } from "./secrets.server";
import { postWebhook, type AttemptOutcome } from "./post-webhook.server";
import { webhookHeaders } from "./signing.server";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * Waits after each failed attempt (Standard Webhooks' example schedule, cut
 * at a day): attempts at 0, 5 s, 5 min 5 s, 35 min, 2 h 35, 7 h 35, 17 h 35
 * and 27 h 35, then the delivery gives up.
 */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
/** Deliveries that gave up in a row (each after a day of retries) before the endpoint disables itself. */
export const DISABLE_AFTER_GIVEN_UP = 3;
/** Delivered and failed rows are kept this long for the log, then removed. */
export const KEEP_DELIVERIES_MS = 30 * 24 * HOUR;

export type SenderOptions = {
  now?: () => Date;
  /** How long a claim lasts: longer than an attempt can take. */
  leaseMs?: number;
  timeoutMs?: number;
  retryDelaysMs?: number[];
  disableAfterGivenUp?: number;
  /** 0..1; each wait is lengthened by up to a tenth of itself so retries do not arrive in step. */
  random?: () => number;
  isAllowedAddress?: (address: string) => boolean;
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Attempts in flight at once. */
  concurrency?: number;
};

type Settings = Required<Omit<SenderOptions, "resolve">> & Pick<SenderOptions, "resolve">;

function settingsOf(options: SenderOptions): Settings {
  return {
    now: () => new Date(),
    leaseMs: 60 * SECOND,
    timeoutMs: 15 * SECOND,
    retryDelaysMs: RETRY_DELAYS_MS,
    disableAfterGivenUp: DISABLE_AFTER_GIVEN_UP,
    random: Math.random,
    isAllowedAddress: env.WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS ? () => true : isPublicAddress,
    concurrency: 4,
    ...options,
  };
}

const PENDING = "pending";

function claimable(now: Date) {
  return {
    status: PENDING,
    nextAttemptAt: { lte: now },
    OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
    endpoint: { disabledAt: null },
  };
}

type Claim = { id: string; leaseUntil: Date };

/**
 * Claims the delivery due longest, exclusively: on SQLite by a conditional
 * update (claimOldest), on PostgreSQL by locking the row and skipping rows
 * other senders hold, like the generation queue.
 */
export async function claimDueDelivery(now: Date, leaseMs: number): Promise<Claim | null> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  if (env.databaseProvider === "postgres") {
    return prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ id: string }[]>`
        SELECT d.id FROM webhook_deliveries d
        JOIN webhook_endpoints e ON e.id = d.endpoint_id
        WHERE d.status = ${PENDING}
          AND d.next_attempt_at <= ${now}
          AND (d.lease_until IS NULL OR d.lease_until < ${now})
          AND e.disabled_at IS NULL
        ORDER BY d.next_attempt_at, d.id
        LIMIT 1
        FOR UPDATE OF d SKIP LOCKED`;
      if (!row) return null;
      await tx.webhookDelivery.update({ where: { id: row.id }, data: { leaseUntil }, select: { id: true } });
      return { id: row.id, leaseUntil };
    });
  }
  return claimOldest({
    find: () =>
      prisma.webhookDelivery.findFirst({ where: claimable(now), orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }], select: { id: true } }),
    take: async (candidate) => {
      const { count } = await prisma.webhookDelivery.updateMany({ where: { id: candidate.id, ...claimable(now) }, data: { leaseUntil } });
      return count === 1;
    },
  }).then((claimed) => claimed && { id: claimed.id, leaseUntil });
}

/** Sends one claimed delivery and writes down what came of it. */
async function attempt(claim: Claim, settings: Settings) {
  const delivery = await prisma.webhookDelivery.findUnique({
    where: { id: claim.id },
    select: { payload: true, attempts: true, endpoint: { select: { id: true, url: true, secretSealed: true } } },
  });
  if (!delivery) return;
  const startedAt = settings.now();
  let outcome: AttemptOutcome;
  let secret: string | null = null;
  try {
    secret = webhookSecrets.open(delivery.endpoint.secretSealed);
  } catch (error) {
    outcome = { delivered: false, status: null, error: `the signing secret could not be read: ${(error as Error).message}` };
  }
  if (secret !== null) {
    outcome = await postWebhook(delivery.endpoint.url, webhookHeaders(secret, claim.id, delivery.payload, startedAt), delivery.payload, settings);
  }
  await record(claim, delivery.endpoint.id, delivery.attempts + 1, outcome!, settings);
}

function disabledReason(givenUp: number, outcome: AttemptOutcome, at: Date) {
  const when = at.toISOString().slice(0, 16).replace("T", " ");
  if (outcome.status === 410) return `Disabled ${when} UTC: the endpoint answered 410 Gone, which asks for no more events.`;
  return `Disabled ${when} UTC: ${givenUp} events in a row could not be delivered after a day of retries each (last: ${outcome.error ?? "no answer"}).`;
}

const DISABLED_NOT_SENT = "Not sent: the endpoint was disabled.";

/**
 * The attempt's result, written only while this sender still holds the
 * claim (a sender that outlived its lease writes nothing). A failure is
 * retried on the schedule; the last one gives up, and enough give-ups in a
 * row (or a 410 Gone) disable the endpoint and end its other deliveries.
 */
async function record(claim: Claim, endpointId: string, attempts: number, outcome: AttemptOutcome, settings: Settings) {
  const now = settings.now();
  const held = { id: claim.id, status: PENDING, leaseUntil: claim.leaseUntil };
  const last = { attempts, lastAttemptAt: now, lastStatus: outcome.status, lastError: outcome.error, leaseUntil: null };
  if (outcome.delivered) {
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.webhookDelivery.updateMany({ where: held, data: { ...last, status: "delivered", deliveredAt: now } });
      if (count === 1) await tx.webhookEndpoint.updateMany({ where: { id: endpointId }, data: { failureCount: 0 } });
    });
    return;
  }
  const gone = outcome.status === 410;
  const delay = settings.retryDelaysMs[attempts - 1];
  if (!gone && delay !== undefined) {
    const wait = Math.round(delay * (1 + 0.1 * settings.random()));
    await prisma.webhookDelivery.updateMany({ where: held, data: { ...last, nextAttemptAt: new Date(now.getTime() + wait) } });
    return;
  }
  const disabled = await prisma.$transaction(async (tx) => {
    const { count } = await tx.webhookDelivery.updateMany({ where: held, data: { ...last, status: "failed" } });
    if (count === 0) return null;
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: endpointId },
      data: { failureCount: { increment: 1 } },
      select: { failureCount: true, disabledAt: true, userId: true },
    });
    if (endpoint.disabledAt || (!gone && endpoint.failureCount < settings.disableAfterGivenUp)) return null;
    const reason = disabledReason(endpoint.failureCount, outcome, now);
    await tx.webhookEndpoint.update({ where: { id: endpointId }, data: { disabledAt: now, disabledReason: reason }, select: { id: true } });
    // Its other events are not sent later: they would arrive out of date after a re-enable.
    await tx.webhookDelivery.updateMany({
      where: { endpointId, status: PENDING },
      data: { status: "failed", lastError: DISABLED_NOT_SENT, leaseUntil: null },
    });
    return { userId: endpoint.userId, reason };
  }).catch((error) => {
    // The endpoint was deleted meanwhile: nothing left to write.
    if ((error as { code?: string }).code === "P2025") return null;
    throw error;
  });
  if (disabled) logger.warn({ endpointId, userId: disabled.userId }, `webhook endpoint disabled itself: ${disabled.reason}`);
}

/**
 * One pass: claims and sends due deliveries until none is left or shouldStop
 * says so; returns how many attempts were made. What the periodic job runs,
 * and what the tests call.
 */
export async function deliverDueWebhooks(options: SenderOptions = {}, shouldStop: () => boolean = () => false) {
  const settings = settingsOf(options);
  let attempts = 0;
  const worker = async () => {
    while (!shouldStop()) {
      const claim = await claimDueDelivery(settings.now(), settings.leaseMs);
      if (!claim) return;
      attempts++;
      await attempt(claim, settings);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return attempts;
}

/** Removes delivered and failed rows older than KEEP_DELIVERIES_MS; pending ones stay whatever their age. */
export async function pruneWebhookDeliveries(now = new Date()) {
  const { count } = await prisma.webhookDelivery.deleteMany({
    where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: new Date(now.getTime() - KEEP_DELIVERIES_MS) } },
  });
  return count;
}

/**
 * The sender of this process: a pass every intervalMs (events are written by
 * other processes too, so it polls rather than waits to be told), and a
 * prune of old rows once an hour. stop() lets the attempts in flight finish.
 */
export function startWebhookSender({ intervalMs = SECOND, ...options }: SenderOptions & { intervalMs?: number } = {}): Job {
  if (env.WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS) {
    logger.warn("WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS is set: webhooks may be sent to private addresses. It is for tests only.");
  }
  let prunedAt = 0;
  const id = crypto.randomBytes(3).toString("hex");
  return startPeriodicJob({
    intervalMs,
    onError: (error) => logger.error({ err: error, sender: id }, "webhook sender failed"),
    run: async (shouldStop) => {
      await deliverDueWebhooks(options, shouldStop);
      if (Date.now() - prunedAt > HOUR) {
        prunedAt = Date.now();
        await pruneWebhookDeliveries();
      }
    },
  });
}
