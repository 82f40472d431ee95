// A runner's hold on a generation. Every write a runner makes is conditional
// on still holding the generation's lease, processing: a runner whose lease
// lapsed (another took the batch over), or whose batch was stopped or
// deleted, finds out at its next write and touches nothing more. The queue,
// processing and finishing all build on these.
import { prisma } from "~/utils/db.server";
import { GenerationStatus, type GenerationSnapshot } from "./lifecycle";
import { generationSnapshotSelect } from "./snapshots";

export class LeaseLostError extends Error {}

/** Prisma's "record to update not found": the lease condition did not match, or the row is gone. */
export function isNotFound(error: unknown) {
  return (error as { code?: string }).code === "P2025";
}

/** The generation as a runner may still write it: while it holds it, processing. */
export function heldBy(generationId: string, workerId: string) {
  return { id: generationId, leaseOwner: workerId, status: GenerationStatus.processing };
}

type Progress = { progress: number; currentStep: string; estimatedSeconds?: number | null };

/**
 * Writes progress while we still hold the lease, and returns the snapshot
 * the event bus carries, in one query.
 */
export async function updateGeneration(generationId: string, workerId: string, data: Progress & { leaseMs?: number }) {
  const { leaseMs, ...fields } = data;
  try {
    return (await prisma.generation.update({
      where: heldBy(generationId, workerId),
      data: { ...fields, ...(leaseMs ? { leaseExpiresAt: new Date(Date.now() + leaseMs) } : {}) },
      select: generationSnapshotSelect,
    })) as GenerationSnapshot;
  } catch (error) {
    // Another runner took over (our lease expired): stop touching this generation.
    if (isNotFound(error)) throw new LeaseLostError(`Lost the lease on generation ${generationId}`);
    throw error;
  }
}

/** Moves the lease's end on while this runner still holds the generation; a lost one is noticed at the next write. */
export async function keepLease(generationId: string, workerId: string, leaseMs: number) {
  await prisma.generation.updateMany({
    where: heldBy(generationId, workerId),
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
}

/** Throws LeaseLostError unless this runner still holds the generation, processing. */
export async function stillHeld(generationId: string, workerId: string) {
  const count = await prisma.generation.count({ where: heldBy(generationId, workerId) });
  if (count === 0) throw new LeaseLostError(`Generation ${generationId} is no longer held by ${workerId}`);
}
