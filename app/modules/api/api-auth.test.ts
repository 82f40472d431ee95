// Tokens on real HTTP: who may call, with which scope, and what they get
// when they may not. Every refusal is the API's one error shape.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { revokeApiToken, listApiTokens } from "~/modules/api-tokens/api-tokens.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { createTestUser, sessionCookieFor } from "#tests/utils";

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

describe("GET /api/v1/me", () => {
  test("a token sees its user, the balance, the price of a batch and its own scopes", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["read"]);
    const response = await api.call(token, "/api/v1/me");
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const credits = (await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } })).credits;
    expect(await response.json()).toEqual({ id: user.id, email: user.email, credits, creditsPerGeneration: env.CREDITS_PER_GENERATION, scopes: ["read"] });
  });

  test("the token's last use is recorded for the Account page", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["read"]);
    expect((await listApiTokens(user.id))[0].lastUsedAt).toBeNull();
    await api.call(token, "/api/v1/me");
    expect((await listApiTokens(user.id))[0].lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("refusals", () => {
  test("no token: 401 with a challenge and a message that says what to send", async () => {
    const response = await api.call(null, "/api/v1/me");
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(await apiErrorOf(response)).toMatchObject({ status: 401, code: "unauthorized", message: expect.stringContaining("Authorization: Bearer") });
  });

  test("a signed-in browser's cookie is not accepted on /api/, and is told so", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await api.call(null, "/api/v1/me", { headers: { Cookie: cookie } });
    expect(await apiErrorOf(response)).toMatchObject({ status: 401, code: "unauthorized", message: expect.stringContaining("Cookies are not accepted") });
  });

  test("a made-up, a malformed and a revoked token are all 401", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    for (const header of ["Bearer tsk_madeup", "Basic dXNlcjpwYXNz", `Bearer ${token}x`, "Bearer"]) {
      const response = await api.call(null, "/api/v1/me", { headers: { Authorization: header } });
      expect((await apiErrorOf(response)).status, header).toBe(401);
    }
    expect((await api.call(token, "/api/v1/me")).status).toBe(200);
    const [{ id }] = await listApiTokens(user.id);
    expect(await revokeApiToken(user.id, id)).toBe(true);
    expect(await apiErrorOf(await api.call(token, "/api/v1/me"))).toMatchObject({ status: 401, code: "unauthorized" });
  });

  test("a disabled account's tokens stop working at once, and work again when it is enabled", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    expect((await api.call(token, "/api/v1/me")).status).toBe(200);
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect((await apiErrorOf(await api.call(token, "/api/v1/me"))).status).toBe(401);
    await prisma.user.update({ where: { id: user.id }, data: { disabledAt: null } });
    expect((await api.call(token, "/api/v1/me")).status).toBe(200);
  });

  test("a deleted account's tokens go with it", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    await prisma.user.delete({ where: { id: user.id } });
    expect((await apiErrorOf(await api.call(token, "/api/v1/me"))).status).toBe(401);
  });

  test("a token without the scope an operation needs: 403 naming the scope", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["generate"]);
    const response = await api.call(token, "/api/v1/me");
    expect(await apiErrorOf(response)).toMatchObject({ status: 403, code: "insufficient_scope", message: expect.stringContaining('"read"') });
  });

  test("another method on a path is 405 with Allow; an unknown path is a JSON 404", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const wrong = await api.call(token, "/api/v1/me", { method: "DELETE" });
    expect(wrong.headers.get("Allow")).toBe("GET, HEAD");
    expect(await apiErrorOf(wrong)).toMatchObject({ status: 405, code: "method_not_allowed" });
    expect(await apiErrorOf(await api.call(token, "/api/v1/nothing-here"))).toMatchObject({ status: 404, code: "not_found" });
  });

  test("a cross-site Origin does not matter to a bearer request (no cookie can ride it)", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const response = await api.call(token, "/api/v1/me", { method: "DELETE", headers: { Origin: "https://evil.example" } });
    // Refused for the method, not by the CSRF check's plain-text 403.
    expect((await apiErrorOf(response)).status).toBe(405);
  });

  test("an oversized body is a JSON 413 before any of it is kept", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id);
    const response = await api.call(token, "/api/v1/me", { method: "POST", json: { pad: "x".repeat(env.FORM_MAX_KB * 1024 + 10) } });
    expect(await apiErrorOf(response)).toMatchObject({ status: 413, code: "payload_too_large" });
  });
});
