// Test & Compare sets over real HTTP: create (the picker's rules as JSON),
// get, and the ZIP YouTube takes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { apiErrorOf, createTestToken, startApiClient, type ApiClient } from "#tests/support/api";
import { createFinishedGeneration, createTestUser } from "#tests/utils";

let api: ApiClient;
let owner: { id: string };
let editToken: string;
let readToken: string;
let stranger: { id: string };
let strangerToken: string;
let ids: string[];
let strangersThumbnail: string;

async function thumbnailsOf(generationId: string) {
  return (await prisma.thumbnail.findMany({ where: { generationId, status: "success" }, select: { id: true }, orderBy: { id: "asc" } })).map((t) => t.id);
}

beforeAll(async () => {
  api = await startApiClient();
  owner = await createTestUser();
  ids = await thumbnailsOf((await createFinishedGeneration(owner.id, { keywords: "budget gaming PC" })).generationId);
  expect(ids.length).toBeGreaterThanOrEqual(3);
  stranger = await createTestUser();
  [strangersThumbnail] = await thumbnailsOf((await createFinishedGeneration(stranger.id)).generationId);
  editToken = await createTestToken(owner.id, ["read", "edit"]);
  readToken = await createTestToken(owner.id, ["read"]);
  strangerToken = await createTestToken(stranger.id);
});
afterAll(() => api.close());

const create = (json: unknown, token = editToken, headers: Record<string, string> = {}) => api.call(token, "/api/v1/compare-sets", { method: "POST", json, headers });
const setCount = (userId = owner.id) => prisma.compareSet.count({ where: { userId } });

function unzip(bytes: Buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-api-compare-")), "set.zip");
  fs.writeFileSync(file, bytes);
  execFileSync("unzip", ["-tq", file]);
  const names = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n");
  const read = (name: string) => execFileSync("unzip", ["-p", file, name], { maxBuffer: 8 * 1024 * 1024 });
  return { names, read };
}

describe("POST /api/v1/compare-sets", () => {
  test("2 or 3 thumbnails lettered in order, titles optional, the name defaulting to the keywords; get answers the same", async () => {
    const response = await create({ thumbnailIds: [ids[2], ids[0], ids[1]], titles: ["  I tested it\nfor a week ", null] });
    expect(response.status).toBe(201);
    const set = await response.json();
    expect(set).toMatchObject({
      name: "budget gaming PC",
      variants: [
        { letter: "A", title: "I tested it for a week", thumbnail: { id: ids[2], version: 1, links: { image: `/api/v1/thumbnails/${ids[2]}/image` } } },
        { letter: "B", title: null, thumbnail: { id: ids[0] } },
        { letter: "C", title: null, thumbnail: { id: ids[1] } },
      ],
      links: { zip: `/api/v1/compare-sets/${set.id}/zip` },
    });
    expect(new Date(set.createdAt).toISOString()).toBe(set.createdAt);

    const got = await api.call(readToken, `/api/v1/compare-sets/${set.id}`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual(set);
  });

  test("a bad field is a 400 naming it, and no set is made", async () => {
    const before = await setCount();
    const cases: [unknown, string][] = [
      [{ thumbnailIds: [ids[0]] }, "thumbnailIds"],
      [{ thumbnailIds: [ids[0], ids[1], ids[2], ids[0]] }, "thumbnailIds"],
      [{ thumbnailIds: [ids[0], ids[0]] }, "thumbnailIds"],
      [{ thumbnailIds: [ids[0], ids[1]], titles: ["x".repeat(101)] }, "titles.0"],
      [{ thumbnailIds: [ids[0], ids[1]], titles: ["a", "b", "c"] }, "titles"],
      [{ thumbnailIds: [ids[0], ids[1]], name: "n".repeat(101) }, "name"],
      [{}, "thumbnailIds"],
    ];
    for (const [json, field] of cases) {
      expect(await apiErrorOf(await create(json)), JSON.stringify(json)).toMatchObject({ status: 400, code: "invalid_field", field });
    }
    expect(await setCount()).toBe(before);
  });

  test("another user's thumbnail is refused without saying whose, and neither user gets a set", async () => {
    const [mine, theirs] = [await setCount(), await setCount(stranger.id)];
    const error = await apiErrorOf(await create({ thumbnailIds: [ids[0], strangersThumbnail] }));
    expect(error).toMatchObject({ status: 400, code: "invalid_field", field: "thumbnailIds" });
    expect(error.message).not.toContain(strangersThumbnail);
    expect([await setCount(), await setCount(stranger.id)]).toEqual([mine, theirs]);
  });

  test("no token 401, a read-only token 403", async () => {
    expect((await apiErrorOf(await create({ thumbnailIds: [ids[0], ids[1]] }, "")))).toMatchObject({ status: 401 });
    expect(await apiErrorOf(await create({ thumbnailIds: [ids[0], ids[1]] }, readToken))).toMatchObject({ status: 403, code: "insufficient_scope" });
  });

  test("a retry with the same Idempotency-Key answers the first set and makes no other; another body with that key is a 409", async () => {
    const before = await setCount();
    const headers = { "Idempotency-Key": "compare-once" };
    const first = await create({ thumbnailIds: [ids[0], ids[1]], name: "Once" }, editToken, headers);
    expect(first.status).toBe(201);
    const retry = await create({ thumbnailIds: [ids[0], ids[1]], name: "Once" }, editToken, headers);
    expect(retry.status).toBe(201);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await retry.json()).id).toBe((await first.json()).id);
    expect(await setCount()).toBe(before + 1);
    expect(await apiErrorOf(await create({ thumbnailIds: [ids[1], ids[0]], name: "Once" }, editToken, headers))).toMatchObject({ status: 409, code: "idempotency_conflict" });
    expect(await setCount()).toBe(before + 1);
  });
});

describe("GET /api/v1/compare-sets/{setId} and /zip", () => {
  test("the ZIP has A.jpg, B.jpg (C.jpg) as 1280x720 JPEGs of each thumbnail's current version, and titles.txt", async () => {
    const set = await (await create({ thumbnailIds: [ids[0], ids[1]], titles: ["First title"], name: "For the ZIP" })).json();
    const response = await api.call(readToken, set.links.zip);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/zip");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="test-and-compare-for-the-zip.zip"');
    const zip = unzip(Buffer.from(await response.arrayBuffer()));
    expect(zip.names).toEqual(["A.jpg", "B.jpg", "titles.txt"]);
    const current = Buffer.from(await (await api.call(readToken, `/api/v1/thumbnails/${ids[0]}/image`)).arrayBuffer());
    expect(zip.read("A.jpg").equals(current)).toBe(true);
    expect(await sharp(zip.read("B.jpg")).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    expect(zip.read("titles.txt").toString()).toContain("A.jpg: First title");
  });

  test("another user's set is 404 on both, and the set is untouched; no token 401; a token without read 403", async () => {
    const set = await (await create({ thumbnailIds: [ids[1], ids[2]] })).json();
    for (const address of [`/api/v1/compare-sets/${set.id}`, `/api/v1/compare-sets/${set.id}/zip`]) {
      expect(await apiErrorOf(await api.call(strangerToken, address)), address).toMatchObject({ status: 404, code: "not_found" });
      expect((await apiErrorOf(await api.call(null, address))).status, address).toBe(401);
      const generateOnly = await createTestToken(owner.id, ["generate"]);
      expect((await apiErrorOf(await api.call(generateOnly, address))).status, address).toBe(403);
    }
    expect(await apiErrorOf(await api.call(readToken, "/api/v1/compare-sets/nope"))).toMatchObject({ status: 404 });
    expect(await (await api.call(readToken, `/api/v1/compare-sets/${set.id}`)).json()).toEqual(set);
  });

  test("a set left with one thumbnail cannot be exported: 409 saying why; get shows the removed variant", async () => {
    const user = await createTestUser();
    const [a, b] = await thumbnailsOf((await createFinishedGeneration(user.id)).generationId);
    const token = await createTestToken(user.id);
    const set = await (await api.call(token, "/api/v1/compare-sets", { method: "POST", json: { thumbnailIds: [a, b] } })).json();
    await prisma.thumbnail.delete({ where: { id: b } });
    expect(await apiErrorOf(await api.call(token, set.links.zip))).toMatchObject({ status: 409, code: "conflict", message: expect.stringContaining("at least 2") });
    expect(await (await api.call(token, `/api/v1/compare-sets/${set.id}`)).json()).toMatchObject({ variants: [{ letter: "A", thumbnail: { id: a } }, { letter: "B", thumbnail: null }] });
  });
});
