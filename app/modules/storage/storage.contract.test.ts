// One contract, two implementations: local disk and S3 (against s3rver, a
// real S3-protocol server on loopback).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newStorageKey } from "./keys";
import { createLocalStorage } from "./local-storage.server";
import { createS3Storage } from "./s3-storage.server";
import type { Storage } from "./storage";
import { startS3rver } from "#tests/support/s3rver";

let s3rver: Awaited<ReturnType<typeof startS3rver>> | undefined;
let s3Endpoint = "";
const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-storage-"));

beforeAll(async () => {
  s3rver = await startS3rver("thumbsmith-test");
  s3Endpoint = s3rver.endpoint;
});

afterAll(async () => {
  await s3rver?.close();
  fs.rmSync(localRoot, { recursive: true, force: true });
});

const implementations: Array<[string, () => Storage]> = [
  ["local disk", () => createLocalStorage(localRoot)],
  [
    "S3",
    () =>
      createS3Storage({
        bucket: "thumbsmith-test",
        region: "us-east-1",
        endpoint: s3Endpoint,
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
        forcePathStyle: true,
        prefix: "contract",
      }),
  ],
];

describe.each(implementations)("storage contract: %s", (_name, make) => {
  test("put then get returns the same bytes, size and content type", async () => {
    const storage = make();
    const key = newStorageKey("contract/u1", "jpg");
    const data = Buffer.from("\xff\xd8 fake jpeg bytes \xff\xd9", "binary");
    await storage.put(key, data, { contentType: "image/jpeg" });
    const object = await storage.get(key);
    expect(object).not.toBeNull();
    expect(object!.size).toBe(data.length);
    expect(object!.contentType).toBe("image/jpeg");
    expect(await buffer(object!.body)).toEqual(data);
  });

  test("read returns the whole object, or null for a missing key", async () => {
    const storage = make();
    const key = newStorageKey("contract/u1", "jpg");
    const data = Buffer.alloc(300_000, 7);
    await storage.put(key, data, { contentType: "image/jpeg" });
    expect((await storage.read(key))!.equals(data)).toBe(true);
    expect(await storage.read(newStorageKey("contract/u1", "jpg"))).toBeNull();
  });

  test("a missing key is null and does not exist", async () => {
    const storage = make();
    const key = newStorageKey("contract/u1", "png");
    expect(await storage.get(key)).toBeNull();
    expect(await storage.exists(key)).toBe(false);
  });

  test("delete removes the object, and deleting twice is fine", async () => {
    const storage = make();
    const key = newStorageKey("contract/u2", "webp");
    await storage.put(key, Buffer.from("webp"), { contentType: "image/webp" });
    expect(await storage.exists(key)).toBe(true);
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
  });

  test("put replaces an existing object whole", async () => {
    const storage = make();
    const key = newStorageKey("contract/u3", "png");
    await storage.put(key, Buffer.alloc(100_000, 1), { contentType: "image/png" });
    await storage.put(key, Buffer.from("short"), { contentType: "image/png" });
    expect((await buffer((await storage.get(key))!.body)).toString()).toBe("short");
  });

  test("list reports every object under a prefix, with size and time, in pages", async () => {
    const storage = make();
    const folder = `contract/list-${crypto.randomBytes(4).toString("hex")}`;
    const before = Date.now();
    const keys = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const key = newStorageKey(`${folder}/u${i % 2}`, "jpg");
        await storage.put(key, Buffer.alloc(10 + i, i), { contentType: "image/jpeg" });
        return key;
      }),
    );
    // A neighbour whose name starts the same is not under the prefix.
    const neighbour = newStorageKey(`${folder}x/u0`, "jpg");
    await storage.put(neighbour, Buffer.from("n"), { contentType: "image/jpeg" });

    const pages = [];
    for await (const page of storage.list({ prefix: `${folder}/`, pageSize: 2 })) pages.push(page);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const page of pages) expect(page.length).toBeLessThanOrEqual(2);
    const entries = pages.flat();
    expect(entries.map((e) => e.key).sort()).toEqual([...keys].sort());
    for (const entry of entries) {
      expect(entry.size).toBe(10 + keys.indexOf(entry.key));
      // Second precision (S3) and a little clock skew between the store and us.
      expect(entry.lastModified.getTime()).toBeGreaterThanOrEqual(before - 2_000);
      expect(entry.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 2_000);
    }

    const one: string[] = [];
    for await (const page of storage.list({ prefix: `${folder}/u1/` })) one.push(...page.map((e) => e.key));
    expect(one.sort()).toEqual(keys.filter((k) => k.startsWith(`${folder}/u1/`)).sort());

    const all: string[] = [];
    for await (const page of storage.list()) all.push(...page.map((e) => e.key));
    expect(all).toEqual(expect.arrayContaining([...keys, neighbour]));

    for await (const page of storage.list({ prefix: "contract/nothing-here/" })) expect(page).toEqual([]);
  });

  test("a listing's prefix must be a folder of valid segments", async () => {
    const storage = make();
    for (const prefix of ["../", "contract", "/contract/", "Contract/", "a//"]) {
      await expect(storage.list({ prefix })[Symbol.asyncIterator]().next()).rejects.toThrow(/Invalid storage prefix/);
    }
  });

  test("keys that could escape the store are refused before any I/O", async () => {
    const storage = make();
    for (const key of ["../etc/passwd", "/abs/path.jpg", "a/../../b.jpg", "UPPER/case.jpg", "a//b.jpg", ""]) {
      await expect(storage.put(key, Buffer.from("x"), { contentType: "image/jpeg" })).rejects.toThrow(/Invalid storage key/);
      await expect(storage.get(key)).rejects.toThrow(/Invalid storage key/);
    }
  });
});

test("local writes are atomic: no temp files are left behind", async () => {
  const storage = createLocalStorage(localRoot);
  const key = newStorageKey("atomic", "jpg");
  await Promise.all(Array.from({ length: 10 }, (_, i) => storage.put(key, Buffer.alloc(50_000, i), { contentType: "image/jpeg" })));
  const files = fs.readdirSync(path.join(localRoot, "atomic"));
  expect(files).toEqual([key.split("/")[1]]);
  const data = await buffer((await storage.get(key))!.body);
  expect(new Set(data).size).toBe(1);
});

test("local: stale temp files of interrupted writes and the folders they leave empty are removed; fresh ones and objects stay", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-sweep-"));
  const storage = createLocalStorage(root);
  const old = new Date(Date.now() - 3 * 60 * 60 * 1000);
  const kept = newStorageKey("portraits/u1", "jpg");
  await storage.put(kept, Buffer.from("kept"), { contentType: "image/jpeg" });
  // What a process killed between writeFile and rename leaves: "<key>.<12 hex>.tmp".
  const staleTemp = path.join(root, "portraits", "u1", "a1b2.jpg.0123456789ab.tmp");
  const freshTemp = path.join(root, "portraits", "u1", "c3d4.jpg.ba9876543210.tmp");
  const lonelyTemp = path.join(root, "thumbnails", "g1", "0-0.jpg.00112233aabb.tmp");
  fs.mkdirSync(path.dirname(lonelyTemp), { recursive: true });
  for (const file of [staleTemp, freshTemp, lonelyTemp]) fs.writeFileSync(file, "half a file");
  for (const file of [staleTemp, lonelyTemp, path.dirname(lonelyTemp), path.join(root, "thumbnails")]) fs.utimesSync(file, old, old);
  // An old object is not a temp file, whatever its age.
  fs.utimesSync(path.join(root, ...kept.split("/")), old, old);

  const listed: string[] = [];
  for await (const page of storage.list()) listed.push(...page.map((e) => e.key));
  expect(listed).toEqual([kept]);

  expect(await storage.removeStaleTemporaryFiles(new Date(Date.now() - 60 * 60 * 1000))).toBe(2);
  expect(fs.existsSync(staleTemp)).toBe(false);
  expect(fs.existsSync(lonelyTemp)).toBe(false);
  expect(fs.existsSync(freshTemp)).toBe(true);
  expect(await storage.exists(kept)).toBe(true);
  // The generation's folder held only the temp file and was old: gone. The root stays.
  expect(fs.existsSync(path.join(root, "thumbnails", "g1"))).toBe(false);
  expect(fs.existsSync(root)).toBe(true);
  // A put into a folder the sweep just removed still works.
  await storage.put("thumbnails/g1/0-0.jpg", Buffer.from("ok"), { contentType: "image/jpeg" });
  expect((await storage.read("thumbnails/g1/0-0.jpg"))!.toString()).toBe("ok");
  fs.rmSync(root, { recursive: true, force: true });
});
