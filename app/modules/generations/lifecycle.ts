// A generation's lifecycle, the one contract the runner, the queries, the
// event stream and the live gallery share. Client-safe: nothing here may
// import server code. The database holds the same values in CHECK
// constraints (lifecycle.test.ts keeps the two in step), so adding a status
// means this file and a migration.

export const GenerationStatus = {
  /** Paid for, waiting for a runner. */
  pending: "pending",
  /** A runner holds its lease and renders its cells. */
  processing: "processing",
  /** Every thumbnail was made. */
  completed: "completed",
  /** Some thumbnails were made, some could not be. */
  partial: "partial",
  /** No thumbnail was made; the credits were refunded. */
  failed: "failed",
} as const;
export type GenerationStatus = (typeof GenerationStatus)[keyof typeof GenerationStatus];

/** Still to be worked on: not deletable, watched live. Mutable only because Prisma's `in` wants a plain array. */
export const RUNNING_STATUSES: GenerationStatus[] = [GenerationStatus.pending, GenerationStatus.processing];
/** Finished for good: the event stream ends, the page stops listening. */
export const TERMINAL_STATUSES: GenerationStatus[] = [GenerationStatus.completed, GenerationStatus.partial, GenerationStatus.failed];

// They take any string because Prisma reads statuses as plain strings.
export function isRunning(status: string) {
  return (RUNNING_STATUSES as string[]).includes(status);
}

export function isTerminal(status: string) {
  return (TERMINAL_STATUSES as string[]).includes(status);
}

/** One cell (prompt x background) of a generation. */
export const ThumbnailStatus = {
  /** Planned; not started. */
  pending: "pending",
  /** A renderer is on it (or was, when its runner died). */
  rendering: "rendering",
  success: "success",
  failed: "failed",
} as const;
export type ThumbnailStatus = (typeof ThumbnailStatus)[keyof typeof ThumbnailStatus];

/** A cell with an outcome: a resumed generation does not render it again. */
export function isThumbnailFinished(status: string) {
  return status === ThumbnailStatus.success || status === ThumbnailStatus.failed;
}

/**
 * Where a rendering cell is, as its provider reports it (CellContext.onStage).
 * A pending cell is queued; success and failed are the status itself.
 */
export const ThumbnailStage = {
  /** Handed to the provider (a remote task was created). */
  sent: "sent",
  /** The provider says it is making the image. */
  generating: "generating",
  /** The image is made and on its way to storage. */
  downloading: "downloading",
} as const;
export type ThumbnailStage = (typeof ThumbnailStage)[keyof typeof ThumbnailStage];

/** A generation's progress, as every event carries it. */
export type GenerationSnapshot = {
  id: string;
  status: GenerationStatus;
  progress: number;
  currentStep: string | null;
  thumbnailCount: number;
  errorMessage: string | null;
  /** Seconds a batch like this usually takes (recent render times); null with no history. */
  estimatedSeconds: number | null;
};

export type ThumbnailSnapshot = {
  id: string;
  promptIndex: number;
  backgroundIndex: number;
  status: ThumbnailStatus;
  /** Meaningful while status is rendering; null before the provider reports. */
  stage: ThumbnailStage | null;
  prompt: string;
  /** The current version: image URLs carry it, since the image route is cached as immutable. */
  version: number;
  /** What the creator should know about how it was made (an AI plate that got their photo), shown on the tile. */
  note: string | null;
};

/** The first message of a generation's event stream (and of every reconnect): the whole state. */
export type GenerationStreamSnapshot = GenerationSnapshot & { thumbnails: ThumbnailSnapshot[] };

/** What follows the snapshot on the stream, each named by its type. */
export type GenerationEvent =
  | { type: "progress"; generation: GenerationSnapshot }
  | { type: "thumbnail"; generation: GenerationSnapshot; thumbnail: ThumbnailSnapshot };
