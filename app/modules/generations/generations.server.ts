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
