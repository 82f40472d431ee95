// The only code that changes a user's credit balance. Every change writes the
// balance and its ledger row in the caller's transaction, so the ledger always
// sums to the balance and each row's balanceAfter is exact.
import type { Tx } from "~/utils/db.server";
import { formatCredits } from "~/utils/misc";
import { LEDGER_REASONS, type LedgerReason } from "./ledger";

export class InsufficientCreditsError extends Error {
  constructor(balance: number, cost: number) {
    super(
      `This generation costs ${formatCredits(cost)} and your balance is ${formatCredits(balance)}. Ask the administrator of this Thumbsmith for more credits.`,
    );
  }
}

type Entry<Reason extends LedgerReason> = {
  userId: string;
  amount: number;
  reason: Reason;
  generationId?: string;
  note?: string;
};

/** Adds credits. Returns the balance after. */
export async function credit(
  tx: Tx,
  { userId, amount, reason, generationId, note }: Entry<Exclude<LedgerReason, typeof LEDGER_REASONS.generationDebit>>,
) {
  assertWholeCredits(amount);
  // The UPDATE returns the new balance, so balanceAfter is exact even when
  // another write to the same balance races with this one.
  const { credits } = await tx.user.update({
    where: { id: userId },
    data: { credits: { increment: amount } },
    select: { credits: true },
  });
  await writeLedgerRow(tx, { userId, delta: amount, balanceAfter: credits, reason, generationId, note });
  return { balance: credits };
}

/** Takes credits, never below zero: throws InsufficientCreditsError instead. Returns the balance after. */
export async function debit(
  tx: Tx,
  { userId, amount, reason, generationId, note }: Entry<typeof LEDGER_REASONS.generationDebit>,
) {
  assertWholeCredits(amount);
  // The condition and the decrement are one statement: two concurrent debits
  // cannot both pass a check that only one of them can afford. The row stays
  // locked (PostgreSQL) or the database stays write-locked (SQLite) until the
  // caller's transaction ends, so the balance read next is the one this wrote.
  const { count } = await tx.user.updateMany({
    where: { id: userId, credits: { gte: amount } },
    data: { credits: { decrement: amount } },
  });
  const { credits } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { credits: true } });
  if (count === 0) throw new InsufficientCreditsError(credits, amount);
  await writeLedgerRow(tx, { userId, delta: -amount, balanceAfter: credits, reason, generationId, note });
  return { balance: credits };
}

function assertWholeCredits(amount: number) {
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new RangeError("The number of credits must be a whole number above 0.");
  }
}

async function writeLedgerRow(
  tx: Tx,
  row: { userId: string; delta: number; balanceAfter: number; reason: LedgerReason; generationId?: string; note?: string },
) {
  await tx.creditLedger.create({ data: row, select: { id: true } });
}
