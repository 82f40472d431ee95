// The database enforces the data model's rules by itself, on both providers.
import { describe, expect, test } from "vitest";
import { createTestUser } from "#tests/utils";
import { prisma } from "./db.server";
import { env } from "./env.server";

async function createPortrait(userId: string) {
  return prisma.portrait.create({
    data: {
      userId,
      name: "Me",
      normalizedKey: "portraits/n",
      previewKey: "portraits/p",
      contentType: "image/jpeg",
      width: 800,
      height: 800,
      byteSize: 1000,
    },
    select: { id: true },
  });
}

async function createGeneration(userId: string, portraitId: string | null = null) {
  return prisma.generation.create({
    data: { userId, portraitId, portraitKey: "portraits/n", keywords: "iphone review" },
    select: { id: true, status: true, progress: true, thumbnailCount: true, creditsUsed: true, backgroundCount: true },
  });
}

describe(`database rules (${env.databaseProvider})`, () => {
  test("runs on the provider this test run asked for", () => {
    expect(env.databaseProvider).toBe(process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite");
  });

  test("a new generation has the original plan's defaults", async () => {
    const user = await createTestUser();
    const generation = await createGeneration(user.id);
    expect(generation).toMatchObject({ status: "pending", progress: 0, thumbnailCount: 0, creditsUsed: 1, backgroundCount: 3 });
  });

  test("a balance can never go below zero", async () => {
    const user = await createTestUser();
    await expect(prisma.user.update({ where: { id: user.id }, data: { credits: -1 } })).rejects.toThrow();
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { credits: true } })).credits).toBe(10);
  });

  test("progress stays within 0..100 and status within the known states", async () => {
    const user = await createTestUser();
    const { id } = await createGeneration(user.id);
    await expect(prisma.generation.update({ where: { id }, data: { progress: 101 } })).rejects.toThrow();
    await expect(prisma.generation.update({ where: { id }, data: { progress: -1 } })).rejects.toThrow();
    await expect(prisma.generation.update({ where: { id }, data: { status: "done" } })).rejects.toThrow();
    await prisma.generation.update({ where: { id }, data: { progress: 100, status: "partial" } });
  });

  test("one thumbnail per (prompt, background) of a generation", async () => {
    const user = await createTestUser();
    const { id } = await createGeneration(user.id);
    const cell = { generationId: id, prompt: "p", promptIndex: 0, backgroundIndex: 1 };
    await prisma.thumbnail.create({ data: cell });
    await expect(prisma.thumbnail.create({ data: cell })).rejects.toThrow();
    await expect(prisma.thumbnail.create({ data: { ...cell, backgroundIndex: 2, status: "maybe" } })).rejects.toThrow();
  });

  test("deleting a portrait keeps its generations and their snapshot", async () => {
    const user = await createTestUser();
    const portrait = await createPortrait(user.id);
    const { id } = await createGeneration(user.id, portrait.id);
    await prisma.portrait.delete({ where: { id: portrait.id } });
    const generation = await prisma.generation.findUniqueOrThrow({ where: { id }, select: { portraitId: true, portraitKey: true } });
    expect(generation).toEqual({ portraitId: null, portraitKey: "portraits/n" });
  });

  test("deleting a generation deletes its thumbnails; deleting a user deletes everything of theirs", async () => {
    const user = await createTestUser();
    const { id } = await createGeneration(user.id);
    await prisma.thumbnail.create({ data: { generationId: id, prompt: "p", promptIndex: 0, backgroundIndex: 0 } });
    await prisma.generation.delete({ where: { id } });
    expect(await prisma.thumbnail.count({ where: { generationId: id } })).toBe(0);

    const again = await createGeneration(user.id);
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.generation.count({ where: { id: again.id } })).toBe(0);
    expect(await prisma.creditLedger.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.password.count({ where: { userId: user.id } })).toBe(0);
  });

  test("a generation is debited once and refunded at most once", async () => {
    const user = await createTestUser();
    const { id } = await createGeneration(user.id);
    const row = { userId: user.id, generationId: id, delta: 1, balanceAfter: 10, reason: "generation_refund" };
    await prisma.creditLedger.create({ data: row });
    await expect(prisma.creditLedger.create({ data: row })).rejects.toThrow();
  });

  test("selecting a user never includes the password hash", async () => {
    const user = await createTestUser();
    const found = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(JSON.stringify(found)).not.toMatch(/\$2[aby]\$/);
  });
});
