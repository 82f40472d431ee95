// Person probability from MediaPipe Selfie Segmentation (Apache-2.0): the
// square model for portraits, the 256x144 landscape model for wide images.
import { runModel } from "./litert.server";
import type { Plane } from "./person-mask";
import { placeRect, toTensor, type Raster } from "./raster";

/** Probability (0..1) that each pixel is a person, at the model's resolution, covering the whole raster. */
export async function segmentPerson(raster: Raster): Promise<Plane> {
  const landscape = raster.width / raster.height > 1.4;
  const width = 256;
  const height = landscape ? 144 : 256;
  // The image is stretched to the input, as MediaPipe's graph does: no padding to mask out.
  const placement = placeRect({ x: 0, y: 0, width: raster.width, height: raster.height }, width, height, false);
  const [probability] = await runModel(landscape ? "selfieLandscape" : "selfie", toTensor(raster, placement, 0, 1), [1, height, width, 3]);
  return { data: probability, width, height };
}
