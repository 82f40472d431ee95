import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { deleteAccount } from "~/modules/auth/delete-account.server";
import { createCompareSet } from "~/modules/compare/compare-sets.server";
import { subscribeToGeneration } from "~/modules/events/generation-events.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { claimNextGeneration, startGenerationRunner } from "~/modules/generations/queue.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { localProvider } from "~/modules/providers/local/local-entry.server";
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
import { previousThumbnailFolderOf } from "~/modules/youtube/thumbnail-set-keys";
import { saveConnection } from "~/modules/youtube/youtube-connection.server";
import { createApiToken } from "~/modules/api-tokens/api-tokens.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { createTestPortrait, createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { loader as accountLoader } from "./account";
import { action as deleteAction } from "./account.delete";

const filesRoot = path.join(env.DATA_DIR, "files");

/** Every file in the data directory's store, as paths relative to it. */
function filesOnDisk() {
  if (!fs.existsSync(filesRoot)) return [];
  return fs
    .readdirSync(filesRoot, { recursive: true, encoding: "utf8" })
    .filter((entry) => fs.statSync(path.join(filesRoot, entry)).isFile())
    .sort();
}

/** The models that reference a user directly, read from the schema, so a new one is checked the day it is added. */
function modelsWithUserId() {
  const schema = fs.readFileSync(path.resolve("prisma/models.prisma"), "utf8");
  return [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
    .filter(([, , body]) => /^\s+userId\s/m.test(body))
    .map(([, name]) => name.charAt(0).toLowerCase() + name.slice(1));
}

/** How many rows of each table still belong to the user (thumbnails through their generations). */
async function rowsOf(userId: string, generationIds: string[]) {
  const counts: Record<string, number> = {
    user: await prisma.user.count({ where: { id: userId } }),
    thumbnail: await prisma.thumbnail.count({ where: { generationId: { in: generationIds } } }),
    compareVariant: await prisma.compareVariant.count({ where: { set: { userId } } }),
  };
  for (const model of modelsWithUserId()) {
    const delegate = (prisma as unknown as Record<string, { count(args: unknown): Promise<number> }>)[model];
    counts[model] = await delegate.count({ where: { userId } });
  }
  return counts;
}

// What the compositor draws does not matter here, only that files are stored:
// a flat image keeps the test quick on a busy machine.
const flatThumbnail = sharp({ create: { width: 1280, height: 720, channels: 3, background: "#224488" } }).jpeg().toBuffer();

async function finishedGeneration(userId: string, portraitId: string) {
  const startBatch = vi.spyOn(localProvider, "startBatch").mockResolvedValue({ render: async () => ({ image: await flatThumbnail }) });
  const { id } = await createGeneration({ userId, portraitId, keywords: "budget gaming PC", headline: null, backgroundCount: 1, submissionKey: null });
  await prisma.generation.updateMany({ where: { status: "pending", id: { not: id } }, data: { status: "failed" } });
  expect((await claimNextGeneration("delete-test", 30_000))?.id).toBe(id);
  await processGeneration(id, { workerId: "delete-test", concurrency: 2 });
  startBatch.mockRestore();
  return id;
}

/** A user with everything an account can have: portraits, a finished generation, a Test & Compare set, a YouTube channel with a thumbnail set, a session, ledger rows, a leftover upload. */
async function fullAccount() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const generationId = await finishedGeneration(user.id, portrait.id);
  const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, take: 2, select: { id: true } });
  await createCompareSet({ userId: user.id, name: null, variants: thumbnails.map((t) => ({ thumbnailId: t.id, title: "A title" })), submissionKey: null });
  await createTestPortrait(user.id);
  // YouTube is not set up in this file: the tokens are deleted without a revoke (youtube-connection.test.ts revokes at a fake Google).
  await saveConnection(
    user.id,
    { id: "UCdeletetest00000000000", title: "A channel", thumbnailUrl: null, uploadsPlaylistId: "UUdeletetest00000000000" },
    { refresh_token: "1//delete-test-refresh", access_token: "ya29.delete-test", expiry_date: Date.now() + 3600_000, scope: "" },
  );
  // A thumbnail set on one of the channel's videos, with the video's previous picture kept.
  const previousImageKey = newStorageKey(previousThumbnailFolderOf(user.id), "jpg");
  await storage.put(previousImageKey, await flatThumbnail, { contentType: "image/jpeg" });
  await prisma.thumbnailSet.create({
    data: { userId: user.id, videoId: "dQw4w9WgXcQ", videoTitle: "A video", thumbnailId: thumbnails[0].id, thumbnailVersion: 1, previousImageKey },
    select: { id: true },
  });
  // A file of an upload that was killed before its row was written.
  const leftover = newStorageKey(`portraits/${user.id}`, "jpg");
  await storage.put(leftover, Buffer.from("killed upload"), { contentType: "image/jpeg" });
  // Automation: an API token, a create it made with an Idempotency-Key, a webhook endpoint with a delivery.
  await createApiToken(user.id, { name: "script", scopes: ["read"] });
  await prisma.apiIdempotencyKey.create({ data: { userId: user.id, key: "k1", endpoint: "POST /api/v1/generations", requestHash: "h", status: 202, body: "{}" } });
  const endpoint = await prisma.webhookEndpoint.create({
    data: { userId: user.id, url: "https://hooks.example.com/t", events: "generation.completed", secretSealed: "sealed" },
    select: { id: true },
  });
  await prisma.webhookDelivery.create({ data: { endpointId: endpoint.id, eventType: "generation.completed", payload: "{}", nextAttemptAt: new Date() } });
  const cookie = await sessionCookieFor(user.id);
  return { user, cookie, generationIds: [generationId] };
}

function deleteRequest(cookie: string, password: string) {
  return settle(deleteAction({ request: formRequest("/account/delete", { password }, { cookie }), params: {}, context: {} }));
}

afterEach(() => vi.restoreAllMocks());

describe("deleting my account", () => {
  test("removes every row and every file of the user, logs out, and leaves another user untouched", async () => {
    const other = await fullAccount();
    const otherFiles = filesOnDisk();
    const otherRows = await rowsOf(other.user.id, other.generationIds);

    const victim = await fullAccount();
    const before = await rowsOf(victim.user.id, victim.generationIds);
    // Every table is exercised, or the test would prove nothing about it.
    for (const [table, count] of Object.entries(before)) expect(count, table).toBeGreaterThan(0);
    expect(filesOnDisk().length).toBeGreaterThan(otherFiles.length);

    const response = await deleteRequest(victim.cookie, victim.user.password);

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/");
    const setCookie = response.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/__thumbsmith_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(setCookie).toContain("th_toast=");
    expect(Object.values(await rowsOf(victim.user.id, victim.generationIds)).every((count) => count === 0)).toBe(true);
    expect(await prisma.user.count({ where: { email: victim.user.email } })).toBe(0);
    // Nothing of theirs is left in the data directory: exactly the other user's files remain.
    expect(filesOnDisk()).toEqual(otherFiles);
    for (const file of filesOnDisk()) expect(file).not.toContain(victim.user.id);

    expect(await rowsOf(other.user.id, other.generationIds)).toEqual(otherRows);
    // The old cookie no longer opens anything.
    const after = await settle(accountLoader({ request: getRequest("/account", { cookie: victim.cookie }), params: {}, context: {} }));
    expect(after.status).toBe(302);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
  });

  test("a wrong password is a field error and deletes nothing", async () => {
    const victim = await fullAccount();
    const files = filesOnDisk();
    const rows = await rowsOf(victim.user.id, victim.generationIds);

    const response = await deleteRequest(victim.cookie, "not my password");

    expect(response.status).toBe(400);
    const body = (await response.json()) as { result: { error: Record<string, string[]>; initialValue?: Record<string, unknown> } };
    expect(body.result.error.password).toEqual(["That is not your password. Nothing was deleted."]);
    // The password is never echoed back.
    expect(JSON.stringify(body)).not.toContain("not my password");
    expect(await rowsOf(victim.user.id, victim.generationIds)).toEqual(rows);
    expect(filesOnDisk()).toEqual(files);
    const still = await settle(accountLoader({ request: getRequest("/account", { cookie: victim.cookie }), params: {}, context: {} }));
    expect(still.status).toBe(200);

    const empty = await deleteRequest(victim.cookie, "");
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { result: { error: Record<string, string[]> } }).result.error.password).toEqual(["Enter your password to confirm."]);
    expect(await prisma.user.count({ where: { id: victim.user.id } })).toBe(1);
  });

  test("a visitor is sent to log in", async () => {
    const response = await settle(deleteAction({ request: formRequest("/account/delete", { password: "x" }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/login/);
  });

});

/** Resolves once check() holds: looked at now and after every event of the generation (no timers). */
async function until(generationId: string, check: () => Promise<boolean>) {
  let unsubscribe: () => void = () => undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      let looking = false;
      let again = false;
      const look = async () => {
        if (looking) return void (again = true);
        looking = true;
        try {
          do {
            again = false;
            if (await check()) return resolve();
          } while (again);
        } catch (error) {
          reject(error);
        } finally {
          looking = false;
        }
      };
      unsubscribe = subscribeToGeneration(generationId, () => void look());
      void look();
    });
  } finally {
    unsubscribe();
  }
}

const statusOf = async (generationId: string) =>
  (await prisma.generation.findUnique({ where: { id: generationId }, select: { status: true } }))?.status ?? null;

/** The files under a generation's folder. */
async function filesOfGeneration(generationId: string) {
  const keys: string[] = [];
  for await (const page of storage.list({ prefix: `thumbnails/${generationId.toLowerCase()}/` })) keys.push(...page.map((e) => e.key));
  return keys;
}

/** A user with a portrait and a batch of 6 cells the runner has started, 2 at a time. */
async function batchInFlight() {
  await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed" } });
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id: generationId } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "deleted mid-batch", headline: null, backgroundCount: 2, submissionKey: null });
  return { user, generationId, cookie: await sessionCookieFor(user.id) };
}

/** The runner works one batch at a time: once the next one is done, it has let go of the deleted one. */
async function runnerMovesOn() {
  const next = await createTestUser();
  const portrait = await createTestPortrait(next.id);
  const { id } = await createGeneration({ userId: next.id, portraitId: portrait.id, keywords: "next batch", headline: null, backgroundCount: 1, submissionKey: null });
  await until(id, async () => (await statusOf(id)) === "completed");
}

describe("deleting my account while a batch renders", () => {
  test("stops the batch first and waits for the cells in flight: no file is written after the delete, none is left", async () => {
    const log: string[] = [];
    // Renders wait for the gate, then say they ended.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const real = localProvider.startBatch.bind(localProvider);
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      const batch = await real(input);
      return {
        ...batch,
        render: async (cell, context) => {
          await gate;
          const rendered = await batch.render(cell, context);
          log.push("rendered");
          return rendered;
        },
      };
    });
    const put = storage.put.bind(storage);
    vi.spyOn(storage, "put").mockImplementation(async (key, bytes, options) => {
      await put(key, bytes, options);
      log.push(`put ${key}`);
    });
    const deleteMany = prisma.user.deleteMany.bind(prisma.user);
    vi.spyOn(prisma.user, "deleteMany").mockImplementation((async (args: Parameters<typeof deleteMany>[0]) => {
      const result = await deleteMany(args);
      log.push("user deleted");
      return result;
    }) as never);
    const errors: unknown[] = [];
    const runner = startGenerationRunner({ pollMs: 50, concurrency: 2, onError: (error) => errors.push(error) });
    try {
      const { user, generationId, cookie } = await batchInFlight();
      const rendering = () => prisma.thumbnail.count({ where: { generationId, status: "rendering" } });
      await until(generationId, async () => (await rendering()) === 2);

      const deleting = deleteRequest(cookie, user.password);
      // Stopped first (before: the rows went at once, and the renders stored their files afterwards).
      await Promise.race([until(generationId, async () => (await statusOf(generationId)) !== "processing"), deleting]);
      open();
      expect((await deleting).status).toBe(302);
      await runnerMovesOn();

      const mine = `thumbnails/${generationId.toLowerCase()}/`;
      const deletedAt = log.indexOf("user deleted");
      expect(deletedAt).toBeGreaterThan(-1);
      // The two cells in flight ended before the rows went, and stored nothing after that.
      expect(log.slice(0, deletedAt).filter((e) => e === "rendered")).toHaveLength(2);
      expect(log.slice(deletedAt).filter((e) => e.startsWith(`put ${mine}`))).toEqual([]);
      expect(await filesOfGeneration(generationId)).toEqual([]);
      for (const file of filesOnDisk()) expect(file).not.toContain(user.id.toLowerCase());
      expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
      expect(await prisma.thumbnail.count({ where: { generationId } })).toBe(0);
      // The runner carried on with the next batch, having logged nothing.
      expect(errors).toEqual([]);
    } finally {
      open();
      await runner.stop();
    }
  });

  test("a cell still storing when the wait runs out discards its files once it finds the rows gone", async () => {
    // The cells' files are held on their way to storage until the account is gone.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let held = 0;
    let bothHeld: () => void = () => undefined;
    const twoHeld = new Promise<void>((resolve) => (bothHeld = resolve));
    const put = storage.put.bind(storage);
    let generationId = "";
    vi.spyOn(storage, "put").mockImplementation(async (key, bytes, options) => {
      if (generationId && key.startsWith(`thumbnails/${generationId.toLowerCase()}/`)) {
        if (++held === 2) bothHeld();
        await gate;
      }
      return put(key, bytes, options);
    });
    const errors: unknown[] = [];
    const runner = startGenerationRunner({ pollMs: 50, concurrency: 2, onError: (error) => errors.push(error) });
    try {
      const batch = await batchInFlight();
      generationId = batch.generationId;
      await twoHeld;

      // No wait at all: the runner is still storing when the rows and files go.
      expect(await deleteAccount(batch.user.id, { waitMs: 0 })).not.toBeNull();
      open();
      await runnerMovesOn();

      // Before: the two files were written after the delete and stayed until the sweep.
      expect(await filesOfGeneration(generationId)).toEqual([]);
      expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      open();
      await runner.stop();
    }
  });
});

