// Every user's running and failed generations, for the admin page.
// Only callers behind requireAdmin may use this module.
import { GenerationStatus, RUNNING_STATUSES, ThumbnailStatus } from "~/modules/generations/lifecycle";
import type { AdminGenerationFilter } from "./generation-filters";
import { providerLabel } from "~/modules/providers/registry.server";
import { prisma } from "~/utils/db.server";

export const ADMIN_GENERATIONS_PAGE_SIZE = 25;

// "Failed" includes partial batches: some of their thumbnails failed, with reasons worth reading.
const FILTERS: Record<AdminGenerationFilter, readonly GenerationStatus[]> = {
  running: RUNNING_STATUSES,
  failed: [GenerationStatus.failed, GenerationStatus.partial],
};

/** Distinct thumbnail errors shown per generation; the rest say the same thing more often. */
const ERRORS_PER_GENERATION = 3;

/** A page of generations with the given outcome, newest first, with their owner and errors. */
export async function listGenerationsForAdmin({ filter, page = 1 }: { filter: AdminGenerationFilter; page?: number }) {
  const where = { status: { in: [...FILTERS[filter]] } };
  const [generations, total] = await Promise.all([
    prisma.generation.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * ADMIN_GENERATIONS_PAGE_SIZE,
      take: ADMIN_GENERATIONS_PAGE_SIZE,
      select: {
        id: true,
        status: true,
        keywords: true,
        provider: true,
        progress: true,
        currentStep: true,
        errorMessage: true,
        createdAt: true,
        completedAt: true,
        user: { select: { id: true, email: true } },
        thumbnails: {
          where: { status: ThumbnailStatus.failed, errorMessage: { not: null } },
          distinct: ["errorMessage"],
          orderBy: { updatedAt: "desc" },
          take: ERRORS_PER_GENERATION,
          select: { errorMessage: true },
        },
      },
    }),
    prisma.generation.count({ where }),
  ]);
  return {
    generations: generations.map(({ thumbnails, ...generation }) => ({
      ...generation,
      status: generation.status as GenerationStatus,
      providerLabel: providerLabel(generation.provider),
      thumbnailErrors: thumbnails.map((t) => t.errorMessage!),
    })),
    filter,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / ADMIN_GENERATIONS_PAGE_SIZE)),
  };
}
