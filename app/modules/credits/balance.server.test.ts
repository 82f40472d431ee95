import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser, ledgerExplainsBalance } from "#tests/utils";
import { credit, debit, InsufficientCreditsError } from "./balance.server";
import { LEDGER_REASONS } from "./ledger";

const GENERATION_DEBIT = LEDGER_REASONS.generationDebit;
const ADMIN_GRANT = LEDGER_REASONS.adminGrant;

/**
 * A user whose balance is exactly `credits`, explained by the ledger. Written
 * directly, not through credit() or debit(), so a bug in them fails only the
 * tests about them.
 */
async function userWith(credits: number) {
  const user = await createTestUser();
  const { balance } = await ledgerExplainsBalance(user.id);
  await prisma.user.update({ where: { id: user.id }, data: { credits } });
  await prisma.creditLedger.create({
    data: { userId: user.id, delta: credits - balance, balanceAfter: credits, reason: ADMIN_GRANT, note: "test setup" },
  });
  return user;
}

function ledgerRows(userId: string) {
  return prisma.creditLedger.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { delta: true, balanceAfter: true, reason: true, note: true },
  });
}

/**
 * Whether the rows can be put in an order where each one starts from the
 * balance the previous one left (balanceAfter - delta) and the last ends at
 * `end`. Rows written concurrently share timestamps, so the order is searched.
 */
function replaysAsChain(start: number, rows: { delta: number; balanceAfter: number }[], end: number): boolean {
  if (rows.length === 0) return start === end;
  return rows.some(
    (row, i) =>
      row.balanceAfter - row.delta === start &&
      // Identical rows are interchangeable: trying the first of them is enough.
      rows.findIndex((other) => other.delta === row.delta && other.balanceAfter === row.balanceAfter) === i &&
      replaysAsChain(row.balanceAfter, rows.toSpliced(i, 1), end),
  );
}

describe("credit", () => {
  test("raises the balance and writes one ledger row with the exact balance after", async () => {
    const user = await userWith(10);
    const { balance } = await prisma.$transaction((tx) =>
      credit(tx, { userId: user.id, amount: 7, reason: ADMIN_GRANT, note: "thanks" }),
    );
    expect(balance).toBe(17);
    expect((await ledgerRows(user.id)).at(-1)).toEqual({ delta: 7, balanceAfter: 17, reason: ADMIN_GRANT, note: "thanks" });
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 17, ledgerSum: 17 });
  });

  test("zero, negative and fractional amounts are refused and write nothing", async () => {
    const user = await userWith(10);
    for (const amount of [0, -3, 1.5, Number.NaN]) {
      await expect(prisma.$transaction((tx) => credit(tx, { userId: user.id, amount, reason: ADMIN_GRANT }))).rejects.toThrow(RangeError);
    }
    expect(await ledgerRows(user.id)).toHaveLength(2);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });
});

describe("debit", () => {
  test("lowers the balance and writes one ledger row with the exact balance after", async () => {
    const user = await userWith(10);
    const { balance } = await prisma.$transaction((tx) => debit(tx, { userId: user.id, amount: 3, reason: GENERATION_DEBIT }));
    expect(balance).toBe(7);
    expect((await ledgerRows(user.id)).at(-1)).toEqual({ delta: -3, balanceAfter: 7, reason: GENERATION_DEBIT, note: null });
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 7, ledgerSum: 7 });
  });

  test("may spend the whole balance, but not one credit more", async () => {
    const user = await userWith(4);
    const { balance } = await prisma.$transaction((tx) => debit(tx, { userId: user.id, amount: 4, reason: GENERATION_DEBIT }));
    expect(balance).toBe(0);
    await expect(prisma.$transaction((tx) => debit(tx, { userId: user.id, amount: 1, reason: GENERATION_DEBIT }))).rejects.toThrow(
      new InsufficientCreditsError(0, 1),
    );
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 0, ledgerSum: 0 });
  });

  test("a debit larger than the balance changes neither the balance nor the ledger, and names both numbers", async () => {
    const user = await userWith(2);
    const rowsBefore = await ledgerRows(user.id);
    await expect(prisma.$transaction((tx) => debit(tx, { userId: user.id, amount: 3, reason: GENERATION_DEBIT }))).rejects.toThrow(
      "This generation costs 3 credits and your balance is 2 credits.",
    );
    expect(await ledgerRows(user.id)).toEqual(rowsBefore);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 2, ledgerSum: 2 });
  });

  test("zero, negative and fractional amounts are refused: a negative debit must not become a credit", async () => {
    const user = await userWith(10);
    for (const amount of [0, -3, 1.5]) {
      await expect(prisma.$transaction((tx) => debit(tx, { userId: user.id, amount, reason: GENERATION_DEBIT }))).rejects.toThrow(RangeError);
    }
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 10, ledgerSum: 10 });
  });

  test("twenty concurrent debits against a balance of 5: exactly 5 pass, the balance ends at 0", async () => {
    const user = await userWith(5);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => prisma.$transaction((tx) => debit(tx, { userId: user.id, amount: 1, reason: GENERATION_DEBIT }))),
    );
    const passed = results.filter((r) => r.status === "fulfilled");
    expect(passed).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(InsufficientCreditsError);
    // Each passing debit saw its own balance after: 4, 3, 2, 1, 0 once each.
    expect(passed.map((r) => (r as PromiseFulfilledResult<{ balance: number }>).value.balance).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 0, ledgerSum: 0 });
  });

  test("concurrent credits and debits leave a ledger that replays as one chain of balances and sums to the balance", async () => {
    const user = await userWith(3);
    await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        prisma.$transaction((tx) =>
          i % 2 === 0
            ? credit(tx, { userId: user.id, amount: 2, reason: ADMIN_GRANT })
            : debit(tx, { userId: user.id, amount: 3, reason: GENERATION_DEBIT }),
        ),
      ),
    );
    const { balance, ledgerSum } = await ledgerExplainsBalance(user.id);
    expect(ledgerSum).toBe(balance);
    const rows = await prisma.creditLedger.findMany({ where: { userId: user.id }, select: { delta: true, balanceAfter: true } });
    expect(rows.every((row) => row.balanceAfter >= 0)).toBe(true);
    expect(replaysAsChain(0, rows, balance)).toBe(true);
  });

  test("rolled back with the caller's transaction: a later failure leaves no debit behind", async () => {
    const user = await userWith(5);
    await expect(
      prisma.$transaction(async (tx) => {
        await debit(tx, { userId: user.id, amount: 2, reason: GENERATION_DEBIT });
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("the caller changed its mind");
    expect(await ledgerExplainsBalance(user.id)).toEqual({ balance: 5, ledgerSum: 5 });
  });
});
