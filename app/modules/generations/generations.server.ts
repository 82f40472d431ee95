import { prisma } from "~/utils/db.server";

export const GENERATION_STATUSES = ["pending", "processing", "completed", "failed", "partial"] as const;
export type GenerationStatus = (typeof GENERATION_STATUSES)[number];

export async function listGenerations(userId: string, { take = 20 } = {}) {
  return prisma.generation.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: {
      id: true,
      keywords: true,
      status: true,
      progress: true,
      thumbnailCount: true,
      createdAt: true,
    },
  });
}

/** One of the user's generations with its thumbnails, or null (someone else's answers the same as none). */
export async function getGeneration(userId: string, generationId: string) {
  return prisma.generation.findFirst({
    where: { id: generationId, userId },
    select: {
      id: true,
      keywords: true,
      headline: true,
      status: true,
      progress: true,
      currentStep: true,
      thumbnailCount: true,
      backgroundCount: true,
      promptCount: true,
      errorMessage: true,
      provider: true,
      creditsUsed: true,
      createdAt: true,
      completedAt: true,
      thumbnails: {
        orderBy: [{ promptIndex: "asc" }, { backgroundIndex: "asc" }],
        select: { id: true, promptIndex: true, backgroundIndex: true, status: true, prompt: true, errorMessage: true },
      },
    },
  });
}

/** The stored JPEG of one of the user's thumbnails, or null. */
export async function getThumbnailFileKey(userId: string, thumbnailId: string) {
  const thumbnail = await prisma.thumbnail.findFirst({
    where: { id: thumbnailId, status: "success", generation: { userId } },
    select: { storagePath: true },
  });
  return thumbnail?.storagePath ?? null;
}
