import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createCompareSet } from "~/modules/compare/compare-sets.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { claimNextGeneration, processGeneration, startGenerationRunner } from "~/modules/generations/runner.server";
import { localProvider } from "~/modules/providers/local/compositor.server";
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
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

/** A user with everything an account can have: portraits, a finished generation, a Test & Compare set, a session, ledger rows, a leftover upload. */
async function fullAccount() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const generationId = await finishedGeneration(user.id, portrait.id);
  const thumbnails = await prisma.thumbnail.findMany({ where: { generationId }, take: 2, select: { id: true } });
  await createCompareSet({ userId: user.id, name: null, variants: thumbnails.map((t) => ({ thumbnailId: t.id, title: "A title" })), submissionKey: null });
  await createTestPortrait(user.id);
  // A file of an upload that was killed before its row was written.
  const leftover = newStorageKey(`portraits/${user.id}`, "jpg");
  await storage.put(leftover, Buffer.from("killed upload"), { contentType: "image/jpeg" });
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

  test("a generation rendering while the account is deleted stops its runner cleanly", async () => {
    await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed" } });
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const cookie = await sessionCookieFor(user.id);
    // Every render waits until the account is gone.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const real = localProvider.startBatch.bind(localProvider);
    vi.spyOn(localProvider, "startBatch").mockImplementation(async (input) => {
      const batch = await real(input);
      return { ...batch, render: async (cell, context) => (await released, batch.render(cell, context)) };
    });
    const errors: unknown[] = [];
    const runner = startGenerationRunner({ pollMs: 50, concurrency: 2, onError: (error) => errors.push(error) });
    try {
      const { id: generationId } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "gone mid-batch", headline: null, backgroundCount: 2, submissionKey: null });
      await vi.waitFor(async () => expect(await prisma.thumbnail.count({ where: { generationId, status: "rendering" } })).toBe(2), {
        timeout: 15_000,
        interval: 25,
      });

      expect((await deleteRequest(cookie, user.password)).status).toBe(302);
      release();

      // The runner carries on with the next generation, having logged nothing.
      vi.restoreAllMocks();
      const next = await createTestUser();
      const nextPortrait = await createTestPortrait(next.id);
      const { id: nextId } = await createGeneration({ userId: next.id, portraitId: nextPortrait.id, keywords: "next batch", headline: null, backgroundCount: 1, submissionKey: null });
      await vi.waitFor(
        async () => expect((await prisma.generation.findUniqueOrThrow({ where: { id: nextId }, select: { status: true } })).status).toBe("completed"),
        { timeout: 30_000, interval: 50 },
      );
      expect(errors).toEqual([]);
      expect(await prisma.generation.count({ where: { id: generationId } })).toBe(0);
      expect(await prisma.thumbnail.count({ where: { generationId } })).toBe(0);
    } finally {
      release();
      await runner.stop();
    }
  });
});
