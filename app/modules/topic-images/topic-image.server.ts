// Checks a topic image (a product photo, a screenshot, a frame of the
// creator's video) from its bytes and normalizes it, with the portrait's
// rules for what is readable (portrait-image.server.ts).
import sharp from "sharp";
import { checkImageFormat, PortraitImageError, PORTRAIT_LIMITS, readImageHeader, usesTransparency } from "~/modules/portraits/portrait-image.server";

export const TOPIC_IMAGE_LIMITS = {
  /** Refused above this many pixels, before decoding (decompression bombs); the portrait's limit. */
  maxPixels: PORTRAIT_LIMITS.maxPixels,
  /**
   * Lower than a portrait's 256: a logo or a small product shot is still a
   * usable prop, while a few dozen pixels would only be a smudge.
   */
  minShortSide: 64,
  /** Larger images are scaled down to this longer side; a thumbnail is 1280 wide. */
  maxLongSide: 1920,
} as const;

/** The same sentences as a portrait's ("is not an image we can read…"), after the file's name. */
export { PortraitImageError as TopicImageError };

export type NormalizedTopicImage = {
  image: Buffer;
  contentType: "image/jpeg" | "image/png";
  extension: "jpg" | "png";
  width: number;
  height: number;
};

function checkSize(meta: sharp.Metadata) {
  const width = meta.width ?? 0;
  // For animated images sharp reports all frames stacked; one frame counts.
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new PortraitImageError("has no readable size. The file may be damaged.");
  if (width * height > TOPIC_IMAGE_LIMITS.maxPixels) {
    throw new PortraitImageError(
      `is ${width}×${height} pixels, over the ${TOPIC_IMAGE_LIMITS.maxPixels / 1_000_000} megapixel limit. Resize it and try again.`,
    );
  }
  if (Math.min(width, height) < TOPIC_IMAGE_LIMITS.minShortSide) {
    throw new PortraitImageError(
      `is only ${width}×${height} pixels. Use an image at least ${TOPIC_IMAGE_LIMITS.minShortSide} pixels on its shorter side.`,
    );
  }
}

/**
 * Validates the bytes and returns the normalized image: auto-oriented,
 * metadata stripped (no location survives), sRGB, longer side capped at
 * 1920, the first frame of an animation, PNG only when some pixel is
 * transparent (a cut-out product keeps its shape), else JPEG.
 */
export async function normalizeTopicImage(bytes: Buffer): Promise<NormalizedTopicImage> {
  if (bytes.length === 0) throw new PortraitImageError("is empty.");
  const meta = await readImageHeader(bytes);
  checkImageFormat(meta);
  checkSize(meta);

  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await sharp(bytes, { failOn: "error", limitInputPixels: TOPIC_IMAGE_LIMITS.maxPixels, pages: 1 })
      .rotate()
      .resize({ width: TOPIC_IMAGE_LIMITS.maxLongSide, height: TOPIC_IMAGE_LIMITS.maxLongSide, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new PortraitImageError("is damaged or incomplete (it could not be decoded). Try exporting it again.");
  }

  const { data, info } = raw;
  const hasAlpha = info.channels === 4 && usesTransparency(data);
  // Encoded from raw pixels: nothing of the upload's metadata can reach the output.
  const decoded = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  const image = hasAlpha
    ? await decoded.png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer()
    : await decoded.removeAlpha().jpeg({ quality: 90 }).toBuffer();
  return {
    image,
    contentType: hasAlpha ? "image/png" : "image/jpeg",
    extension: hasAlpha ? "png" : "jpg",
    width: info.width,
    height: info.height,
  };
}
