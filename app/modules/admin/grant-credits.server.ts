// Credits added from the admin page go through the same writer as the
// credits CLI (grantCredits: one transaction, an admin_grant ledger row).
import { grantCredits, UnknownAccountError } from "~/modules/credits/credits.server";
import { prisma } from "~/utils/db.server";

/** Adds credits to the account; returns the balance after, or null when there is no such account. */
export async function grantCreditsToUser({ userId, amount, note }: { userId: string; amount: number; note?: string }) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return null;
  try {
    return await grantCredits({ email: user.email, amount, note });
  } catch (error) {
    // Deleted between the two reads.
    if (error instanceof UnknownAccountError) return null;
    throw error;
  }
}
