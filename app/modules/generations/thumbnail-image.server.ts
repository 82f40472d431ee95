// Every provider's output becomes the same thing: a 1280x720 sRGB JPEG of at
// most 2 MB. Other shapes are scaled to cover 1280x720 and cropped around the
// centre (docs/decisions/005-generation-runner.md).
import sharp from "sharp";

export const THUMBNAIL_WIDTH = 1280;
export const THUMBNAIL_HEIGHT = 720;
export const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;

export async function normalizeThumbnail(image: Buffer) {
  const meta = await sharp(image).metadata();
  const alreadyFits =
    meta.format === "jpeg" &&
    meta.width === THUMBNAIL_WIDTH &&
    meta.height === THUMBNAIL_HEIGHT &&
    (meta.space === "srgb" || meta.space === undefined) &&
    !meta.exif &&
    image.length <= THUMBNAIL_MAX_BYTES;
  // The local compositor already renders exactly this; re-encoding would only lose quality.
  if (alreadyFits) return { jpeg: image, width: THUMBNAIL_WIDTH, height: THUMBNAIL_HEIGHT };

  const pipeline = sharp(image, { failOn: "error", limitInputPixels: 50_000_000 })
    .rotate()
    .resize(THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT, { fit: "cover", position: "centre" })
    .flatten({ background: "#000000" })
    .toColourspace("srgb");
  for (const quality of [90, 82, 74, 66, 58]) {
    const jpeg = await pipeline.clone().jpeg({ quality, chromaSubsampling: "4:4:4" }).toBuffer();
    if (jpeg.length <= THUMBNAIL_MAX_BYTES) return { jpeg, width: THUMBNAIL_WIDTH, height: THUMBNAIL_HEIGHT };
  }
  const jpeg = await pipeline.clone().jpeg({ quality: 50 }).toBuffer();
  return { jpeg, width: THUMBNAIL_WIDTH, height: THUMBNAIL_HEIGHT };
}
