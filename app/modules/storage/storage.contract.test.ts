// One contract, two implementations: local disk and S3 (against s3rver, a
// real S3-protocol server on loopback).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { buffer } from "node:stream/consumers";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { newStorageKey } from "./keys";
import { createLocalStorage } from "./local-storage.server";
import { createS3Storage } from "./s3-storage.server";
import type { Storage } from "./storage";

let s3rver: S3rver;
let s3Endpoint = "";
const localRoot = fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-storage-"));

beforeAll(async () => {
  s3rver = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-s3rver-")),
    configureBuckets: [{ name: "thumbsmith-test", configs: [] }],
  });
  const address = (await s3rver.run()) as AddressInfo;
  s3Endpoint = `http://127.0.0.1:${address.port}`;
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
