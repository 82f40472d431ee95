import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { animatedWebp, solidJpeg, transparentPng } from "#tests/images";
import { normalizeTopicImage, TOPIC_IMAGE_LIMITS, TopicImageError } from "./topic-image.server";

async function refusal(bytes: Buffer | Promise<Buffer>) {
  const error = await normalizeTopicImage(await bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TopicImageError);
  return (error as Error).message;
}

describe("normalizeTopicImage", () => {
  test("a phone photo loses its EXIF (GPS included) and is turned upright", async () => {
    const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: "#336699" } })
      .withMetadata({ orientation: 6 })
      .withExifMerge({
        IFD0: { Copyright: "Secret Owner" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 30/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 17/1 40/1" },
      })
      .jpeg()
      .toBuffer();
    // The fixture does carry the location, or the test would prove nothing:
    // the GPS IFD pointer (tag 0x8825, little-endian here) and the copyright.
    const before = await sharp(photo).metadata();
    expect(before.exif?.includes(Buffer.from([0x25, 0x88]))).toBe(true);
    expect(photo.includes(Buffer.from("Secret Owner"))).toBe(true);
    expect(before.orientation).toBe(6);

    const normalized = await normalizeTopicImage(photo);
    const after = await sharp(normalized.image).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(normalized.image.includes(Buffer.from("Secret Owner"))).toBe(false);
    expect(normalized.image.includes(Buffer.from("Exif\0\0"))).toBe(false);
    // Orientation 6 is a quarter turn: 600x400 stored, 400x600 shown.
    expect([normalized.width, normalized.height, after.width, after.height]).toEqual([400, 600, 400, 600]);
    expect(normalized).toMatchObject({ contentType: "image/jpeg", extension: "jpg" });
    expect(after.format).toBe("jpeg");
  });

  test("a screenshot larger than 1920 px is scaled down to 1920 on its longer side; a small one is not enlarged", async () => {
    const big = await normalizeTopicImage(await solidJpeg(3840, 1600));
    expect([big.width, big.height]).toEqual([TOPIC_IMAGE_LIMITS.maxLongSide, 800]);
    const small = await normalizeTopicImage(await solidJpeg(320, 180));
    expect([small.width, small.height]).toEqual([320, 180]);
  });

  test("a cut-out product keeps its transparency as PNG; an animation keeps its first frame", async () => {
    const cutout = await normalizeTopicImage(await transparentPng(300));
    expect(cutout).toMatchObject({ contentType: "image/png", extension: "png" });
    expect((await sharp(cutout.image).metadata()).hasAlpha).toBe(true);
    const animated = await normalizeTopicImage(await animatedWebp(200));
    expect([animated.width, animated.height]).toEqual([200, 200]);
  });

  test("what is not a usable image is refused with a sentence saying why", async () => {
    expect(await refusal(Buffer.alloc(0))).toBe("is empty.");
    expect(await refusal(Buffer.from("this is a text file, not a picture"))).toMatch(/^is not an image we can read\. Use a JPEG, PNG, WebP or AVIF photo\.$/);
    expect(await refusal(sharp({ create: { width: 100, height: 100, channels: 3, background: "#fff" } }).gif().toBuffer())).toBe(
      "is a GIF file. Use a JPEG, PNG, WebP or AVIF photo.",
    );
    expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"/>'))).toMatch(/SVG drawing/);
    expect(await refusal(solidJpeg(300, 40))).toBe("is only 300×40 pixels. Use an image at least 64 pixels on its shorter side.");
    // A JPEG cut off half way: the header reads, the pixels do not.
    const whole = await solidJpeg(800, 600);
    expect(await refusal(whole.subarray(0, Math.floor(whole.length / 2)))).toMatch(/damaged or incomplete/);
  });

  test("a decompression bomb is refused from its header, before any decoding", async () => {
    // 10000x10000 of one colour is a small PNG but 100 megapixels.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: "#000" } }).png().toBuffer();
    expect(await refusal(bomb)).toBe("is 10000×10000 pixels, over the 50 megapixel limit. Resize it and try again.");
  });
});
