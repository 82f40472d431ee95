// Checks an uploaded photo from its bytes and normalizes it with sharp.
import sharp from "sharp";
import { ACCEPTED_FORMATS_TEXT } from "./constants";

export const PORTRAIT_LIMITS = {
  /** Refused above this many pixels, before decoding (decompression bombs). */
  maxPixels: 50_000_000,
  /** The shorter side must have at least this many pixels. */
  minShortSide: 256,
  /** The normalized image's longer side is capped here. */
  maxLongSide: 2048,
  /** The grid preview's longer side. */
  previewLongSide: 512,
} as const;


export class PortraitImageError extends Error {}

export type NormalizedPortrait = {
  image: Buffer;
  contentType: "image/jpeg" | "image/png";
  extension: "jpg" | "png";
  preview: Buffer;
  width: number;
  height: number;
  /** Some pixel is transparent: the portrait is a ready cut-out. */
  hasAlpha: boolean;
};

/** Reads the header only (nothing is decoded); a file sharp cannot read is refused with a sentence. Topic images share it. */
export async function readImageHeader(bytes: Buffer) {
  try {
    // Reads the header only; nothing is decoded yet.
    return await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PortraitImageError(`is not an image we can read. Use a ${ACCEPTED_FORMATS_TEXT} photo.`);
  }
}

/** The formats a photo may come in (topic images share them). */
export function checkImageFormat(meta: sharp.Metadata) {
  switch (meta.format) {
    case "jpeg":
    case "png":
    case "webp":
      return;
    case "heif":
      // The bundled libvips decodes AVIF but not HEVC-coded HEIC.
      if (meta.compression === "av1") return;
      throw new PortraitImageError(
        "is a HEIC photo, which this server cannot decode. Export it as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible) and upload that.",
      );
    case "svg":
      throw new PortraitImageError(`is an SVG drawing, not a photo. Use a ${ACCEPTED_FORMATS_TEXT} photo.`);
    default:
      throw new PortraitImageError(
        `is a ${String(meta.format).toUpperCase()} file. Use a ${ACCEPTED_FORMATS_TEXT} photo.`,
      );
  }
}

/** What an uploaded image must be, and what it is scaled to. */
export type ImageLimits = { maxPixels: number; minShortSide: number; maxLongSide: number };

function checkSize(meta: sharp.Metadata, limits: ImageLimits, noun: string) {
  const width = meta.width ?? 0;
  // For animated images sharp reports all frames stacked; one frame counts.
  const height = meta.pageHeight ?? meta.height ?? 0;
  if (!width || !height) throw new PortraitImageError("has no readable size. The file may be damaged.");
  if (width * height > limits.maxPixels) {
    throw new PortraitImageError(
      `is ${width}×${height} pixels, over the ${limits.maxPixels / 1_000_000} megapixel limit. Resize it and try again.`,
    );
  }
  if (Math.min(width, height) < limits.minShortSide) {
    throw new PortraitImageError(
      `is only ${width}×${height} pixels. Use ${noun} at least ${limits.minShortSide} pixels on its shorter side.`,
    );
  }
}

/**
 * An uploaded image checked (format, size) and decoded to raw sRGB pixels:
 * auto-oriented, the longer side capped, the first frame of an animation.
 * Whatever is encoded from these pixels carries none of the upload's
 * metadata (no location survives). `noun` names it in messages ("a photo").
 */
export async function decodeUploadedImage(bytes: Buffer, limits: ImageLimits, noun: string) {
  if (bytes.length === 0) throw new PortraitImageError("is empty.");
  const meta = await readImageHeader(bytes);
  checkImageFormat(meta);
  checkSize(meta, limits, noun);
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    raw = await sharp(bytes, { failOn: "error", limitInputPixels: limits.maxPixels, pages: 1 })
      .rotate()
      .resize({ width: limits.maxLongSide, height: limits.maxLongSide, fit: "inside", withoutEnlargement: true })
      .toColourspace("srgb")
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new PortraitImageError("is damaged or incomplete (it could not be decoded). Try exporting it again.");
  }
  const { data, info } = raw;
  const hasAlpha = info.channels === 4 && usesTransparency(data);
  const decoded = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  return { decoded, hasAlpha, width: info.width, height: info.height };
}

/**
 * A decoded upload as the stored source: PNG when some pixel is transparent
 * (a cut-out keeps its shape), else a baseline JPEG at quality 90 (progressive
 * or 4:4:4 encoding costs 4x the time here for no visible gain in a source
 * photo, bench/portrait-upload.ts).
 */
export function encodeSourceImage({ decoded, hasAlpha }: Pick<Awaited<ReturnType<typeof decodeUploadedImage>>, "decoded" | "hasAlpha">) {
  return hasAlpha ? decoded().png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer() : decoded().removeAlpha().jpeg({ quality: 90 }).toBuffer();
}

/**
 * Validates the bytes and returns the normalized portrait: auto-oriented,
 * metadata stripped (no location survives), sRGB, longer side capped, the
 * first frame of an animation, transparency kept (PNG) when some pixel uses it.
 */
export async function normalizePortrait(bytes: Buffer): Promise<NormalizedPortrait> {
  const source = await decodeUploadedImage(bytes, PORTRAIT_LIMITS, "a photo");
  const [image, preview] = await Promise.all([
    encodeSourceImage(source),
    source
      .decoded()
      .resize({ width: PORTRAIT_LIMITS.previewLongSide, height: PORTRAIT_LIMITS.previewLongSide, fit: "inside" })
      .webp({ quality: 80, alphaQuality: 90 })
      .toBuffer(),
  ]);
  const { hasAlpha, width, height } = source;
  return { image, contentType: hasAlpha ? "image/png" : "image/jpeg", extension: hasAlpha ? "png" : "jpg", preview, width, height, hasAlpha };
}

/** Whether some pixel of raw RGBA is not fully opaque. */
export function usesTransparency(rgba: Buffer) {
  for (let i = 3; i < rgba.length; i += 4) {
    if (rgba[i] < 255) return true;
  }
  return false;
}
