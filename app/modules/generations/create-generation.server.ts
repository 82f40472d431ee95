import { LEDGER_REASONS } from "~/modules/credits/ledger";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatCredits } from "~/utils/misc";

export class InsufficientCreditsError extends Error {
  constructor(balance: number, cost: number) {
    super(
      `This generation costs ${formatCredits(cost)} and your balance is ${formatCredits(balance)}. Ask the administrator of this Thumbsmith for more credits.`,
    );
  }
}

export class PortraitNotFoundError extends Error {
  constructor() {
    super("That portrait is not in your library any more. Pick another one.");
  }
}

export type NewGeneration = {
  userId: string;
  portraitId: string;
  keywords: string;
  headline: string | null;
  backgroundCount: number;
  submissionKey: string | null;
};

/**
 * One transaction: check and debit the credits (never below zero, even with
 * concurrent submits), write the ledger row, insert the pending generation
 * with a snapshot of its portrait. The same submission key twice returns the
 * first generation and spends nothing more.
 */
export async function createGeneration(input: NewGeneration) {
  const cost = env.CREDITS_PER_GENERATION;
  const promptCount = env.PROMPTS_PER_GENERATION;
  try {
    return await prisma.$transaction(async (tx) => {
      const portrait = await tx.portrait.findFirst({
        where: { id: input.portraitId, userId: input.userId },
        select: { normalizedKey: true },
      });
      if (!portrait) throw new PortraitNotFoundError();
      // The condition and the decrement are one statement: two submits cannot
      // both pass a check that only one of them can afford.
      const debit = await tx.user.updateMany({
        where: { id: input.userId, credits: { gte: cost } },
        data: { credits: { decrement: cost } },
      });
      const { credits } = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: { credits: true } });
      if (debit.count === 0) throw new InsufficientCreditsError(credits, cost);
      const generation = await tx.generation.create({
        data: {
          userId: input.userId,
          portraitId: input.portraitId,
          portraitKey: portrait.normalizedKey,
          keywords: input.keywords,
          headline: input.headline,
          backgroundCount: input.backgroundCount,
          promptCount,
          thumbnailCount: promptCount * input.backgroundCount,
          creditsUsed: cost,
          provider: "local",
          submissionKey: input.submissionKey,
        },
        select: { id: true },
      });
      if (cost > 0) {
        await tx.creditLedger.create({
          data: {
            userId: input.userId,
            generationId: generation.id,
            delta: -cost,
            balanceAfter: credits,
            reason: LEDGER_REASONS.generationDebit,
          },
          select: { id: true },
        });
      }
      return { id: generation.id, duplicate: false };
    });
  } catch (error) {
    if (input.submissionKey && (error as { code?: string }).code === "P2002") {
      const existing = await prisma.generation.findFirst({
        where: { userId: input.userId, submissionKey: input.submissionKey },
        select: { id: true },
      });
      if (existing) return { id: existing.id, duplicate: true };
    }
    throw error;
  }
}
