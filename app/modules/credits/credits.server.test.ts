import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { getCreditBalance, getCreditStatement, grantCredits, LEDGER_PAGE_SIZE, UnknownAccountError } from "./credits.server";
import { refundGeneration } from "./refund.server";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { createTestPortrait } from "#tests/utils";

async function ledgerSum(userId: string) {
  const { _sum } = await prisma.creditLedger.aggregate({ where: { userId }, _sum: { delta: true } });
  return _sum.delta ?? 0;
}

describe("credits", () => {
  test("a grant raises the balance and writes a ledger row that explains it", async () => {
    const user = await createTestUser();
    const { balance } = await grantCredits({ email: user.email, amount: 25, note: "Patreon" });
    expect(balance).toBe(35);

    const statement = await getCreditStatement(user.id);
    expect(statement.balance).toBe(35);
    expect(statement.entries[0]).toMatchObject({ delta: 25, balanceAfter: 35, reason: "admin_grant", note: "Patreon" });
    expect(await ledgerSum(user.id)).toBe(35);
  });

  test("concurrent grants each record the exact balance after them", async () => {
    const user = await createTestUser();
    await Promise.all(Array.from({ length: 8 }, () => grantCredits({ email: user.email, amount: 1 })));
    const { balance, entries } = await getCreditStatement(user.id);
    expect(balance).toBe(18);
    const afters = entries.filter((e) => e.reason === "admin_grant").map((e) => e.balanceAfter).sort((a, b) => a - b);
    expect(afters).toEqual([11, 12, 13, 14, 15, 16, 17, 18]);
    expect(await ledgerSum(user.id)).toBe(balance);
  });

  test("an unknown email is a clear error and changes nothing", async () => {
    const rows = await prisma.creditLedger.count();
    await expect(grantCredits({ email: "ghost@example.com", amount: 5 })).rejects.toThrow(
      new UnknownAccountError("ghost@example.com"),
    );
    expect(await prisma.creditLedger.count()).toBe(rows);
  });

  test("zero, negative and fractional amounts are refused", async () => {
    const user = await createTestUser();
    for (const amount of [0, -3, 1.5]) {
      await expect(grantCredits({ email: user.email, amount })).rejects.toThrow(RangeError);
    }
    expect((await getCreditStatement(user.id)).balance).toBe(10);
  });

  test("the statement lists another user's rows never", async () => {
    const a = await createTestUser();
    const b = await createTestUser();
    await grantCredits({ email: b.email, amount: 3 });
    const statement = await getCreditStatement(a.id);
    expect(statement.entries).toHaveLength(1);
    expect(statement.total).toBe(1);
  });

  test("the error for an unknown email names it", () => {
    expect(new UnknownAccountError("ghost@example.com").message).toBe('No account uses the email "ghost@example.com".');
  });

  test("the statement pages the ledger newest first, 50 a page, and says how many pages", async () => {
    const user = await createTestUser();
    // The sign-up grant, then 60 grants of 1, 2, ... 60 credits, one after another.
    for (let amount = 1; amount <= 60; amount++) await grantCredits({ email: user.email, amount, note: `#${amount}` });
    const first = await getCreditStatement(user.id);
    expect(first).toMatchObject({ balance: 10 + 1830, total: 61, page: 1, pageCount: 2 });
    expect(first.entries).toHaveLength(LEDGER_PAGE_SIZE);
    expect(first.entries[0]).toMatchObject({ delta: 60, balanceAfter: 1840, note: "#60", reason: "admin_grant", generationId: null });
    expect(typeof first.entries[0].id).toBe("string");
    expect(first.entries[0].createdAt).toBeInstanceOf(Date);
    const second = await getCreditStatement(user.id, { page: 2 });
    expect(second.entries.map((e) => e.delta)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 10]);
    expect(second.entries.at(-1)?.reason).toBe("signup_grant");
    // A page past the end is empty, not an error; a user without rows has one (empty) page.
    expect((await getCreditStatement(user.id, { page: 3 })).entries).toEqual([]);
    const ghost = await getCreditStatement("no-such-user");
    expect(ghost).toMatchObject({ balance: 0, total: 0, pageCount: 1, entries: [] });
  });

  test("the balance alone, 0 for an unknown user", async () => {
    const user = await createTestUser();
    await grantCredits({ email: user.email, amount: 5 });
    expect(await getCreditBalance(user.id)).toBe(15);
    expect(await getCreditBalance("no-such-user")).toBe(0);
  });
});

describe("refunds", () => {
  async function debitedGeneration() {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords: "refund me", headline: null, backgroundCount: 1, submissionKey: null });
    return { userId: user.id, generationId: id };
  }

  test("a failed generation is refunded once: the second call refunds nothing and says so", async () => {
    const { userId, generationId } = await debitedGeneration();
    expect(await getCreditBalance(userId)).toBe(9);
    expect(await prisma.$transaction((tx) => refundGeneration(tx, { userId, generationId, amount: 1 }))).toBe(true);
    expect(await prisma.$transaction((tx) => refundGeneration(tx, { userId, generationId, amount: 1 }))).toBe(false);
    expect(await getCreditBalance(userId)).toBe(10);
    expect(await prisma.creditLedger.count({ where: { generationId, reason: "generation_refund" } })).toBe(1);
    expect(await ledgerSum(userId)).toBe(10);
  });

  test("a generation that cost nothing is not refunded, and leaves no ledger row", async () => {
    const { userId, generationId } = await debitedGeneration();
    for (const amount of [0, -1]) {
      expect(await prisma.$transaction((tx) => refundGeneration(tx, { userId, generationId, amount }))).toBe(false);
    }
    expect(await getCreditBalance(userId)).toBe(9);
    expect(await prisma.creditLedger.count({ where: { generationId, reason: "generation_refund" } })).toBe(0);
  });
});
