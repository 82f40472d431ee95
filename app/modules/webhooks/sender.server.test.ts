// The sender against a real receiver on loopback. A made-up host name
// (receiver.test) resolves to 127.0.0.1, which these tests' policy lets
// stand for a public address, like net/public-download's tests; with the
// default policy the same address is refused, as any private one is.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { createWebhookEndpoint, getWebhookEndpoint } from "./endpoints.server";
import { enqueueWebhookEvent } from "./enqueue.server";
import { deliverDueWebhooks, startWebhookSender, type SenderOptions } from "./sender.server";
import { verifyWebhook } from "./signing.server";

type Received = { headers: http.IncomingHttpHeaders; body: string; at: number };

let answers: number[] = [];
let received: Received[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = answers.shift() ?? 200;
      res.writeHead(status, status >= 300 && status < 400 ? { Location: "https://elsewhere.example/" } : {}).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

afterEach(async () => {
  answers = [];
  received = [];
  // Each test starts with an empty outbox: a pass sends every due row, whoever's.
  await prisma.webhookDelivery.deleteMany({});
});

const resolve = async () => [{ address: "127.0.0.1", family: 4 }];
const loopbackIsPublic = { resolve, isAllowedAddress: (address: string) => address === "127.0.0.1" };

/** A clock the test moves; the sender reads it for claims, attempts and the schedule. */
function clock(start = Date.now() + 1000) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

async function endpointFor(events = ["generation.completed"]) {
  const user = await createTestUser();
  const { endpoint, secret } = await createWebhookEndpoint(user.id, { url: `http://receiver.test:${port}/hooks?from=thumbsmith`, events });
  return { userId: user.id, endpointId: endpoint.id, secret };
}

async function enqueue(userId: string, data: unknown = { generationId: "g1" }) {
  return enqueueWebhookEvent(prisma, { userId, type: "generation.completed", data });
}

const deliveriesOf = (endpointId: string) =>
  prisma.webhookDelivery.findMany({
    where: { endpointId },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, attempts: true, lastStatus: true, lastError: true, nextAttemptAt: true, payload: true },
  });

describe("delivering", () => {
  test("a 500 is retried on the schedule, with the same webhook-id and body and a valid signature each time, until a 2xx", async () => {
    const { userId, endpointId, secret } = await endpointFor();
    expect(await enqueue(userId)).toBe(1);
    const time = clock();
    const options: SenderOptions = { ...loopbackIsPublic, now: time.now, random: () => 0, concurrency: 1 };
    answers = [500, 500, 200];

    expect(await deliverDueWebhooks(options)).toBe(1);
    let [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500, lastError: "HTTP 500" });
    // The first wait is 5 s: nothing is due a second later.
    expect(delivery.nextAttemptAt.getTime()).toBe(time.now().getTime() + 5000);
    time.advance(1000);
    expect(await deliverDueWebhooks(options)).toBe(0);

    time.advance(4000);
    expect(await deliverDueWebhooks(options)).toBe(1);
    [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 2, lastStatus: 500 });
    // The second wait is 5 minutes.
    expect(delivery.nextAttemptAt.getTime()).toBe(time.now().getTime() + 5 * 60_000);

    time.advance(5 * 60_000);
    expect(await deliverDueWebhooks(options)).toBe(1);
    [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200, lastError: null });

    expect(received).toHaveLength(3);
    for (const request of received) {
      expect(request.headers["webhook-id"]).toBe(delivery.id);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toMatch(/^Thumbsmith-Webhooks\//);
      expect(request.body).toBe(delivery.payload);
      const headers = request.headers as Record<string, string>;
      const sentAt = new Date(Number(headers["webhook-timestamp"]) * 1000);
      expect(verifyWebhook(secret, headers, request.body, { now: sentAt })).toBe(true);
    }
    // Each attempt is signed at its own time.
    expect(new Set(received.map((r) => r.headers["webhook-timestamp"])).size).toBe(3);
    expect(JSON.parse(delivery.payload)).toMatchObject({ type: "generation.completed", data: { generationId: "g1" } });
  });

  test("after the last attempt the delivery gives up as failed and is not tried again", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId);
    const time = clock();
    const options: SenderOptions = { ...loopbackIsPublic, now: time.now, random: () => 0, retryDelaysMs: [1000, 1000], disableAfterGivenUp: 5 };
    answers = [503, 503, 503, 200];
    for (let i = 0; i < 3; i++) {
      await deliverDueWebhooks(options);
      time.advance(1000);
    }
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "failed", attempts: 3, lastStatus: 503 });
    time.advance(24 * 3600_000);
    expect(await deliverDueWebhooks(options)).toBe(0);
    expect(received).toHaveLength(3);
    expect((await getWebhookEndpoint(userId, endpointId))?.failureCount).toBe(1);
  });

  test("a redirect is not followed: it counts as a failure that says why", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId);
    answers = [302];
    await deliverDueWebhooks({ ...loopbackIsPublic, random: () => 0 });
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "pending", lastStatus: 302 });
    expect(delivery.lastError).toMatch(/^HTTP 302 \(a redirect to https:\/\/elsewhere\.example\/: redirects are not followed/);
    expect(received).toHaveLength(1);
  });

  test("a restart loses nothing: a fresh sender delivers what the table holds, and one whose claim ran out is taken over", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId, { n: 1 });
    await enqueue(userId, { n: 2 });
    // A sender that died mid-attempt: its claim on the first delivery lapses.
    const [first] = await deliveriesOf(endpointId);
    await prisma.webhookDelivery.update({ where: { id: first.id }, data: { leaseUntil: new Date(Date.now() + 60_000) } });

    // The new process's sender, started as the server starts it.
    const time = clock(Date.now() + 61_000);
    const sender = startWebhookSender({ ...loopbackIsPublic, now: time.now, intervalMs: 20 });
    try {
      await expect.poll(async () => (await deliveriesOf(endpointId)).map((d) => d.status), { timeout: 5000 }).toEqual(["delivered", "delivered"]);
    } finally {
      await sender.stop();
    }
    expect(received.map((r) => JSON.parse(r.body).data.n).sort()).toEqual([1, 2]);
  });

  test("a delivery another sender holds is left alone until its claim runs out", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId);
    const [delivery] = await deliveriesOf(endpointId);
    await prisma.webhookDelivery.update({ where: { id: delivery.id }, data: { leaseUntil: new Date(Date.now() + 60_000) } });
    expect(await deliverDueWebhooks({ ...loopbackIsPublic })).toBe(0);
    expect(received).toHaveLength(0);
  });

  test("two senders at once send each delivery once", async () => {
    const { userId, endpointId } = await endpointFor();
    for (let n = 0; n < 6; n++) await enqueue(userId, { n });
    const counts = await Promise.all([deliverDueWebhooks({ ...loopbackIsPublic }), deliverDueWebhooks({ ...loopbackIsPublic })]);
    expect(counts[0] + counts[1]).toBe(6);
    expect(received).toHaveLength(6);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(6);
    expect((await deliveriesOf(endpointId)).every((d) => d.status === "delivered")).toBe(true);
  });
});

describe("where a webhook may go", () => {
  test("with the default policy, a name that resolves to a private address gets nothing sent, and the log says why", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId);
    await deliverDueWebhooks({ resolve, random: () => 0 });
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatus: null });
    expect(delivery.lastError).toBe("receiver.test resolves to 127.0.0.1, which is not a public address");
    expect(received).toHaveLength(0);
  });

  test("an endpoint row naming a private address directly (say, written before a rule changed) is refused at send time too", async () => {
    const { userId, endpointId } = await endpointFor();
    await prisma.webhookEndpoint.update({ where: { id: endpointId }, data: { url: `http://127.0.0.1:${port}/hooks` } });
    await enqueue(userId);
    await deliverDueWebhooks({ random: () => 0 });
    const [delivery] = await deliveriesOf(endpointId);
    expect(delivery.lastError).toBe("127.0.0.1 is not a public address");
    expect(received).toHaveLength(0);
  });
});

describe("an endpoint that keeps failing", () => {
  test("disables itself after the set number of deliveries in a row gave up, says why, and gets no more attempts", async () => {
    const { userId, endpointId } = await endpointFor();
    const time = clock();
    const options: SenderOptions = { ...loopbackIsPublic, now: time.now, random: () => 0, retryDelaysMs: [], disableAfterGivenUp: 2 };
    answers = [500, 500];
    await enqueue(userId, { n: 1 });
    await deliverDueWebhooks(options);
    expect(await getWebhookEndpoint(userId, endpointId)).toMatchObject({ state: "active", failureCount: 1 });

    // One more queued before the second gives up: it is ended with the endpoint, not sent.
    await enqueue(userId, { n: 2 });
    await enqueue(userId, { n: 3 });
    await deliverDueWebhooks({ ...options, concurrency: 1 });
    const endpoint = await getWebhookEndpoint(userId, endpointId);
    expect(endpoint).toMatchObject({ state: "disabled", failureCount: 2 });
    expect(endpoint?.disabledReason).toMatch(/^Disabled .* UTC: 2 events in a row could not be delivered after a day of retries each \(last: HTTP 500\)\.$/);
    expect(received).toHaveLength(2);
    const statuses = (await deliveriesOf(endpointId)).map((d) => [d.status, d.lastError]);
    expect(statuses).toEqual([
      ["failed", "HTTP 500"],
      ["failed", "HTTP 500"],
      ["failed", "Not sent: the endpoint was disabled."],
    ]);

    // Disabled: new events are not queued, and nothing is attempted.
    expect(await enqueue(userId)).toBe(0);
    time.advance(24 * 3600_000);
    expect(await deliverDueWebhooks(options)).toBe(0);
    expect(received).toHaveLength(2);
  });

  test("a delivery that slipped in as its endpoint was disabled is not sent while it stays disabled", async () => {
    const { userId, endpointId } = await endpointFor();
    await enqueue(userId);
    await prisma.webhookEndpoint.update({ where: { id: endpointId }, data: { disabledAt: new Date(), disabledReason: "Disabled: test" } });
    expect(await deliverDueWebhooks({ ...loopbackIsPublic })).toBe(0);
    expect(received).toHaveLength(0);
    expect((await deliveriesOf(endpointId)).map((d) => d.status)).toEqual(["pending"]);
  });

  test("a success in between starts the count again", async () => {
    const { userId, endpointId } = await endpointFor();
    const options: SenderOptions = { ...loopbackIsPublic, retryDelaysMs: [], disableAfterGivenUp: 2, concurrency: 1 };
    answers = [500, 200, 500];
    for (let n = 0; n < 3; n++) {
      await enqueue(userId, { n });
      await deliverDueWebhooks(options);
    }
    expect(await getWebhookEndpoint(userId, endpointId)).toMatchObject({ state: "active", failureCount: 1 });
  });

  test("410 Gone disables it at once", async () => {
    const { userId, endpointId } = await endpointFor();
    answers = [410];
    await enqueue(userId);
    await deliverDueWebhooks({ ...loopbackIsPublic });
    const endpoint = await getWebhookEndpoint(userId, endpointId);
    expect(endpoint?.state).toBe("disabled");
    expect(endpoint?.disabledReason).toMatch(/410 Gone/);
    expect(endpoint?.lastDelivery).toMatchObject({ status: "failed", lastStatus: 410, nextAttemptAt: null });
  });
});
