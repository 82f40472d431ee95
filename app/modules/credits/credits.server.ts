import type { Db } from "~/utils/db.server";
import { prisma } from "~/utils/db.server";
import { credit } from "./balance.server";
import { LEDGER_REASONS } from "./ledger";

export class UnknownAccountError extends Error {
  constructor(email: string) {
    super(`No account uses the email "${email}".`);
  }
}

/** Adds credits to an account (the self-hoster's `npm run credits -- grant`). */
export async function grantCredits(
  { email, amount, note }: { email: string; amount: number; note?: string },
  db: Db = prisma,
) {
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (!user) throw new UnknownAccountError(email);
    return credit(tx, { userId: user.id, amount, reason: LEDGER_REASONS.adminGrant, note });
  });
}

export async function getCreditBalance(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { credits: true } });
  return user?.credits ?? 0;
}

export const LEDGER_PAGE_SIZE = 50;

/** The balance and the newest ledger rows that explain it. */
export async function getCreditStatement(userId: string, { page = 1 } = {}) {
  const [user, entries, total] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { credits: true } }),
    prisma.creditLedger.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * LEDGER_PAGE_SIZE,
      take: LEDGER_PAGE_SIZE,
      select: {
        id: true,
        delta: true,
        balanceAfter: true,
        reason: true,
        note: true,
        createdAt: true,
        generationId: true,
      },
    }),
    prisma.creditLedger.count({ where: { userId } }),
  ]);
  return { balance: user?.credits ?? 0, entries, total, page, pageCount: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)) };
}
