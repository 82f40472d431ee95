// Images made on the fly for tests and benchmarks.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

export const ASTRONAUT_PATH = path.resolve("tests/fixtures/astronaut.png");

export function readAstronaut() {
  return fs.readFileSync(ASTRONAUT_PATH);
}

export function solidJpeg(width: number, height: number, colour = "#7a8b9c") {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}

/**
 * An image model's scene with no one in it: a gradient and a few shapes in
 * `colour`'s family, PNG. Not one flat colour: a flat plate is refused as
 * blank (a safety filter's picture), so fakes of image services answer this.
 */
export function sceneImage(width: number, height: number, colour = "#2b6cb0") {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#101828"/><stop offset="1" stop-color="${colour}"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width * 0.5}" cy="${height * 0.75}" r="${height * 0.3}" fill="#f2a03d" opacity="0.55"/>` +
    `<rect x="${width * 0.66}" y="${height * 0.1}" width="${width * 0.25}" height="${height * 0.25}" rx="16" fill="#ffffff" opacity="0.25"/></svg>`;
  return sharp(Buffer.from(svg)).flatten().png().toBuffer();
}

/** A photo-like JPEG (noise compresses like a real photo does). */
export async function noisyJpeg(width: number, height: number, quality = 85) {
  const data = Buffer.alloc(width * height * 3);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    data[i] = (seed >> 16) & 0xff;
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).blur(1.2).jpeg({ quality }).toBuffer();
}

/** A JPEG rotated by EXIF (orientation 6: shown 90° clockwise) and carrying GPS data. */
export function jpegWithOrientationAndGps(width: number, height: number) {
  return sharp({ create: { width, height, channels: 3, background: "#336699" } })
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: "N", GPSLatitude: "48/1 51/1 30/1", GPSLongitudeRef: "E", GPSLongitude: "2/1 17/1 40/1" } })
    .jpeg()
    .toBuffer();
}

/** A cut-out: an opaque disc on a transparent background. */
export function transparentPng(size: number) {
  const disc = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${size / 3}" fill="#e4a672"/></svg>`,
  );
  return sharp(disc).png().toBuffer();
}

export function opaquePngWithAlphaChannel(size: number) {
  return sharp({ create: { width: size, height: size, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 1 } } })
    .png()
    .toBuffer();
}

export async function animatedWebp(size: number) {
  const frame = (background: string) =>
    sharp({ create: { width: size, height: size, channels: 3, background } }).png().toBuffer();
  return sharp([await frame("#ff0000"), await frame("#0000ff")], { join: { animated: true } }).webp().toBuffer();
}

/** A valid PNG whose header is rewritten to claim width x height. */
export async function pngClaiming(width: number, height: number) {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#000" } }).png().toBuffer();
  // Signature (8) + length (4) + "IHDR" (4), then width and height.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

function crc32(bytes: Buffer) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}
