// Registering webhooks through the API: a flow sets up where it hears about
// batches, with the same rules as the Webhooks page.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { createTestUser } from "#tests/utils";

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

const HOOK = { url: "https://hooks.example.com/thumbsmith", events: ["generation.completed"] };

describe("/api/v1/webhooks", () => {
  test("create answers the secret once; list and get show the endpoint without it; delete removes it", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const created = await api.call(token, "/api/v1/webhooks", { method: "POST", json: HOOK });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string; state: string; events: string[]; createdAt: string };
    expect(endpoint).toMatchObject({ url: HOOK.url, events: HOOK.events, state: "active", lastDelivery: null });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    expect(Number.isNaN(Date.parse(endpoint.createdAt))).toBe(false);

    const list = (await (await api.call(token, "/api/v1/webhooks")).json()) as { data: { id: string }[] };
    expect(list.data.map((each) => each.id)).toEqual([endpoint.id]);
    const one = await api.call(token, `/api/v1/webhooks/${endpoint.id}`);
    const body = (await one.json()) as { deliveries: unknown[] };
    expect(body).toMatchObject({ id: endpoint.id, deliveries: [] });
    expect(JSON.stringify(body)).not.toContain(endpoint.secret);

    expect((await api.call(token, `/api/v1/webhooks/${endpoint.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await apiErrorOf(await api.call(token, `/api/v1/webhooks/${endpoint.id}`))).status).toBe(404);
  });

  test("a private address or an unknown event is a 400 naming the field; nothing is registered", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const lan = await api.call(token, "/api/v1/webhooks", { method: "POST", json: { ...HOOK, url: "http://192.168.1.10/hook" } });
    expect(await apiErrorOf(lan)).toMatchObject({ status: 400, code: "invalid_field", field: "url" });
    const unknown = await api.call(token, "/api/v1/webhooks", { method: "POST", json: { ...HOOK, events: ["generation.started"] } });
    expect(await apiErrorOf(unknown)).toMatchObject({ status: 400, field: "events.0" });
    expect(await prisma.webhookEndpoint.count({ where: { userId: user.id } })).toBe(0);
  });

  test("another user's endpoint is 404 to read and to delete, and stays", async () => {
    const owner = await createTestUser();
    const ownerToken = await createTestToken(owner.id);
    const { id } = (await (await api.call(ownerToken, "/api/v1/webhooks", { method: "POST", json: HOOK })).json()) as { id: string };
    const stranger = await createTestToken((await createTestUser()).id);
    expect((await apiErrorOf(await api.call(stranger, `/api/v1/webhooks/${id}`))).status).toBe(404);
    expect((await apiErrorOf(await api.call(stranger, `/api/v1/webhooks/${id}`, { method: "DELETE" }))).status).toBe(404);
    expect(await prisma.webhookEndpoint.count({ where: { id } })).toBe(1);
  });

  test("a retried create with the same Idempotency-Key registers one endpoint and answers the same secret", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const headers = { "Idempotency-Key": crypto.randomUUID() };
    const first = (await (await api.call(token, "/api/v1/webhooks", { method: "POST", json: HOOK, headers })).json()) as { id: string; secret: string };
    const again = await api.call(token, "/api/v1/webhooks", { method: "POST", json: HOOK, headers });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toMatchObject({ id: first.id, secret: first.secret });
    expect(await prisma.webhookEndpoint.count({ where: { userId: user.id } })).toBe(1);
    // The kept answer is sealed: the secret is not readable in the table.
    const kept = await prisma.apiIdempotencyKey.findFirstOrThrow({ where: { userId: user.id }, select: { body: true } });
    expect(kept.body).not.toContain(first.secret.slice(6));
    const conflict = await api.call(token, "/api/v1/webhooks", { method: "POST", json: { ...HOOK, url: "https://other.example.com/" }, headers });
    expect(await apiErrorOf(conflict)).toMatchObject({ status: 409, code: "idempotency_conflict" });
  });
});
