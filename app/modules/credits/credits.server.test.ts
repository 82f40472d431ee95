import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { getCreditStatement, grantCredits, UnknownAccountError } from "./credits.server";

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
});
