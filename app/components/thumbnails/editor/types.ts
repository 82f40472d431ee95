import type { SubmissionResult } from "@conform-to/react";
import type { ThumbnailEdits } from "~/modules/thumbnails/edits";
import type { LegibilityCheck } from "~/modules/thumbnails/legibility";

/** One thumbnail as its editor shows it: the editor route's loader data. */
export type EditorData = {
  id: string;
  generationId: string;
  keywords: string;
  version: number;
  versions: Array<{ number: number; createdAt: string | null; byteSize: number }>;
  hasCutout: boolean;
  propAvailable: boolean;
  /** The recipe shows a topic image: the creator picks where (background, screen) or turns it off. */
  topicAvailable: boolean;
  checks: LegibilityCheck[] | null;
  /** The form's values for the current recipe; null when the image model drew the text (nothing to edit). */
  edits: ThumbnailEdits | null;
  /** Lettered on an image model's plate: the scene and the person stay as drawn. */
  onPlate: boolean;
  /** The creator's own photo on an image model's plate (no usable face on it): the scene stays, the person moves as offline. */
  onScene: boolean;
};

/** The editor's action when it does not redirect: which of its forms was sent, and the form's result. */
export type EditorActionData = { intent: "save" | "revert"; result: SubmissionResult<string[]> };
