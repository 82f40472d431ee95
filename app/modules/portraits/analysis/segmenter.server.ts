// Person probability from MediaPipe Selfie Segmentation (Apache-2.0): the
// square model for portraits, the 256x144 landscape model for wide images.
import type { PixelFace } from "./blazeface";
import { runModel } from "./litert.server";
import { resizePlane, type Plane } from "./person-mask";
import { placeRect, toTensor, type Raster, type Rect } from "./raster";

/** Probability (0..1) that each pixel is a person, at the model's resolution, covering `rect` of the raster. */
async function segmentRect(raster: Raster, rect: Rect): Promise<Plane> {
  const landscape = rect.width / rect.height > 1.4;
  const width = 256;
  const height = landscape ? 144 : 256;
  // Stretched to the input, as MediaPipe's graph does: no padding to mask out.
  const placement = placeRect(rect, width, height, false);
  const [probability] = await runModel(landscape ? "selfieLandscape" : "selfie", toTensor(raster, placement, 0, 1), [1, height, width, 3]);
  return { data: probability, width, height };
}

/**
 * Person probability at the raster's size. The model is trained on selfies:
 * when the chosen face is small in the frame (a group, a wide shot) the
 * person is segmented again in a selfie-like square around that face, and
 * that result replaces the whole-image one inside the square.
 */
export async function segmentPerson(raster: Raster, face: PixelFace | null): Promise<Plane> {
  const whole = { x: 0, y: 0, width: raster.width, height: raster.height };
  const plane = resizePlane(await segmentRect(raster, whole), raster.width, raster.height);
  if (!face) return plane;
  const side = Math.round(face.width * 7);
  if (side > 0.9 * Math.max(raster.width, raster.height)) return plane;
  const x = Math.round(Math.min(Math.max(0, face.left + face.width / 2 - side / 2), Math.max(0, raster.width - side)));
  const y = Math.round(Math.min(Math.max(0, face.top - face.height), Math.max(0, raster.height - side)));
  const crop = { x, y, width: Math.min(side, raster.width - x), height: Math.min(side, raster.height - y) };
  const local = resizePlane(await segmentRect(raster, crop), crop.width, crop.height);
  for (let row = 0; row < crop.height; row++) {
    plane.data.set(local.data.subarray(row * crop.width, (row + 1) * crop.width), (crop.y + row) * raster.width + crop.x);
  }
  return plane;
}
