import type { Tx } from "~/utils/db.server";
import { credit } from "./balance.server";
import { LEDGER_REASONS } from "./ledger";

/**
 * Gives a failed generation's credits back, exactly once: the ledger's unique
 * (generation, reason) makes a second refund fail and roll back with its
 * increment. Returns whether this call refunded.
 */
export async function refundGeneration(
  tx: Tx,
  { userId, generationId, amount }: { userId: string; generationId: string; amount: number },
) {
  if (amount <= 0) return false;
  const already = await tx.creditLedger.findFirst({
    where: { generationId, reason: LEDGER_REASONS.generationRefund },
    select: { id: true },
  });
  if (already) return false;
  await credit(tx, { userId, generationId, amount, reason: LEDGER_REASONS.generationRefund });
  return true;
}
