// A thumbnail as an assistant looks at it: half size, which a vision model
// reads as well as the full 1280x720 (headline, face, contrast) for a
// quarter of the bytes and tokens.
import sharp from "sharp";

export const MODEL_IMAGE_WIDTH = 640;
export const MODEL_IMAGE_HEIGHT = 360;

export async function scaleForModel(jpeg: Buffer) {
  const data = await sharp(jpeg, { failOn: "error" })
    .resize(MODEL_IMAGE_WIDTH, MODEL_IMAGE_HEIGHT, { fit: "cover", position: "centre" })
    .jpeg({ quality: 82 })
    .toBuffer();
  return { data, mimeType: "image/jpeg" as const, width: MODEL_IMAGE_WIDTH, height: MODEL_IMAGE_HEIGHT };
}
