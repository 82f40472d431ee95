// A portrait as a batch gets it after upload: normalized, analysed (face and
// person mask), ready for the compositor. For tests, benchmarks and tools.
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";
import { chosenFace } from "~/modules/portraits/analysis/types";
import { normalizePortrait } from "~/modules/portraits/portrait-image.server";
import type { BatchPortrait } from "~/modules/providers/provider";

export async function analysedPortrait(bytes: Buffer): Promise<BatchPortrait> {
  const normalized = await normalizePortrait(bytes);
  const analysis = await analyzePortrait(normalized.image);
  return { bytes: normalized.image, hasAlpha: normalized.hasAlpha, mask: analysis.mask, face: chosenFace(analysis) };
}
