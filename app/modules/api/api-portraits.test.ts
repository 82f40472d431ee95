// /api/v1/portraits on real HTTP: upload through the page's streaming reader,
// the analysis in the answer, paging, and every refusal in the one error shape.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { multipartBody } from "#tests/support/api-streams";
import { createTestPortrait, createTestUser } from "#tests/utils";

const GRACE_HOPPER = fs.readFileSync("tests/fixtures/grace-hopper.jpg");

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

const upload = (token: string | null, files: [string, Buffer][], headers: Record<string, string> = {}) =>
  api.call(token, "/api/v1/portraits", { method: "POST", body: multipartBody({}, files.map(([name, bytes]) => ["photos", name, bytes])), headers });

const portraitCount = (userId: string) => prisma.portrait.count({ where: { userId } });

describe("POST /api/v1/portraits", () => {
  test("a photo becomes a portrait, analysed: its faces and whether a person was cut out", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["generate"]);
    const response = await upload(token, [["grace-hopper.jpg", GRACE_HOPPER]]);
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.errors).toEqual([]);
    expect(body.data).toHaveLength(1);
    const [portrait] = body.data;
    expect(portrait).toMatchObject({ name: expect.any(String), links: { self: `/api/v1/portraits/${portrait.id}` } });
    expect(["done", "failed"]).toContain(portrait.analysis.status);
    if (portrait.analysis.status === "done") {
      expect(portrait.analysis.faces.length).toBeGreaterThan(0);
      expect(portrait.analysis.faces[0]).toEqual({ box: expect.objectContaining({ width: expect.any(Number) }), score: expect.any(Number) });
      expect(portrait.analysis.mask).toBe(true);
    }
    expect(await portraitCount(user.id)).toBe(1);
  });

  test("the same Idempotency-Key uploads once; the same key with another photo is a 409", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["generate"]);
    const headers = { "Idempotency-Key": `portrait-${user.id}` };
    const first = await upload(token, [["grace-hopper.jpg", GRACE_HOPPER]], headers);
    const again = await upload(token, [["grace-hopper.jpg", GRACE_HOPPER]], headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect(await portraitCount(user.id)).toBe(1);
    const other = await upload(token, [["astronaut.png", fs.readFileSync("tests/fixtures/astronaut.png")]], headers);
    expect(await apiErrorOf(other)).toMatchObject({ status: 409, code: "idempotency_conflict" });
    expect(await portraitCount(user.id)).toBe(1);
  });

  test("a file that is not an image is 400 naming the photos field, and nothing is kept", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["generate"]);
    const response = await upload(token, [["notes.jpg", Buffer.from("this is not a picture at all")]]);
    expect(await apiErrorOf(response)).toMatchObject({ status: 400, code: "invalid_field", field: "photos", message: expect.stringContaining("notes.jpg") });
    expect(await portraitCount(user.id)).toBe(0);
  });

  test("a photo over the size limit is 413 payload_too_large, and nothing is kept", async () => {
    const user = await createTestUser();
    const token = await createTestToken(user.id, ["generate"]);
    const huge = Buffer.concat([GRACE_HOPPER, Buffer.alloc(env.PORTRAIT_MAX_MB * 1_000_000)]);
    const response = await upload(token, [["grace-hopper.jpg", GRACE_HOPPER], ["huge.jpg", huge]]);
    expect(await apiErrorOf(response)).toMatchObject({ status: 413, code: "payload_too_large", field: "photos", message: expect.stringContaining("huge.jpg") });
    expect(await portraitCount(user.id)).toBe(0);
  });

  test("JSON instead of a form, no files, no token, or a token without the generate scope are refused", async () => {
    const user = await createTestUser();
    const generate = await createTestToken(user.id, ["generate"]);
    expect(await apiErrorOf(await api.call(generate, "/api/v1/portraits", { method: "POST", json: {} }))).toMatchObject({ status: 400, field: "photos" });
    expect(await apiErrorOf(await upload(generate, []))).toMatchObject({ status: 400, field: "photos" });
    expect(await apiErrorOf(await upload(null, [["grace-hopper.jpg", GRACE_HOPPER]]))).toMatchObject({ status: 401, code: "unauthorized" });
    const readOnly = await createTestToken(user.id, ["read", "edit"]);
    expect(await apiErrorOf(await upload(readOnly, [["grace-hopper.jpg", GRACE_HOPPER]]))).toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(await portraitCount(user.id)).toBe(0);
  });
});

describe("GET and DELETE /api/v1/portraits/{portraitId}", () => {
  test("the owner gets it with its analysis and deletes it; then it is not found", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const token = await createTestToken(user.id);
    const got = await api.call(token, `/api/v1/portraits/${portrait.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ id: portrait.id, analysis: { status: "done", faceIndex: expect.anything(), cutoutEnabled: true } });
    const deleted = await api.call(token, `/api/v1/portraits/${portrait.id}`, { method: "DELETE" });
    expect(deleted.status).toBe(204);
    expect(await apiErrorOf(await api.call(token, `/api/v1/portraits/${portrait.id}`))).toMatchObject({ status: 404, code: "not_found" });
  });

  test("another user's portrait is 404 to read and to delete, and stays", async () => {
    const owner = await createTestUser();
    const portrait = await createTestPortrait(owner.id);
    const stranger = await createTestToken((await createTestUser()).id);
    expect(await apiErrorOf(await api.call(stranger, `/api/v1/portraits/${portrait.id}`))).toMatchObject({ status: 404, code: "not_found" });
    expect(await apiErrorOf(await api.call(stranger, `/api/v1/portraits/${portrait.id}`, { method: "DELETE" }))).toMatchObject({ status: 404 });
    expect(await prisma.portrait.findUnique({ where: { id: portrait.id }, select: { userId: true } })).toEqual({ userId: owner.id });
  });

  test("deleting needs the edit scope", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const token = await createTestToken(user.id, ["read", "generate"]);
    expect(await apiErrorOf(await api.call(token, `/api/v1/portraits/${portrait.id}`, { method: "DELETE" }))).toMatchObject({ status: 403 });
    expect(await portraitCount(user.id)).toBe(1);
  });
});

describe("GET /api/v1/portraits", () => {
  test("the cursor walks every portrait once, newest first, and only the caller's", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const at = Date.now();
    // Several share a creation time: the id breaks the tie, so none is skipped or repeated.
    const rows = Array.from({ length: 9 }, (_, i) => ({
      userId: user.id,
      name: `Portrait ${i}`,
      normalizedKey: `portraits/none/${i}.jpg`,
      previewKey: `portraits/none/${i}.webp`,
      contentType: "image/jpeg",
      width: 10,
      height: 10,
      byteSize: 10,
      createdAt: new Date(at - Math.floor(i / 3) * 1000),
    }));
    await prisma.portrait.createMany({ data: [...rows, { ...rows[0], userId: other.id }] });
    const expected = (
      await prisma.portrait.findMany({ where: { userId: user.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { id: true } })
    ).map((p) => p.id);
    const token = await createTestToken(user.id, ["read"]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await api.call(token, `/api/v1/portraits?limit=4${cursor ? `&cursor=${cursor}` : ""}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  test("a bad limit or cursor is 400 naming it", async () => {
    const token = await createTestToken((await createTestUser()).id, ["read"]);
    expect(await apiErrorOf(await api.call(token, "/api/v1/portraits?limit=0"))).toMatchObject({ status: 400, field: "limit" });
    expect(await apiErrorOf(await api.call(token, "/api/v1/portraits?limit=101"))).toMatchObject({ status: 400, field: "limit" });
    expect(await apiErrorOf(await api.call(token, "/api/v1/portraits?cursor=nonsense"))).toMatchObject({ status: 400, field: "cursor" });
  });
});
