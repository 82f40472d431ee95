import { LEDGER_REASONS } from "~/modules/credits/ledger";
import { defaultProvider } from "~/modules/providers/registry.server";
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { formatCredits } from "~/utils/misc";
import { portraitSnapshot } from "./portrait-snapshot.server";

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

type Tx = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

type GenerationSettings = {
  userId: string;
  portraitId: string | null;
  portraitKey: string;
  portraitMaskKey: string | null;
  portraitFace: string | null;
  keywords: string;
  headline: string | null;
  backgroundCount: number;
  submissionKey: string | null;
};

/**
 * Debits the credits (never below zero, even with concurrent submits),
 * writes the ledger row and inserts the pending generation, in the caller's
 * transaction.
 */
async function debitAndInsert(tx: Tx, settings: GenerationSettings) {
  const cost = env.CREDITS_PER_GENERATION;
  const promptCount = env.PROMPTS_PER_GENERATION;
  // The condition and the decrement are one statement: two submits cannot
  // both pass a check that only one of them can afford.
  const debit = await tx.user.updateMany({
    where: { id: settings.userId, credits: { gte: cost } },
    data: { credits: { decrement: cost } },
  });
  const { credits } = await tx.user.findUniqueOrThrow({ where: { id: settings.userId }, select: { credits: true } });
  if (debit.count === 0) throw new InsufficientCreditsError(credits, cost);
  const generation = await tx.generation.create({
    data: {
      ...settings,
      promptCount,
      thumbnailCount: promptCount * settings.backgroundCount,
      creditsUsed: cost,
      provider: defaultProvider().name,
    },
    select: { id: true },
  });
  if (cost > 0) {
    await tx.creditLedger.create({
      data: {
        userId: settings.userId,
        generationId: generation.id,
        delta: -cost,
        balanceAfter: credits,
        reason: LEDGER_REASONS.generationDebit,
      },
      select: { id: true },
    });
  }
  return generation;
}

/** The same form posted twice returns the first generation instead of failing. */
async function withSubmissionKey(userId: string, submissionKey: string | null, create: () => Promise<{ id: string }>) {
  try {
    return { ...(await create()), duplicate: false };
  } catch (error) {
    if (submissionKey && (error as { code?: string }).code === "P2002") {
      const existing = await prisma.generation.findFirst({ where: { userId, submissionKey }, select: { id: true } });
      if (existing) return { id: existing.id, duplicate: true };
    }
    throw error;
  }
}

/**
 * One transaction: check and debit the credits, write the ledger row, insert
 * the pending generation with a snapshot of its portrait.
 */
export async function createGeneration(input: NewGeneration) {
  return withSubmissionKey(input.userId, input.submissionKey, () =>
    prisma.$transaction(async (tx) => {
      const portrait = await tx.portrait.findFirst({
        where: { id: input.portraitId, userId: input.userId },
        select: { normalizedKey: true, maskKey: true, cutoutEnabled: true, faces: true, faceIndex: true },
      });
      if (!portrait) throw new PortraitNotFoundError();
      return debitAndInsert(tx, { ...input, ...portraitSnapshot(portrait) });
    }),
  );
}

export class GenerationNotFoundError extends Error {}

/** A new generation with the same settings and portrait snapshot as one of the user's. */
export async function regenerateGeneration(userId: string, generationId: string, submissionKey: string | null) {
  return withSubmissionKey(userId, submissionKey, () =>
    prisma.$transaction(async (tx) => {
      const source = await tx.generation.findFirst({
        where: { id: generationId, userId },
        select: {
          portraitId: true,
          portraitKey: true,
          portraitMaskKey: true,
          portraitFace: true,
          keywords: true,
          headline: true,
          backgroundCount: true,
        },
      });
      if (!source) throw new GenerationNotFoundError();
      // The portrait may be deleted since; its snapshot is still kept (decision 004).
      return debitAndInsert(tx, { userId, submissionKey, ...source });
    }),
  );
}
