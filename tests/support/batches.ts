// A generation as a test drives one: made through createGeneration for a new
// user's astronaut portrait, then claimed and run to its end as a runner
// would. The provider is whichever the test configured (the first one set up).
import { expect } from "vitest";
import { createGeneration } from "~/modules/generations/create-generation.server";
import { processGeneration } from "~/modules/generations/process-generation.server";
import { claimNextGeneration } from "~/modules/generations/queue.server";
import type { ModelDraws } from "~/modules/providers/provider";
import { prisma } from "~/utils/db.server";
import { createTestPortrait, createTestUser } from "#tests/utils";

/** A new pending batch; earlier unfinished ones (tests in a file share the database) are set aside, so the next claim takes it. */
export async function newTestGeneration({
  keywords = "iPhone 17 review, shocking battery",
  backgroundCount = 1,
  modelDraws,
}: { keywords?: string; backgroundCount?: number; modelDraws?: ModelDraws } = {}) {
  await prisma.generation.updateMany({ where: { status: { in: ["pending", "processing"] } }, data: { status: "failed", progress: 100 } });
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const { id } = await createGeneration({ userId: user.id, portraitId: portrait.id, keywords, headline: null, backgroundCount, submissionKey: null, ...(modelDraws ? { modelDraws } : {}) });
  return { user, generationId: id };
}

/** Claims the batch (it must be next in line) and runs it to its end; the outcome (completed, partial, failed). */
export async function runTestGeneration(generationId: string, workerId: string, options: { concurrency?: number } = {}) {
  expect((await claimNextGeneration(workerId, 30_000))?.id).toBe(generationId);
  return processGeneration(generationId, { workerId, leaseMs: 30_000, ...options });
}
