// Endpoints as their owner and as someone else, and the events the app's
// own changes queue: a batch that ends (completed, partial, failed), a saved
// thumbnail version. What the sender does with them is sender.server.test.ts.
import { describe, expect, test } from "vitest";
import { editsFromSpec } from "~/modules/thumbnails/edits";
import { saveThumbnailVersion } from "~/modules/thumbnails/versions.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { finishGeneration } from "~/modules/generations/finish-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import { parseStoredRecipe } from "~/modules/design/recipe";
import { prisma } from "~/utils/db.server";
import { createFinishedGeneration, createTestPortrait, createTestUser } from "#tests/utils";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  sendTestEvent,
  updateWebhookEndpoint,
  WebhookEndpointError,
} from "./endpoints.server";
import { webhookSecrets } from "./secrets.server";
import { MAX_WEBHOOK_ENDPOINTS } from "./validation";

const URL_OK = "https://hooks.example.com/thumbsmith";
const ALL = ["generation.completed", "generation.failed", "thumbnail.version_created"];

async function payloadsOf(endpointId: string) {
  const rows = await prisma.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: "asc" }, select: { eventType: true, payload: true, status: true } });
  return rows.map((row) => ({ ...row, body: JSON.parse(row.payload) }));
}

describe("endpoints", () => {
  test("the secret is returned once, kept only sealed, and the endpoint listed with its events", async () => {
    const user = await createTestUser();
    const { endpoint, secret } = await createWebhookEndpoint(user.id, { url: ` ${URL_OK} `, events: ["generation.completed", "generation.completed"] });
    expect(secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ url: URL_OK, events: ["generation.completed"], state: "active", lastDelivery: null });
    expect(JSON.stringify(endpoint)).not.toContain(secret);
    const row = await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { secretSealed: true } });
    expect(row.secretSealed).not.toContain(secret.slice(6));
    expect(webhookSecrets.open(row.secretSealed)).toBe(secret);
    expect(await listWebhookEndpoints(user.id)).toEqual([endpoint]);
  });

  test("URLs: http(s) only, no credentials, no private or local address; events from the list; clear messages", async () => {
    const user = await createTestUser();
    const refused = async (url: string, events = ["generation.completed"]) => {
      const error = await createWebhookEndpoint(user.id, { url, events }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(WebhookEndpointError);
      return [(error as WebhookEndpointError).field, (error as Error).message];
    };
    expect(await refused("not a url")).toEqual(["url", expect.stringMatching(/^That is not a URL/)]);
    expect(await refused("ftp://example.com/x")).toEqual(["url", "The URL must start with https:// (or http://), not ftp://."]);
    expect(await refused("https://user:pass@example.com/")).toEqual(["url", expect.stringMatching(/user name and password/)]);
    for (const url of ["http://localhost:3000/", "http://127.0.0.1/", "http://10.0.0.5/", "http://[::1]/", "http://169.254.169.254/latest", "http://app.localhost/"]) {
      expect(await refused(url)).toEqual(["url", "That address is this server or a private network: webhooks are sent to public addresses only."]);
    }
    expect(await refused(URL_OK, [])).toEqual(["events", "Pick at least one event."]);
    expect(await refused(URL_OK, ["user.deleted"])).toEqual(["events", "That is not an event Thumbsmith sends."]);
    expect(await listWebhookEndpoints(user.id)).toEqual([]);
  });

  test(`at most ${MAX_WEBHOOK_ENDPOINTS} per account`, async () => {
    const user = await createTestUser();
    for (let i = 0; i < MAX_WEBHOOK_ENDPOINTS; i++) await createWebhookEndpoint(user.id, { url: `${URL_OK}/${i}`, events: ALL });
    await expect(createWebhookEndpoint(user.id, { url: URL_OK, events: ALL })).rejects.toThrow(/the most an account may have/);
  });

  test("another user's endpoint is not found by any function, and is left as it was", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const { endpoint } = await createWebhookEndpoint(owner.id, { url: URL_OK, events: ALL });
    await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: new Date(), disabledReason: "test", failureCount: 3 } });
    expect(await listWebhookEndpoints(stranger.id)).toEqual([]);
    expect(await getWebhookEndpoint(stranger.id, endpoint.id)).toBeNull();
    expect(await updateWebhookEndpoint(stranger.id, endpoint.id, { url: "https://evil.example.com/" })).toBeNull();
    expect(await enableWebhookEndpoint(stranger.id, endpoint.id)).toBe(false);
    expect(await sendTestEvent(stranger.id, endpoint.id)).toBeNull();
    expect(await deleteWebhookEndpoint(stranger.id, endpoint.id)).toBe(false);
    expect(await getWebhookEndpoint(owner.id, endpoint.id)).toMatchObject({ url: URL_OK, state: "disabled", failureCount: 3, deliveries: [] });
  });

  test("re-enabling clears the reason and the count; a test event is queued to that endpoint alone; delete removes its log", async () => {
    const user = await createTestUser();
    const { endpoint } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ["generation.failed"] });
    await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { disabledAt: new Date(), disabledReason: "Disabled: test", failureCount: 3 } });
    await expect(sendTestEvent(user.id, endpoint.id)).rejects.toThrow(/enable it/);
    expect(await enableWebhookEndpoint(user.id, endpoint.id)).toBe(true);
    expect(await getWebhookEndpoint(user.id, endpoint.id)).toMatchObject({ state: "active", disabledReason: null, failureCount: 0 });

    const sent = await sendTestEvent(user.id, endpoint.id);
    const [delivery] = await payloadsOf(endpoint.id);
    expect(delivery).toMatchObject({ eventType: "webhook.test", status: "pending", body: { type: "webhook.test", data: { endpointId: endpoint.id } } });
    expect((await getWebhookEndpoint(user.id, endpoint.id))?.deliveries.map((d) => d.id)).toEqual([sent?.deliveryId]);

    expect(await updateWebhookEndpoint(user.id, endpoint.id, { events: ALL })).toMatchObject({ events: ALL, url: URL_OK });
    expect(await deleteWebhookEndpoint(user.id, endpoint.id)).toBe(true);
    expect(await prisma.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });
});

describe("the events the app queues", () => {
  test("a finished batch queues generation.completed with its thumbnails, to subscribed, enabled endpoints only", async () => {
    const user = await createTestUser();
    const { endpoint: listening } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ["generation.completed"] });
    const { endpoint: other } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ["generation.failed", "thumbnail.version_created"] });
    const { endpoint: disabled } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ALL });
    await prisma.webhookEndpoint.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });

    const { generationId, status } = await createFinishedGeneration(user.id, { keywords: "budget gaming PC", backgroundCount: 1 });
    expect(status).toBe("completed");
    const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, orderBy: [{ promptIndex: "asc" }], select: { id: true } });
    const [delivery] = await payloadsOf(listening.id);
    expect(delivery.body).toEqual({
      type: "generation.completed",
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      data: {
        generationId,
        status: "completed",
        keywords: "budget gaming PC",
        thumbnailCount: thumbnails.length,
        failedCount: 0,
        error: null,
        url: `/gallery/${generationId}`,
        thumbnails: thumbnails.map((t) => ({ id: t.id, url: `/resources/thumbnails/${t.id}` })),
      },
    });
    expect(await payloadsOf(other.id)).toEqual([]);
    expect(await payloadsOf(disabled.id)).toEqual([]);
  });

  test("a batch that made nothing queues generation.failed; one that made some queues generation.completed with status partial", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const { endpoint } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ALL });
    const endBatch = async (cells: string[]) => {
      await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
      const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "a failing batch", headline: null, backgroundCount: 1, submissionKey: null });
      expect((await claimNextGeneration("webhook-test", 30_000))?.id).toBe(id);
      await prisma.thumbnail.deleteMany({ where: { generationId: id } });
      for (const [i, status] of cells.entries()) {
        await prisma.thumbnail.create({ data: { generationId: id, prompt: `p${i}`, promptIndex: i, backgroundIndex: 0, status }, select: { id: true } });
      }
      return { id, status: await finishGeneration(id, "webhook-test", { userId: user.id, creditsUsed: 1 }, "the image service is down") };
    };

    const failed = await endBatch(["failed", "failed"]);
    const partial = await endBatch(["success", "failed"]);
    expect([failed.status, partial.status]).toEqual(["failed", "partial"]);
    const [first, second] = await payloadsOf(endpoint.id);
    expect(first).toMatchObject({
      eventType: "generation.failed",
      body: { type: "generation.failed", data: { generationId: failed.id, status: "failed", thumbnailCount: 0, failedCount: 2, thumbnails: [] } },
    });
    expect(first.body.data.error).toMatch(/^No thumbnail could be made: the image service is down\. Your credits were refunded\.$/);
    expect(second).toMatchObject({
      eventType: "generation.completed",
      body: { data: { generationId: partial.id, status: "partial", thumbnailCount: 1, failedCount: 1 } },
    });
  });

  test("a saved version queues thumbnail.version_created; saving the same edits again does not", async () => {
    const user = await createTestUser();
    const { generationId } = await createFinishedGeneration(user.id, { keywords: "budget gaming PC", backgroundCount: 1 });
    const { endpoint } = await createWebhookEndpoint(user.id, { url: URL_OK, events: ["thumbnail.version_created"] });
    const t = await prisma.thumbnail.findFirstOrThrow({ where: { generationId }, select: { id: true, spec: true } });
    const edits = { ...editsFromSpec(parseStoredRecipe(t.spec!)), headline: "NEW WORDS" };
    expect(await saveThumbnailVersion(user.id, t.id, edits)).toEqual({ version: 2, created: true });
    expect(await saveThumbnailVersion(user.id, t.id, edits)).toEqual({ version: 2, created: false });
    const deliveries = await payloadsOf(endpoint.id);
    expect(deliveries.map((d) => d.body)).toEqual([
      {
        type: "thumbnail.version_created",
        timestamp: expect.any(String),
        data: { thumbnailId: t.id, generationId, version: 2, url: `/thumbnails/${t.id}/edit`, imageUrl: `/resources/thumbnails/${t.id}` },
      },
    ]);
  });
});
