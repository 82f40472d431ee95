// A user's webhook endpoints: register, list, look at one with its delivery
// log, re-enable, delete, send a test event. Every query is scoped by the
// owner: another user's endpoint id is simply not found (null). The Webhooks
// pages and the REST API call these same functions.
import net from "node:net";
import { isPublicAddress } from "~/modules/net/public-address.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { parseEventList, WEBHOOK_TEST_EVENT, type WebhookEventType } from "./events";
import { generateWebhookSecret } from "./signing.server";
import { MAX_WEBHOOK_ENDPOINTS, WebhookEndpointFormSchema, type WebhookEndpointInput } from "./validation";
import { insertDeliveries, webhookPayload } from "./enqueue.server";
import { webhookSecrets } from "./secrets.server";

/** Something the user can fix, in words for the form; `field` names the input it is about. */
export class WebhookEndpointError extends Error {
  constructor(
    message: string,
    readonly field?: "url" | "events",
  ) {
    super(message);
  }
}

const deliverySelect = {
  id: true,
  eventType: true,
  status: true,
  attempts: true,
  nextAttemptAt: true,
  lastStatus: true,
  lastError: true,
  lastAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
} as const;

// A fresh mutable array: Prisma's types refuse a readonly one.
function newestFirst() {
  return [{ createdAt: "desc" as const }, { id: "desc" as const }];
}

const endpointSelect = {
  id: true,
  url: true,
  events: true,
  failureCount: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  // The newest delivery: the list's "last delivery" column.
  deliveries: { orderBy: newestFirst(), take: 1, select: deliverySelect },
} as const;

type EndpointRow = { id: string; url: string; events: string; failureCount: number; disabledAt: Date | null; disabledReason: string | null; createdAt: Date };
type DeliveryRow = { id: string; eventType: string; status: string; attempts: number; nextAttemptAt: Date; lastStatus: number | null; lastError: string | null; lastAttemptAt: Date | null; deliveredAt: Date | null; createdAt: Date };

export type WebhookDeliverySummary = ReturnType<typeof deliverySummary>;
export type WebhookEndpointSummary = ReturnType<typeof endpointSummary>;

function deliverySummary(row: DeliveryRow) {
  const { nextAttemptAt, ...rest } = row;
  // Only a delivery still being tried has a next attempt.
  return { ...rest, status: rest.status as "pending" | "delivered" | "failed", nextAttemptAt: row.status === "pending" ? nextAttemptAt : null };
}

function endpointSummary(row: EndpointRow & { deliveries: DeliveryRow[] }) {
  const { deliveries, events, ...rest } = row;
  return {
    ...rest,
    events: parseEventList(events),
    state: row.disabledAt ? ("disabled" as const) : ("active" as const),
    lastDelivery: deliveries[0] ? deliverySummary(deliveries[0]) : null,
  };
}

/** Why a URL's host can never be sent to, or null; names are checked again at every delivery, as they resolve then. */
function privateHostProblem(url: URL) {
  if (env.WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  const local = host === "localhost" || host.endsWith(".localhost") || (net.isIP(host) !== 0 && !isPublicAddress(host));
  return local ? "That address is this server or a private network: webhooks are sent to public addresses only." : null;
}

function parseInput(input: WebhookEndpointInput) {
  const parsed = WebhookEndpointFormSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookEndpointError(issue.message, issue.path[0] === "events" ? "events" : "url");
  }
  const problem = privateHostProblem(new URL(parsed.data.url));
  if (problem) throw new WebhookEndpointError(problem, "url");
  return parsed.data;
}

/**
 * Registers a URL for the given events. The secret is returned here and
 * never again: only its sealed form is kept.
 */
export async function createWebhookEndpoint(userId: string, input: { url: string; events: string[] }) {
  const { url, events } = parseInput(input as WebhookEndpointInput);
  const secret = generateWebhookSecret();
  const row = await prisma.$transaction(async (tx) => {
    const count = await tx.webhookEndpoint.count({ where: { userId } });
    if (count >= MAX_WEBHOOK_ENDPOINTS) {
      throw new WebhookEndpointError(`You have ${MAX_WEBHOOK_ENDPOINTS} endpoints, the most an account may have: delete one first.`, "url");
    }
    return tx.webhookEndpoint.create({
      data: { userId, url, events: events.join(" "), secretSealed: webhookSecrets.seal(secret) },
      select: endpointSelect,
    });
  });
  return { endpoint: endpointSummary(row), secret };
}

/** Changes an endpoint's URL or events (its secret and log stay). Null when not the user's. */
export async function updateWebhookEndpoint(userId: string, endpointId: string, input: { url?: string; events?: string[] }) {
  const current = await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { url: true, events: true } });
  if (!current) return null;
  const { url, events } = parseInput({ url: input.url ?? current.url, events: (input.events ?? parseEventList(current.events)) as WebhookEndpointInput["events"] });
  const { count } = await prisma.webhookEndpoint.updateMany({ where: { id: endpointId, userId }, data: { url, events: events.join(" ") } });
  return count === 0 ? null : getWebhookEndpoint(userId, endpointId, { deliveries: 0 });
}

/** The user's endpoints, oldest first, each with its newest delivery. */
export async function listWebhookEndpoints(userId: string) {
  const rows = await prisma.webhookEndpoint.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: endpointSelect });
  return rows.map(endpointSummary);
}

/** One endpoint and its newest deliveries (the log), or null when not the user's. */
export async function getWebhookEndpoint(userId: string, endpointId: string, { deliveries = 50 } = {}) {
  const row = await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: endpointSelect });
  if (!row) return null;
  const log = deliveries > 0
    ? await prisma.webhookDelivery.findMany({
        where: { endpointId },
        orderBy: newestFirst(),
        take: deliveries,
        select: deliverySelect,
      })
    : [];
  return { ...endpointSummary(row), deliveries: log.map(deliverySummary) };
}

/** Deletes the endpoint and its log; false when not the user's. Deliveries in flight finish, their result is dropped. */
export async function deleteWebhookEndpoint(userId: string, endpointId: string) {
  const { count } = await prisma.webhookEndpoint.deleteMany({ where: { id: endpointId, userId } });
  return count > 0;
}

/**
 * Turns an endpoint that disabled itself back on, with a clean slate of
 * failures. Events from while it was off are not sent: they were marked
 * failed when it was disabled. False when not the user's.
 */
export async function enableWebhookEndpoint(userId: string, endpointId: string) {
  const { count } = await prisma.webhookEndpoint.updateMany({
    where: { id: endpointId, userId },
    data: { disabledAt: null, disabledReason: null, failureCount: 0 },
  });
  return count > 0;
}

/**
 * Queues a webhook.test event to this one endpoint, whatever it subscribed
 * to, signed and retried like any other. Null when not the user's.
 */
export async function sendTestEvent(userId: string, endpointId: string, now = new Date()) {
  const endpoint = await prisma.webhookEndpoint.findFirst({ where: { id: endpointId, userId }, select: { id: true, disabledAt: true } });
  if (!endpoint) return null;
  if (endpoint.disabledAt) throw new WebhookEndpointError("This endpoint is disabled: enable it before sending a test event.");
  const payload = webhookPayload(WEBHOOK_TEST_EVENT, { endpointId, message: "A test event from Thumbsmith." }, now);
  const [deliveryId] = await insertDeliveries(prisma, [endpoint.id], WEBHOOK_TEST_EVENT, payload, now);
  return { deliveryId };
}

export type { WebhookEventType };
