// Checks a topic image (a product photo, a screenshot, a frame of the
// creator's video) from its bytes and normalizes it, with the portrait's
// rules for what is readable (portrait-image.server.ts).
import { decodeUploadedImage, encodeSourceImage, PortraitImageError, PORTRAIT_LIMITS } from "~/modules/portraits/portrait-image.server";

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

/**
 * Validates the bytes and returns the normalized image: auto-oriented,
 * metadata stripped (no location survives), sRGB, longer side capped at
 * 1920, the first frame of an animation, PNG only when some pixel is
 * transparent (a cut-out product keeps its shape), else JPEG.
 */
export async function normalizeTopicImage(bytes: Buffer): Promise<NormalizedTopicImage> {
  const source = await decodeUploadedImage(bytes, TOPIC_IMAGE_LIMITS, "an image");
  const { hasAlpha, width, height } = source;
  return { image: await encodeSourceImage(source), contentType: hasAlpha ? "image/png" : "image/jpeg", extension: hasAlpha ? "png" : "jpg", width, height };
}
