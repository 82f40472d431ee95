// How long renders of a provider and model take, to tell a person waiting on
// a batch "usually about 2 min". Kept as one row per successful render: the
// median of the newest few is robust to the odd 15-minute straggler and
// follows kie.ai when it gets faster or slower.
import { prisma } from "~/utils/db.server";

/** Renders the median is taken over. */
export const RECENT_RENDERS = 20;
/** Rows kept per provider and model; older ones are pruned after each batch. */
const KEPT_RENDERS = 50;

export async function recordRenderTime(provider: string, model: string, seconds: number) {
  await prisma.renderTiming.create({ data: { provider, model, seconds }, select: { id: true } });
}

export function median(values: number[]) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Seconds a batch of `cells` renders usually takes: the median recent render
 * time, once per wave of `concurrency` cells at a time. Null with no history,
 * so that nothing is said rather than a guess.
 */
export async function estimateBatchSeconds(provider: string, model: string, cells: number, concurrency: number) {
  if (cells <= 0) return null;
  const recent = await prisma.renderTiming.findMany({
    where: { provider, model },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RECENT_RENDERS,
    select: { seconds: true },
  });
  const typical = median(recent.map((r) => r.seconds));
  if (typical === null) return null;
  return Math.max(1, Math.round(typical * Math.ceil(cells / Math.max(1, concurrency))));
}

/** Keeps the newest KEPT_RENDERS rows of a provider and model. */
export async function pruneRenderTimings(provider: string, model: string) {
  const oldestKept = await prisma.renderTiming.findFirst({
    where: { provider, model },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: KEPT_RENDERS - 1,
    select: { createdAt: true },
  });
  if (oldestKept) await prisma.renderTiming.deleteMany({ where: { provider, model, createdAt: { lt: oldestKept.createdAt } } });
}
