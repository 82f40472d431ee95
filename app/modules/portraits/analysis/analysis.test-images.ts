// Images the analysis tests compose from the two photo fixtures.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";

export const astronaut = () => fs.readFileSync(path.resolve("tests/fixtures/astronaut.png"));
export const graceHopper = () => fs.readFileSync(path.resolve("tests/fixtures/grace-hopper.jpg"));

/** Astronaut (512 px, left) and Grace Hopper (scaled to 410x480, right, touching), on a plain wall. */
export async function twoPeople() {
  const hopper = await sharp(graceHopper()).resize(410).toBuffer();
  return sharp({ create: { width: 922, height: 600, channels: 3, background: "#8899aa" } })
    .composite([
      { input: astronaut(), left: 0, top: 88 },
      { input: hopper, left: 512, top: 120 },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A 1280x720 thumbnail-like JPEG: a cut-out pasted at `scale` on a busy coloured background. */
export async function thumbnail(photo: Buffer, mask: Buffer, scale: number, at: { left: number; top: number }) {
  const meta = await sharp(photo).metadata();
  const cutOut = await sharp(await sharp(await sharp(photo).removeAlpha().toBuffer()).joinChannel(mask).png().toBuffer())
    .resize(Math.round(meta.width! * scale), Math.round(meta.height! * scale))
    .png()
    .toBuffer();
  const circles = Array.from(
    { length: 30 },
    (_, i) => `<circle cx="${(i * 137) % 1280}" cy="${(i * 251) % 720}" r="${30 + ((i * 17) % 90)}" fill="hsl(${i * 47},90%,50%)" opacity="0.7"/>`,
  ).join("");
  const background = Buffer.from(
    `<svg width="1280" height="720" xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"><stop offset="0" stop-color="#ff0066"/><stop offset="1" stop-color="#ffcc00"/></linearGradient></defs><rect width="1280" height="720" fill="url(#g)"/>${circles}</svg>`,
  );
  const canvas = await sharp(background).png().toBuffer();
  // Composited on a larger transparent sheet first, so the cut-out may hang off the frame.
  const sheet = await sharp({ create: { width: 1280 * 3, height: 720 * 3, channels: 4, background: "#0000" } })
    .composite([{ input: cutOut, left: 1280 + at.left, top: 720 + at.top }])
    .png()
    .toBuffer();
  const placed = await sharp(sheet).extract({ left: 1280, top: 720, width: 1280, height: 720 }).png().toBuffer();
  return sharp(canvas).composite([{ input: placed }]).jpeg({ quality: 85 }).toBuffer();
}

export async function maskValueAt(mask: Buffer, x: number, y: number) {
  const { data, info } = await sharp(mask).raw().toBuffer({ resolveWithObject: true });
  return data[(Math.round(y) * info.width + Math.round(x)) * info.channels];
}
