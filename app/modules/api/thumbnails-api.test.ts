// Thumbnails over real HTTP: get (recipe, versions, checks), download the
// JPEG, edit into a new version, revert. Each test takes its own thumbnail
// of one finished batch, so their versions do not mix.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { createFinishedGeneration, createTestUser } from "#tests/utils";

let api: ApiClient;
let owner: { id: string };
let ownerToken: string;
let readToken: string;
let strangerToken: string;
let ids: string[];

beforeAll(async () => {
  api = await startApiClient();
  owner = await createTestUser();
  const { generationId } = await createFinishedGeneration(owner.id, { backgroundCount: 2 });
  ids = (await prisma.thumbnail.findMany({ where: { generationId, status: "success" }, select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id);
  expect(ids.length).toBeGreaterThanOrEqual(6);
  ownerToken = await createTestToken(owner.id, ["read", "edit"]);
  readToken = await createTestToken(owner.id, ["read"]);
  strangerToken = await createTestToken((await createTestUser()).id);
});
afterAll(() => api.close());

const path = (id: string, rest = "") => `/api/v1/thumbnails/${id}${rest}`;
const edit = (id: string, json: unknown, token = ownerToken, headers: Record<string, string> = {}) =>
  api.call(token, path(id, "/versions"), { method: "POST", json, headers });
const revert = (id: string, json: unknown, token = ownerToken) => api.call(token, path(id, "/revert"), { method: "POST", json });

async function download(id: string, token = ownerToken) {
  const response = await api.call(token, path(id, "/image"));
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Everything of a thumbnail a refused request must leave alone. */
async function rowsOf(id: string) {
  const [thumbnail, versions] = await Promise.all([
    prisma.thumbnail.findUniqueOrThrow({ where: { id }, select: { version: true, spec: true, storagePath: true, checks: true } }),
    prisma.thumbnailVersion.findMany({ where: { thumbnailId: id }, orderBy: { number: "asc" }, select: { number: true, storagePath: true } }),
  ]);
  return { thumbnail, versions };
}

describe("GET /api/v1/thumbnails/{thumbnailId}", () => {
  test("the recipe as the editor's fields, the versions, the checks and a link to the image", async () => {
    const response = await api.call(readToken, path(ids[0]));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      id: ids[0],
      version: 1,
      editable: true,
      onPlate: false,
      versions: [{ number: 1 }],
      links: { image: `/api/v1/thumbnails/${ids[0]}/image` },
    });
    expect(body.recipe.headline.length).toBeGreaterThan(0);
    expect(Object.keys(body.recipe)).toEqual(expect.arrayContaining(["headline", "layout", "paletteIndex", "backgroundKind", "treatment", "outline", "scale"]));
    expect(body.checks.map((c: { id: string }) => c.id)).toEqual(["headline-size", "contrast", "face", "duration-corner", "file-size"]);
    // The stored recipe names storage keys: never sent.
    expect(JSON.stringify(body)).not.toMatch(/storage|\.jpg|plateKey/i);
  });

  test("every thumbnail of a batch reads (its recipe fits the editor's schema)", async () => {
    for (const id of ids) expect((await api.call(readToken, path(id))).status, id).toBe(200);
  });

  test("no token 401, a token without read 403, another user's or a made-up id 404", async () => {
    expect(await apiErrorOf(await api.call(null, path(ids[0])))).toMatchObject({ status: 401, code: "unauthorized" });
    const generateOnly = await createTestToken(owner.id, ["generate"]);
    expect(await apiErrorOf(await api.call(generateOnly, path(ids[0])))).toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(await apiErrorOf(await api.call(strangerToken, path(ids[0])))).toMatchObject({ status: 404, code: "not_found" });
    expect(await apiErrorOf(await api.call(ownerToken, path("nope")))).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("GET /api/v1/thumbnails/{thumbnailId}/image", () => {
  test("the current version as a 1280x720 JPEG, with an ETag that answers 304 while it is current", async () => {
    const response = await api.call(readToken, path(ids[1], "/image"));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=".+\.jpg"$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("Content-Length"))).toBe(bytes.length);
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });

    const etag = response.headers.get("ETag")!;
    expect(etag).toMatch(/^".+"$/);
    const again = await api.call(readToken, path(ids[1], "/image"), { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  test("refusals are JSON: 401, 403, 404 for another user's thumbnail", async () => {
    expect((await apiErrorOf(await api.call(null, path(ids[1], "/image")))).status).toBe(401);
    const editOnly = await createTestToken(owner.id, ["edit"]);
    expect((await apiErrorOf(await api.call(editOnly, path(ids[1], "/image")))).status).toBe(403);
    expect(await apiErrorOf(await api.call(strangerToken, path(ids[1], "/image")))).toMatchObject({ status: 404, code: "not_found" });
  });
});

describe("POST /api/v1/thumbnails/{thumbnailId}/versions", () => {
  test("changed fields make a new version whose image differs; the rest of the recipe is kept; the old version can be brought back", async () => {
    const id = ids[2];
    const before = await (await api.call(readToken, path(id))).json();
    const original = await download(id);
    const oldEtag = (await api.call(readToken, path(id, "/image"))).headers.get("ETag")!;

    const response = await edit(id, { headline: "New words here", paletteIndex: (before.recipe.paletteIndex + 1) % 10 });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ created: true, version: 2, thumbnail: { id, version: 2 } });
    // The accent follows the editor's rule: past the new words, the strongest one.
    expect(body.thumbnail.recipe).toEqual({ ...before.recipe, headline: "NEW WORDS HERE", paletteIndex: (before.recipe.paletteIndex + 1) % 10, accentIndex: expect.any(Number) });
    expect(body.thumbnail.versions.map((v: { number: number }) => v.number)).toEqual([2, 1]);
    expect(body.thumbnail.checks).toHaveLength(5);

    const edited = await download(id);
    expect(edited.equals(original)).toBe(false);
    expect(await sharp(edited).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    // The address is the same, the ETag is not: a cache that revalidates gets the new image.
    const stale = await api.call(readToken, path(id, "/image"), { headers: { "If-None-Match": oldEtag } });
    expect(stale.status).toBe(200);

    const back = await revert(id, { version: 1 });
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ id, version: 1, recipe: before.recipe });
    expect((await download(id)).equals(original)).toBe(true);
    expect((await rowsOf(id)).versions.map((v) => v.number)).toEqual([1, 2]);
  });

  test("the same edits again add nothing", async () => {
    const id = ids[3];
    expect((await (await edit(id, { headline: "Same again" })).json()).created).toBe(true);
    const second = await edit(id, { headline: "Same again" });
    expect(second.status).toBe(201);
    expect(await second.json()).toMatchObject({ created: false, version: 2 });
    expect((await rowsOf(id)).versions).toHaveLength(2);
  });

  test("a retry with the same Idempotency-Key answers the first answer and makes one version; another body with that key is a 409", async () => {
    const id = ids[4];
    const headers = { "Idempotency-Key": `edit-${id}` };
    const first = await edit(id, { headline: "Once only" }, ownerToken, headers);
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    // A different edit in between: without the key, the retry would save "Once only" again as version 4.
    expect((await edit(id, { headline: "Something else" })).status).toBe(201);
    const retry = await edit(id, { headline: "Once only" }, ownerToken, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await retry.json()).toEqual(firstBody);
    expect((await rowsOf(id)).versions.map((v) => v.number)).toEqual([1, 2, 3]);

    const conflict = await edit(id, { headline: "Other words" }, ownerToken, headers);
    expect(await apiErrorOf(conflict)).toMatchObject({ status: 409, code: "idempotency_conflict" });
    expect((await rowsOf(id)).versions).toHaveLength(3);
  });

  test("a bad field is a 400 naming it, with the editor's own limits and messages; nothing is saved", async () => {
    const id = ids[5];
    const before = await rowsOf(id);
    const cases: [unknown, string][] = [
      [{ paletteIndex: 99 }, "paletteIndex"],
      [{ headline: "" }, "headline"],
      [{ headline: "one two three four five six seven" }, "headline"],
      [{ layout: "upside-down" }, "layout"],
      [{ scale: 9 }, "scale"],
      [{ treatment: "cutout", headline: 3 }, "headline"],
    ];
    for (const [json, field] of cases) {
      expect(await apiErrorOf(await edit(id, json)), JSON.stringify(json)).toMatchObject({ status: 400, code: "invalid_field", field });
    }
    // A field the editor does not have is refused rather than ignored (a typo would otherwise save nothing silently).
    expect(await apiErrorOf(await edit(id, { headlin: "TYPO" }))).toMatchObject({ status: 400, code: "invalid_field" });
    expect(await rowsOf(id)).toEqual(before);
  });

  test("a read-only token 403; another user's thumbnail 404 and its rows untouched", async () => {
    const id = ids[5];
    const before = await rowsOf(id);
    expect(await apiErrorOf(await edit(id, { headline: "Read only" }, readToken))).toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(await apiErrorOf(await edit(id, { headline: "Hacked" }, strangerToken))).toMatchObject({ status: 404, code: "not_found" });
    expect(await apiErrorOf(await edit(id, { headline: "Hacked" }, ""))).toMatchObject({ status: 401 });
    expect(await rowsOf(id)).toEqual(before);
  });
});

describe("POST /api/v1/thumbnails/{thumbnailId}/revert", () => {
  test("without a version: back to the one before the current; a version that does not exist is a 400 on version", async () => {
    const id = ids[0];
    expect(await apiErrorOf(await revert(id, {}))).toMatchObject({ status: 400, code: "invalid_field", field: "version" });
    await edit(id, { headline: "Second" });
    await edit(id, { headline: "Third" });
    const undo = await revert(id, {});
    expect(undo.status).toBe(200);
    expect(await undo.json()).toMatchObject({ version: 2, recipe: { headline: "SECOND" } });
    expect(await apiErrorOf(await revert(id, { version: 99 }))).toMatchObject({ status: 400, field: "version", message: expect.stringContaining("no version 99") });
    expect(await apiErrorOf(await revert(id, { version: 0 }))).toMatchObject({ status: 400, field: "version" });
    expect(await apiErrorOf(await revert(id, { version: "latest" }))).toMatchObject({ status: 400, field: "version" });
  });

  test("a read-only token 403; another user's thumbnail 404 and its rows untouched", async () => {
    const id = ids[0];
    const before = await rowsOf(id);
    expect(await apiErrorOf(await revert(id, { version: 1 }, readToken))).toMatchObject({ status: 403, code: "insufficient_scope" });
    expect(await apiErrorOf(await revert(id, { version: 1 }, strangerToken))).toMatchObject({ status: 404, code: "not_found" });
    expect(await rowsOf(id)).toEqual(before);
  });

  test("the same Idempotency-Key goes back once", async () => {
    const id = ids[3];
    await edit(id, { headline: "Third again" });
    expect((await rowsOf(id)).thumbnail.version).toBe(3);
    const headers = { "Idempotency-Key": `undo-${id}` };
    const first = await api.call(ownerToken, path(id, "/revert"), { method: "POST", json: {}, headers });
    expect((await first.json()).version).toBe(2);
    const retry = await api.call(ownerToken, path(id, "/revert"), { method: "POST", json: {}, headers });
    expect((await retry.json()).version).toBe(2);
    expect((await rowsOf(id)).thumbnail.version).toBe(2);
  });
});
