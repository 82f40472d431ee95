import type { Prisma } from "~/generated/prisma-sqlite/client";
import { LEDGER_REASONS } from "./ledger";

/**
 * Gives a failed generation's credits back, exactly once: the ledger's unique
 * (generation, reason) makes a second refund fail and roll back with its
 * increment. Returns whether this call refunded.
 */
export async function refundGeneration(
  tx: Prisma.TransactionClient,
  { userId, generationId, amount }: { userId: string; generationId: string; amount: number },
) {
  if (amount <= 0) return false;
  const already = await tx.creditLedger.findFirst({
    where: { generationId, reason: LEDGER_REASONS.generationRefund },
    select: { id: true },
  });
  if (already) return false;
  const user = await tx.user.update({
    where: { id: userId },
    data: { credits: { increment: amount } },
    select: { credits: true },
  });
  await tx.creditLedger.create({
    data: { userId, generationId, delta: amount, balanceAfter: user.credits, reason: LEDGER_REASONS.generationRefund },
    select: { id: true },
  });
  return true;
}
