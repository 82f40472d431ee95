import { debit } from "~/modules/credits/balance.server";
import { LEDGER_REASONS } from "~/modules/credits/ledger";
import { modelDrawsOf, type ModelDraws } from "~/modules/providers/provider";
import { providerForNewBatch } from "~/modules/providers/registry.server";
import type { NormalizedTopicImage } from "~/modules/topic-images/topic-image.server";
import { serializeTopicImageKeys } from "~/modules/topic-images/topic-image-keys";
import { discardTopicImages, storeTopicImages } from "~/modules/topic-images/topic-images.server";
import { prisma, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { undrawableTextErrors } from "./drawable-text.server";
import { headlineFitErrors, keywordFitErrors } from "./headline-fit.server";
import { portraitSnapshot } from "./portrait-snapshot.server";
import { wakeGenerationRunner } from "./queue.server";

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
  /** What an image model draws (providers that draw scenes only); the scene alone when unset. */
  modelDraws?: ModelDraws;
  /** The image service picked on the Generate page; the default when unset. */
  provider?: string | null;
  /** Up to 3, already normalized (topic-images.server.ts prepareTopicImages), in the creator's order. */
  topicImages?: NormalizedTopicImage[];
  /** The thumbnail of the video the batch starts from (video-lookup.server.ts), normalized; followed as a style. */
  styleReference?: NormalizedTopicImage | null;
  /** The YouTube video the batch starts from, as oEmbed named it: its page previews the candidates beside the video's own thumbnail. */
  sourceVideo?: SourceVideo | null;
};

/** A YouTube video a batch was started from: its id and the title it had then. */
export type SourceVideo = { id: string; title: string };

type GenerationSettings = {
  userId: string;
  portraitId: string | null;
  portraitKey: string;
  portraitMaskKey: string | null;
  portraitFace: string | null;
  /** JSON of the topic images' storage keys (topic-image-keys.ts); null for none. */
  topicImageKeys: string | null;
  /** A storage key in the owner's topic-images folder; null for none. */
  styleReferenceKey: string | null;
  sourceVideoId: string | null;
  sourceVideoTitle: string | null;
  keywords: string;
  headline: string | null;
  backgroundCount: number;
  submissionKey: string | null;
  modelDraws?: ModelDraws;
  /** A provider entry's name (registry.server.ts), already checked. */
  provider: string;
};

/**
 * Inserts the pending generation and debits its credits (never below zero,
 * even with concurrent submits), in the caller's transaction.
 */
async function insertAndDebit(tx: Tx, settings: GenerationSettings) {
  const cost = env.CREDITS_PER_GENERATION;
  const promptCount = env.PROMPTS_PER_GENERATION;
  // The generation goes in first so that the ledger row can name it; a debit
  // the user cannot afford throws and rolls the insert back.
  const generation = await tx.generation.create({
    data: {
      ...settings,
      promptCount,
      thumbnailCount: promptCount * settings.backgroundCount,
      creditsUsed: cost,
    },
    select: { id: true },
  });
  if (cost > 0) {
    await debit(tx, { userId: settings.userId, generationId: generation.id, amount: cost, reason: LEDGER_REASONS.generationDebit });
  }
  return generation;
}

/**
 * The same form posted twice returns the first generation instead of
 * failing. Either way a runner is woken for it: one may be asleep between
 * polls, or in another process.
 */
async function enqueue(userId: string, submissionKey: string | null, create: () => Promise<{ id: string }>) {
  const generation = await withSubmissionKey(userId, submissionKey, create);
  wakeGenerationRunner();
  return generation;
}

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
 * the pending generation with a snapshot of its portrait. Then wakes a runner.
 */
export async function createGeneration({ provider: picked, topicImages = [], styleReference = null, sourceVideo = null, ...input }: NewGeneration) {
  // Checked before anything is spent: a service the server no longer has is refused with a sentence.
  const provider = providerForNewBatch(picked, { strict: true }).name;
  // Stored before the row that names them, outside the transaction (no
  // writes to storage while the database is locked); removed again when no
  // row came to name them. A process killed in between leaves files the
  // orphan sweep removes.
  const topicImageKeys = await storeTopicImages(input.userId, topicImages);
  let styleReferenceKey: string | null;
  try {
    [styleReferenceKey = null] = await storeTopicImages(input.userId, styleReference ? [styleReference] : []);
  } catch (error) {
    await discardTopicImages(topicImageKeys);
    throw error;
  }
  const stored = [...topicImageKeys, ...(styleReferenceKey ? [styleReferenceKey] : [])];
  let generation;
  try {
    generation = await enqueue(input.userId, input.submissionKey, () =>
      prisma.$transaction(async (tx) => {
        const portrait = await tx.portrait.findFirst({
          where: { id: input.portraitId, userId: input.userId },
          select: { normalizedKey: true, maskKey: true, cutoutEnabled: true, faces: true, faceIndex: true },
        });
        if (!portrait) throw new PortraitNotFoundError();
        return insertAndDebit(tx, {
          ...input,
          provider,
          ...portraitSnapshot(portrait),
          topicImageKeys: serializeTopicImageKeys(topicImageKeys),
          styleReferenceKey,
          sourceVideoId: sourceVideo?.id ?? null,
          sourceVideoTitle: sourceVideo?.title ?? null,
        });
      }),
    );
  } catch (error) {
    await discardTopicImages(stored);
    throw error;
  }
  // The same form posted twice: the first post's batch has its own copies.
  if (generation.duplicate) await discardTopicImages(stored);
  return generation;
}

export class GenerationNotFoundError extends Error {}

export class RegenerateRefusedError extends Error {}

/**
 * What the Generate form would refuse in a batch's settings, as one message.
 * A batch stored before a check was added is still drawn (the text engine
 * cuts what does not fit with "…"), but is not started again as it is.
 */
async function regenerateProblem(userId: string, generationId: string) {
  const source = await prisma.generation.findFirst({ where: { id: generationId, userId }, select: { keywords: true, headline: true } });
  if (!source) throw new GenerationNotFoundError();
  const errors = { ...undrawableTextErrors(source), ...keywordFitErrors(source.keywords), ...headlineFitErrors(source.headline) };
  const [problem] = Object.values(errors).flat();
  if (!problem) return null;
  return `This batch cannot be made again as it is. ${problem.replace(/\.$/, "")}, in a new batch from Generate.`;
}

/**
 * A new generation with the same settings, portrait snapshot, topic
 * images, style reference and source video as one of the user's; wakes a runner. The topic images' files are
 * shared, not copied: a file goes when the last generation naming it does.
 */
export async function regenerateGeneration(userId: string, generationId: string, submissionKey: string | null) {
  // Checked before the transaction: laying a headline out takes a moment, and settings never change.
  const problem = await regenerateProblem(userId, generationId);
  if (problem) throw new RegenerateRefusedError(problem);
  return enqueue(userId, submissionKey, () =>
    prisma.$transaction(async (tx) => {
      const source = await tx.generation.findFirst({
        where: { id: generationId, userId },
        select: {
          portraitId: true,
          portraitKey: true,
          portraitMaskKey: true,
          portraitFace: true,
          topicImageKeys: true,
          styleReferenceKey: true,
          sourceVideoId: true,
          sourceVideoTitle: true,
          keywords: true,
          headline: true,
          backgroundCount: true,
          modelDraws: true,
          provider: true,
        },
      });
      if (!source) throw new GenerationNotFoundError();
      // The portrait may be deleted since; its snapshot is still kept (decision 004).
      // The same image service, while this server still has it set up.
      const provider = providerForNewBatch(source.provider, { strict: false }).name;
      return insertAndDebit(tx, { userId, submissionKey, ...source, provider, modelDraws: modelDrawsOf(source.modelDraws) });
    }),
  );
}
