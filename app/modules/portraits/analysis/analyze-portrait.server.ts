// Person analysis of a portrait: the faces in it and a cut-out mask of the
// person holding the chosen face. Offline, on the CPU; see
// docs/decisions/008-person-analysis.md.
import sharp from "sharp";
import type { PixelFace } from "./blazeface";
import { detectFacesInRaster, scaleFaces } from "./face-detector.server";
import { guidedFilter, selectPerson, softAlpha } from "./person-mask";
import { segmentPerson } from "./segmenter.server";
import type { DetectedFace, PortraitAnalysis } from "./types";
import { readWorkingImage } from "./working-image.server";

/** Probability above which a pixel belongs to the person, after guided upsampling. */
const THRESHOLD = 0.5;
/** Width of the soft ramp around the threshold, in probability. */
const EDGE_BAND = 0.3;
/** A person smaller than this share of the image is noise, not a person. */
const MIN_PERSON_AREA = 0.01;
/** Gaussian sigma of the final feather, in full-size pixels per 1000 px of the long side. */
const FEATHER_PER_1000 = 0.6;

export async function analyzePortrait(image: Buffer, options: { faceIndex?: number } = {}): Promise<PortraitAnalysis> {
  const working = await readWorkingImage(image);
  const { raster, scale, width, height } = working;
  const found = await detectFacesInRaster(raster);
  const faces = scaleFaces(found, scale);
  const faceIndex = options.faceIndex ?? pickMainFace(faces, width, height);
  if (faceIndex !== null && !(Number.isInteger(faceIndex) && faceIndex >= 0 && faceIndex < faces.length)) {
    throw new RangeError(`No face ${faceIndex}: ${faces.length} found`);
  }

  if (working.hasAlpha) {
    const cutOut = await readCutOutAlpha(image);
    if (cutOut) return { width, height, faces, faceIndex, ...cutOut };
  }

  const chosen: PixelFace | null = faceIndex === null ? null : found[faceIndex];
  const others = found.filter((face) => face !== chosen);
  const upsampled = await segmentPerson(raster, chosen);
  const radius = Math.max(2, Math.round(Math.max(raster.width, raster.height) / 128));
  const q = guidedFilter(raster, upsampled, radius, 1e-3);
  const pixels = raster.width * raster.height;
  const region = selectPerson(q, THRESHOLD, chosen, others, pixels * MIN_PERSON_AREA);
  if (!region) return { width, height, faces, faceIndex: null, mask: null, personArea: 0 };

  const alpha = softAlpha(q, region, THRESHOLD, EDGE_BAND);
  let covered = 0;
  for (let i = 0; i < alpha.length; i++) covered += alpha[i];
  const feather = Math.max(0.3, (FEATHER_PER_1000 * Math.max(width, height)) / 1000);
  const mask = await sharp(Buffer.from(alpha.buffer, alpha.byteOffset, alpha.length), {
    raw: { width: raster.width, height: raster.height, channels: 1 },
  })
    .resize(width, height, { fit: "fill", kernel: "cubic" })
    .blur(feather)
    .toColourspace("b-w")
    .png({ compressionLevel: 4, adaptiveFiltering: false })
    .toBuffer();
  return { width, height, faces, faceIndex, mask, personArea: covered / 255 / pixels };
}

/**
 * A PNG that is already a cut-out (some pixels not opaque) brings its own
 * mask. Returns null for opaque images; an all-transparent one has no person.
 */
async function readCutOutAlpha(image: Buffer) {
  const { data, info } = await sharp(image).rotate().extractChannel("alpha").raw().toBuffer({ resolveWithObject: true });
  let min = 255;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] < min) min = data[i];
    sum += data[i];
  }
  if (min === 255) return null;
  if (sum === 0) return { mask: null, personArea: 0 };
  const mask = await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .toColourspace("b-w")
    .png({ compressionLevel: 4, adaptiveFiltering: false })
    .toBuffer();
  return { mask, personArea: sum / 255 / data.length };
}

/**
 * The face a cut-out should be built around: the largest, preferring central
 * ones (a face at the image's corner counts half its area). Null when there
 * are no faces.
 */
export function pickMainFace(faces: DetectedFace[], width: number, height: number): number | null {
  let best: number | null = null;
  let bestScore = -Infinity;
  const halfDiagonal = Math.hypot(width, height) / 2;
  faces.forEach((face, i) => {
    const cx = face.box.left + face.box.width / 2;
    const cy = face.box.top + face.box.height / 2;
    const offCentre = Math.min(1, Math.hypot(cx - width / 2, cy - height / 2) / halfDiagonal);
    const score = face.box.width * face.box.height * (1 - 0.5 * offCentre);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return best;
}
