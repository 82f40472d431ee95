// How each thumbnail provider is doing, for the admin page: configured or
// not, its notice (for kie.ai: callbacks refused for a wrong webhook key,
// as this process has seen them), and its thumbnails that failed lately.
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { providerStatuses } from "~/modules/providers/registry.server";
import { prisma } from "~/utils/db.server";

export const FAILURE_WINDOW_MS = 24 * 60 * 60 * 1000;
export const RECENT_FAILURES_SHOWN = 20;

export async function getProviderHealth(now = new Date()) {
  const since = new Date(now.getTime() - FAILURE_WINDOW_MS);
  return Promise.all(
    providerStatuses().map(async (provider) => {
      // A failed cell's updatedAt is when it failed.
      const where = { status: ThumbnailStatus.failed, updatedAt: { gte: since }, generation: { provider: provider.name } };
      const [failureCount, recentFailures] = await Promise.all([
        prisma.thumbnail.count({ where }),
        prisma.thumbnail.findMany({
          where,
          orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
          take: RECENT_FAILURES_SHOWN,
          select: {
            id: true,
            errorMessage: true,
            updatedAt: true,
            generation: { select: { id: true, user: { select: { id: true, email: true } } } },
          },
        }),
      ]);
      return { ...provider, failureCount, recentFailures };
    }),
  );
}
