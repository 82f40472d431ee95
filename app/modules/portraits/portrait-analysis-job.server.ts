// Background analysis of portraits that have none yet: rows that became
// "pending" in an upgrade, an upload whose request died before analysing, or
// an analysis that failed once. Started with the generation runner (the web
// server or `npm run worker`), never inside a request.
import { storage } from "~/modules/storage/storage.server";
import { claimOldest } from "~/utils/claim.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { startPeriodicJob, type Job } from "~/utils/periodic-job.server";
import { ANALYSIS_LEASE_MS, analyzeClaimedPortrait, MAX_ANALYSIS_ATTEMPTS } from "./portrait-analysis.server";

/** A failed analysis is tried again this many times in all (the upload's try counts). */
const FAILED_RETRY_LIMIT = 2;

function claimable(now: Date) {
  return {
    OR: [{ analysisLeaseExpiresAt: null }, { analysisLeaseExpiresAt: { lt: now } }],
    AND: [
      {
        OR: [
          { analysisStatus: "pending", analysisAttempts: { lt: MAX_ANALYSIS_ATTEMPTS } },
          { analysisStatus: "failed", analysisAttempts: { lt: FAILED_RETRY_LIMIT } },
        ],
      },
    ],
  };
}

/** Claims the oldest portrait waiting for analysis, exclusively: of two processes racing for one, one gets it (claimOldest). */
export function claimNextPortraitAnalysis(leaseMs = ANALYSIS_LEASE_MS) {
  return claimOldest({
    find: (now) =>
      prisma.portrait.findFirst({
        where: claimable(now),
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, userId: true, normalizedKey: true },
      }),
    take: async (candidate, now) => {
      const { count } = await prisma.portrait.updateMany({
        where: { id: candidate.id, ...claimable(now) },
        data: { analysisLeaseExpiresAt: new Date(now.getTime() + leaseMs), analysisAttempts: { increment: 1 } },
      });
      return count === 1;
    },
  });
}

/** A portrait whose analysis crashed its process every time is given up, not shown as "Analysing…" forever. */
async function giveUpStuckAnalyses() {
  await prisma.portrait.updateMany({
    where: {
      analysisStatus: "pending",
      analysisAttempts: { gte: MAX_ANALYSIS_ATTEMPTS },
      analysisLeaseExpiresAt: { lt: new Date() },
    },
    data: { analysisStatus: "failed", analysisLeaseExpiresAt: null },
  });
}

/**
 * Analyses waiting portraits one at a time until none is left (or stop()
 * says so). Returns how many it analysed.
 */
export async function analyzePendingPortraits({
  leaseMs = ANALYSIS_LEASE_MS,
  shouldStop = () => false,
}: { leaseMs?: number; shouldStop?: () => boolean } = {}) {
  await giveUpStuckAnalyses();
  let analysed = 0;
  while (!shouldStop()) {
    const claimed = await claimNextPortraitAnalysis(leaseMs);
    if (!claimed) break;
    const image = await storage.read(claimed.normalizedKey);
    if (!image) {
      logger.error({ portraitId: claimed.id }, "a portrait's image is missing from storage, it cannot be analysed");
      await prisma.portrait.updateMany({
        where: { id: claimed.id },
        data: { analysisStatus: "failed", analysisAttempts: MAX_ANALYSIS_ATTEMPTS, analysisLeaseExpiresAt: null },
      });
      continue;
    }
    await analyzeClaimedPortrait({ id: claimed.id, userId: claimed.userId, image });
    analysed += 1;
  }
  return analysed;
}

/** Runs analyzePendingPortraits now and then every pollMs until stop(). */
export function startPortraitAnalysisJob({
  pollMs = 30_000,
  onError = (error: unknown) => logger.error({ err: error }, "portrait analysis job failed"),
} = {}): Job {
  return startPeriodicJob({
    intervalMs: pollMs,
    onError,
    keepProcessAlive: true,
    run: (shouldStop) => analyzePendingPortraits({ shouldStop }),
  });
}
