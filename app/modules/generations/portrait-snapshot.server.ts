// What a generation keeps of its portrait's analysis, written at submit and
// read back by the runner. Snapshots are references to immutable keys
// (docs/decisions/004-portrait-storage.md).
import { parseFaces } from "~/modules/portraits/portrait-analysis.server";
import { chosenFace, type DetectedFace } from "~/modules/portraits/analysis/types";
import type { BatchPortrait } from "~/modules/providers/provider";
import { storage } from "~/modules/storage/storage.server";
import { logger } from "~/utils/logger.server";

type AnalysedPortrait = {
  normalizedKey: string;
  maskKey: string | null;
  cutoutEnabled: boolean;
  faces: string | null;
  faceIndex: number | null;
};

/**
 * The generation's snapshot of a portrait: the normalized image, the person
 * mask unless the creator turned the cut-out off, and the chosen face (JSON),
 * which frames the photo even without a mask.
 */
export function portraitSnapshot(portrait: AnalysedPortrait) {
  const face = chosenFace({ faces: parseFaces(portrait.faces), faceIndex: portrait.faceIndex });
  return {
    portraitKey: portrait.normalizedKey,
    portraitMaskKey: portrait.cutoutEnabled ? portrait.maskKey : null,
    portraitFace: face ? JSON.stringify(face) : null,
  };
}

function parseFace(json: string | null): DetectedFace | null {
  if (!json) return null;
  try {
    return JSON.parse(json) as DetectedFace;
  } catch {
    return null;
  }
}

/**
 * The mask bytes and face a batch is drawn with, from the generation's
 * snapshot. A mask missing from storage (or never made) is null: the
 * compositor falls back to the framed photo, the generation never fails for it.
 */
export async function readPortraitAnalysis(
  generationId: string,
  snapshot: { portraitMaskKey: string | null; portraitFace: string | null },
): Promise<Pick<BatchPortrait, "mask" | "face">> {
  const mask = snapshot.portraitMaskKey
    ? await storage.read(snapshot.portraitMaskKey).catch((error: unknown) => {
        logger.error({ err: error, generationId }, "could not read the person mask; rendering without it");
        return null;
      })
    : null;
  return { mask, face: parseFace(snapshot.portraitFace) };
}
