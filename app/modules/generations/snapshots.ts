// What every reader of a generation's live state selects, and the order its
// cells come in: the runner, the queries, the event bus and the stream all
// read snapshots through these, so what a page is sent cannot drift between
// them. Beside lifecycle.ts at the bottom of the house: it imports nothing
// but the lifecycle's types, so events/ and providers/ can build on it
// without reaching into the generation queries above them.
import type { GenerationSnapshot, ThumbnailSnapshot } from "./lifecycle";

/** The columns of a GenerationSnapshot, for every query that reads one. */
export const generationSnapshotSelect = {
  id: true,
  status: true,
  progress: true,
  currentStep: true,
  thumbnailCount: true,
  errorMessage: true,
  estimatedSeconds: true,
} satisfies Record<keyof GenerationSnapshot, true>;

/** The columns of a ThumbnailSnapshot, for every query that reads one. */
export const thumbnailSnapshotSelect = {
  id: true,
  promptIndex: true,
  backgroundIndex: true,
  status: true,
  stage: true,
  prompt: true,
  version: true,
  note: true,
} satisfies Record<keyof ThumbnailSnapshot, true>;

/** A batch's cells row by row: each prompt's backgrounds in turn, as the plan lays them out. */
export const cellOrder = [{ promptIndex: "asc" as const }, { backgroundIndex: "asc" as const }];

/**
 * The same order for raw SQL: the fields' columns (the schema maps each
 * field to its snake_case name), comma-separated. Trusted text, made here
 * from the constant above, never from input.
 */
export const cellOrderColumns = cellOrder
  .map((order) => Object.keys(order)[0].replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))
  .join(", ");
