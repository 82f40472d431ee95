// The one decode analysis needs: the image shrunk to a working size (JPEG
// shrink-on-load keeps this cheap for 12-megapixel photos), upright, with any
// transparency flattened onto grey so the models see a plain backdrop.
import sharp from "sharp";
import type { Raster } from "./raster";

/** Long side of the working image: enough for the 192 px face model and the 256 px segmenter. */
export const WORKING_SIZE = 512;

export type WorkingImage = {
  /** The image's own size, upright (EXIF orientation applied). */
  width: number;
  height: number;
  hasAlpha: boolean;
  /** RGB at most WORKING_SIZE on the long side. */
  raster: Raster;
  /** Multiply raster coordinates by this to get image coordinates. */
  scale: number;
};

export async function readWorkingImage(image: Buffer): Promise<WorkingImage> {
  const meta = await sharp(image).metadata();
  if (!meta.width || !meta.height) throw new Error("Unreadable image");
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  const { data, info } = await sharp(image)
    .rotate()
    .resize(WORKING_SIZE, WORKING_SIZE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: { r: 128, g: 128, b: 128 } })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width,
    height,
    hasAlpha: meta.hasAlpha ?? false,
    raster: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: info.channels },
    scale: width / info.width,
  };
}
