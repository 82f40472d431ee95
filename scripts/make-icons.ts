// Draws Thumbsmith's icon and writes every size the browsers and phones ask
// for into public/. The files are committed (they are small); run this again
// only after changing the drawing: `npm run icons`.
//
// - favicon.svg: for browsers that take SVG icons.
// - favicon.ico: 16 and 32 px PNGs, for /favicon.ico requests and old browsers.
// - icon-192.png, icon-512.png: the web app manifest's icons (rounded corners, transparent outside).
// - icon-maskable-512.png: full bleed, the mark inside the central 80% that Android may crop to a circle.
// - apple-touch-icon.png: 180 px, opaque; iOS rounds the corners itself.
import fs from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";

const BRAND_400 = "#ff7037";
const BRAND_600 = "#ef3007";
const INK_950 = "#0b0d12";

/**
 * The mark: a play button on a thumbnail card with a headline bar, on the
 * brand orange. `bleed` fills the whole square (maskable, Apple) and shrinks
 * the mark to `scale` of it around the centre.
 */
export function iconSvg({ bleed = false, scale = 1 }: { bleed?: boolean; scale?: number } = {}) {
  const shrink = `translate(${256 * (1 - scale)} ${256 * (1 - scale)}) scale(${scale})`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="${BRAND_400}"/>
      <stop offset="1" stop-color="${BRAND_600}"/>
    </linearGradient>
  </defs>
  <rect width="512" height="512" rx="${bleed ? 0 : 112}" fill="url(#bg)"/>
  <g transform="${shrink}">
    <rect x="72" y="132" width="368" height="248" rx="40" fill="${INK_950}"/>
    <path d="M214 196 L326 256 L214 316 Z" fill="#fff" stroke="#fff" stroke-width="24" stroke-linejoin="round"/>
    <rect x="104" y="336" width="150" height="20" rx="10" fill="${BRAND_400}"/>
  </g>
</svg>
`;
}

async function png(svg: string, size: number, { opaque = false } = {}) {
  const image = sharp(Buffer.from(svg), { density: Math.max(72, (72 * size) / 512) }).resize(size, size);
  return (opaque ? image.flatten({ background: INK_950 }) : image).png({ compressionLevel: 9, palette: true }).toBuffer();
}

/** An ICO file whose images are PNGs (every browser since IE Vista reads them). */
export function icoFromPngs(images: { size: number; data: Buffer }[]) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

async function main() {
  const out = path.resolve(process.argv[2] ?? "public");
  const rounded = iconSvg();
  const fullBleed = iconSvg({ bleed: true, scale: 0.78 });
  const files: [string, Buffer | string][] = [
    ["favicon.svg", rounded],
    ["favicon.ico", icoFromPngs([{ size: 16, data: await png(rounded, 16) }, { size: 32, data: await png(rounded, 32) }])],
    ["icon-192.png", await png(rounded, 192)],
    ["icon-512.png", await png(rounded, 512)],
    ["icon-maskable-512.png", await png(fullBleed, 512, { opaque: true })],
    ["apple-touch-icon.png", await png(iconSvg({ bleed: true, scale: 0.86 }), 180, { opaque: true })],
  ];
  for (const [name, data] of files) {
    await fs.writeFile(path.join(out, name), data);
    console.log(`${name}: ${Buffer.byteLength(data)} bytes`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
