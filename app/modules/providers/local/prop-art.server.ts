// A topic prop as pixels: Microsoft's Fluent Emoji 3D art (flat Twemoji for
// the emoji it lacks), or a brand's logo from simple-icons, each with a
// sticker edge and a soft shadow so that it reads on any background and at
// 168x94. Art is decoded and resized once per prop, size and tilt, and
// reused by every cell (and every box) that draws it.
//
// Logos are drawn two-tone (see TWO_TONE in ./raster.server): the glyph in
// the fill channel, its sticker edge in the accent channel, the shadow in
// black. Their colours are chosen per cell by propInk, against the scene
// under them: the brand's own colour where it stands out, else white or black.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import sharp from "sharp";
import { HEIGHT, WIDTH, type Box } from "~/modules/design/frame";
import { brandOf, type TopicProp } from "~/modules/design/props";
import { recentCache } from "~/utils/recent-cache";
import { contrastRatio, hexLuminance } from "./colour";
import type { SceneSampler } from "./headline-layer.server";
import { drawLayer, drawTwoTone, type RasterLayer } from "./raster.server";
import { emoji3dFile, emojiSvgPath } from "./text/emoji.server";

const require = createRequire(import.meta.url);

/** A prop's pixels at a place in the frame. A two-tone prop (a logo) is drawn in the colours propInk picks. */
export type PropLayer = RasterLayer & {
  /** Where the art itself is (its edge and shadow reach further, inside `box`). */
  ink: Box;
  twoTone: boolean;
  /** `badge`: a wordmark set on a badge (the accent channel), so its colours are chosen against the badge. */
  logo: { slug: string; hex: string; badge: boolean } | null;
};

/** How far the edge and shadow reach beyond the art, as fractions of its size. */
const EDGE = 0.028;
const SHADOW_BLUR = 0.035;
const SHADOW_OFFSET = { x: 0.03, y: 0.04 };
const SHADOW_OPACITY = 0.55;
/** Room around the art for the edge, the tilt and the shadow. */
export const PROP_MARGIN = 0.16;

type Art = { rgba: Buffer; width: number; height: number };

let iconDir: string | undefined;
function logoSvg(slug: string) {
  iconDir ??= path.dirname(require.resolve("simple-icons/icons/apple.svg"));
  const file = path.join(iconDir, `${slug}.svg`);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null;
}

type Bare = { art: Art; twoTone: boolean; badge: boolean };

/** A wordmark this much wider than tall (Samsung, Sony, AMD) is set on a badge: thin letters alone vanish at 168x94. */
const WORDMARK_ASPECT = 2;
/** How much wider than `size` a wordmark may be drawn (its badge adds a little more). */
const WORDMARK_WIDTH = 1.6;

/**
 * The art alone, fitted into size x size (aspect kept), straight RGBA. A logo
 * is two-tone: its glyph in the fill channel (pure red) and, for a wordmark,
 * a rounded badge behind it in the accent channel (pure green).
 */
async function bareArt(prop: TopicProp, size: number): Promise<Bare | null> {
  const brand = brandOf(prop);
  const svg = brand && prop.logo ? logoSvg(prop.logo) : null;
  if (svg) {
    // Trimmed to its ink. simple-icons fill their 24-unit box in their longer
    // side, so drawing the box a little over `size` leaves only a slight downscale.
    const red = svg.replace(/<svg /, '<svg fill="#ff0000" ').replace(/<title>[\s\S]*?<\/title>/, "");
    const trimmed = await sharp(Buffer.from(red), { density: Math.ceil(((size * WORDMARK_WIDTH * 72) / 24) * 1.1) })
      .trim({ threshold: 0 })
      .png()
      .toBuffer({ resolveWithObject: true });
    const badge = trimmed.info.width / trimmed.info.height >= WORDMARK_ASPECT;
    const { data, info } = await sharp(trimmed.data)
      .resize(badge ? Math.round(size * WORDMARK_WIDTH) : size, size, { fit: "inside", kernel: "lanczos3" })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const glyph = { rgba: data, width: info.width, height: info.height };
    return { art: badge ? onBadge(glyph) : glyph, twoTone: true, badge };
  }
  const webp = emoji3dFile(prop.emoji);
  const twemoji = webp ? null : emojiSvgPath(prop.emoji);
  if (!webp && !twemoji) return null;
  const input = webp ? sharp(webp) : sharp(twemoji!, { density: Math.ceil((size * 72) / 36) });
  const { data, info } = await input.resize(size, size, { fit: "inside" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { art: { rgba: data, width: info.width, height: info.height }, twoTone: false, badge: false };
}

/** A wordmark (pure red) on a rounded badge (pure green) with room around it. */
function onBadge(glyph: Art): Art {
  const pad = Math.round(Math.max(glyph.height * 0.45, glyph.width * 0.06));
  const width = glyph.width + pad * 2;
  const height = glyph.height + pad * 2;
  const radius = Math.min(height / 2, width / 2);
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Coverage of a rounded rectangle, anti-aliased over one pixel.
      const dx = Math.max(radius - (x + 0.5), x + 0.5 - (width - radius), 0);
      const dy = Math.max(radius - (y + 0.5), y + 0.5 - (height - radius), 0);
      const coverage = Math.min(1, Math.max(0, radius - Math.hypot(dx, dy) + 0.5));
      if (coverage === 0) continue;
      const o = (y * width + x) * 4;
      const gx = x - pad;
      const gy = y - pad;
      const ink = gx >= 0 && gy >= 0 && gx < glyph.width && gy < glyph.height ? glyph.rgba[(gy * glyph.width + gx) * 4 + 3] / 255 : 0;
      // Glyph over badge: red and green shares, straight alpha.
      const alpha = ink + coverage * (1 - ink);
      rgba[o] = Math.round((255 * ink) / alpha);
      rgba[o + 1] = Math.round((255 * coverage * (1 - ink)) / alpha);
      rgba[o + 3] = Math.round(alpha * 255);
    }
  }
  return { rgba, width, height };
}

/** Blurs a one-channel mask. */
async function blur(mask: Uint8Array | Buffer, width: number, height: number, sigma: number) {
  return sharp(Buffer.from(mask.buffer, mask.byteOffset, mask.length), { raw: { width, height, channels: 1 } })
    .blur(Math.max(0.3, sigma))
    // sharp hands a one-channel image back as three.
    .extractChannel(0)
    .raw()
    .toBuffer();
}

/**
 * The art with a sticker edge and a soft shadow, on a canvas grown by
 * PROP_MARGIN on each side, straight RGBA. The edge is the art's alpha grown
 * by EDGE (a blur, then a steep ramp), in `edge` colour.
 */
async function sticker(art: Art, size: number, tilt: number, edge: [number, number, number], edgeWidth = EDGE): Promise<Art> {
  const pad = Math.round(size * PROP_MARGIN);
  const { data: rgba, info } = await sharp(art.rgba, { raw: { width: art.width, height: art.height, channels: 4 } })
    .rotate(tilt, { background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const count = width * height;
  const alpha = new Uint8Array(count);
  for (let p = 0; p < count; p++) alpha[p] = rgba[p * 4 + 3];
  // Anything the blur reached past a few percent is inside the edge; the ramp keeps its rim smooth.
  const edgeMask = new Uint8Array(count);
  if (edgeWidth > 0) {
    const spread = await blur(alpha, width, height, size * edgeWidth * 0.6);
    for (let p = 0; p < count; p++) edgeMask[p] = Math.min(255, Math.max(alpha[p], (spread[p] - 6) * 12));
  } else edgeMask.set(alpha);
  const shadow = await blur(edgeMask, width, height, size * SHADOW_BLUR);
  const dx = Math.round(size * SHADOW_OFFSET.x);
  const dy = Math.round(size * SHADOW_OFFSET.y);
  const out = Buffer.alloc(count * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      const sx = x - dx;
      const sy = y - dy;
      const shadowAlpha = sx >= 0 && sy >= 0 ? (shadow[sy * width + sx] / 255) * SHADOW_OPACITY : 0;
      // Straight-alpha "over": art over edge over shadow.
      const edgeAlpha = edgeMask[p] / 255;
      let a = edgeAlpha + shadowAlpha * (1 - edgeAlpha);
      let r = edge[0] * edgeAlpha;
      let g = edge[1] * edgeAlpha;
      let b = edge[2] * edgeAlpha;
      const artAlpha = rgba[p * 4 + 3] / 255;
      if (artAlpha > 0) {
        r = rgba[p * 4] * artAlpha + r * (1 - artAlpha);
        g = rgba[p * 4 + 1] * artAlpha + g * (1 - artAlpha);
        b = rgba[p * 4 + 2] * artAlpha + b * (1 - artAlpha);
        a = artAlpha + a * (1 - artAlpha);
      }
      if (a <= 0) continue;
      out[p * 4] = Math.round(r / a);
      out[p * 4 + 1] = Math.round(g / a);
      out[p * 4 + 2] = Math.round(b / a);
      out[p * 4 + 3] = Math.round(a * 255);
    }
  }
  return { rgba: out, width, height };
}

type Prepared = { art: Art; twoTone: boolean; badge: boolean };
// A batch draws a few props at one or two sizes; an editing session a few more.
const prepared = recentCache<Promise<Prepared | null>>(24);

async function prepare(prop: TopicProp, size: number, tilt: number): Promise<Prepared | null> {
  const bare = await bareArt(prop, size);
  if (!bare) return null;
  // A logo's edge is the accent channel (pure green), recoloured per cell; an emoji's is white.
  const edge: [number, number, number] = bare.twoTone ? [0, 255, 0] : [255, 255, 255];
  // A badge is its own edge.
  const art = await sticker(bare.art, size, bare.twoTone ? 0 : tilt, edge, bare.badge ? 0 : EDGE);
  return { art, twoTone: bare.twoTone, badge: bare.badge };
}

/**
 * A prop drawn `size` pixels across (its art; the edge and shadow reach
 * PROP_MARGIN further), centred on (`cx`, `cy`) in the frame, tilted by
 * `tilt` degrees (emoji only: logos stay upright). Null when there is no art
 * for it. The art is made once per prop, size and tilt.
 */
export async function propArt(
  prop: TopicProp,
  { cx, cy, size, tilt = 0 }: { cx: number; cy: number; size: number; tilt?: number },
): Promise<PropLayer | null> {
  const brand = brandOf(prop);
  const key = JSON.stringify([prop.logo && brand ? prop.logo : prop.emoji, Math.round(size), brand ? 0 : tilt]);
  const made = await prepared.get(key, () => prepare(prop, Math.round(size), tilt));
  if (!made) return null;
  const { art, twoTone, badge } = made;
  const box: Box = { left: Math.round(cx - art.width / 2), top: Math.round(cy - art.height / 2), width: art.width, height: art.height };
  const pad = Math.round(Math.round(size) * PROP_MARGIN);
  const ink: Box = { left: box.left + pad, top: box.top + pad, width: box.width - 2 * pad, height: box.height - 2 * pad };
  return { rgba: art.rgba, box, ink, twoTone, logo: twoTone && prop.logo && brand ? { slug: prop.logo, hex: brand.hex, badge } : null };
}

/** The layer moved by (dx, dy). */
export function moveProp(layer: PropLayer, dx: number, dy: number): PropLayer {
  const move = (b: Box) => ({ ...b, left: b.left + dx, top: b.top + dy });
  return { ...layer, box: move(layer.box), ink: move(layer.ink) };
}

/** The colours a logo is drawn in over this scene; emoji keep their own. */
export type PropInk = { fill: string; edge: string };

const WHITE = "#ffffff";
const INK = "#111111";
/** A logo in its brand colour needs this much contrast with the scene under it; else it turns white (or black on a light scene). */
export const LOGO_CONTRAST = 3;

/**
 * The logo's colours over the scene under it: its brand colour where that
 * stands out (contrast of at least LOGO_CONTRAST with the scene's mean
 * luminance under the glyph), else white, or near-black on a light scene.
 * The sticker edge is white behind a coloured or dark logo, black behind a
 * white one.
 */
export function propInk(layer: PropLayer, scene: SceneSampler): PropInk | null {
  if (!layer.twoTone || !layer.logo) return null;
  if (layer.logo.badge) return badgeInk(layer.logo.hex);
  const { rgba, box } = layer;
  let sum = 0;
  let count = 0;
  for (let y = 0; y < box.height; y += 3) {
    for (let x = 0; x < box.width; x += 3) {
      const i = (y * box.width + x) * 4;
      // Under the glyph and its edge.
      if (rgba[i + 3] < 128 || rgba[i] + rgba[i + 1] < 128) continue;
      const fx = box.left + x;
      const fy = box.top + y;
      if (fx < 0 || fy < 0 || fx >= WIDTH || fy >= HEIGHT) continue;
      sum += scene(fx, fy);
      count++;
    }
  }
  return inkFor(layer.logo.hex, count > 0 ? sum / count : 0);
}

/**
 * A logo's colours over a scene of luminance `under` (WCAG, 0–1): its brand
 * colour where that has LOGO_CONTRAST with the scene, else white, or
 * near-black where that reads better; a white sticker edge behind a coloured
 * or dark logo, a black one behind a white logo.
 */
export function inkFor(brandHex: string, under: number): PropInk {
  const fill =
    contrastRatio(hexLuminance(brandHex), under) >= LOGO_CONTRAST
      ? brandHex
      : contrastRatio(1, under) >= contrastRatio(hexLuminance(INK), under)
        ? WHITE
        : INK;
  return { fill, edge: hexLuminance(fill) > 0.6 ? "#000000" : WHITE };
}

/** A wordmark keeps its brand colour on a white badge, or on a near-black one where white would not carry it (Sony's white). */
export function badgeInk(brandHex: string): PropInk {
  const brand = hexLuminance(brandHex);
  if (contrastRatio(brand, 1) >= LOGO_CONTRAST) return { fill: brandHex, edge: WHITE };
  if (contrastRatio(brand, hexLuminance(INK)) >= LOGO_CONTRAST) return { fill: brandHex, edge: INK };
  return { fill: INK, edge: WHITE };
}

/** Draws a prop over a raw RGB frame, in place: emoji art as it is, a logo in `ink`. */
export function drawProp(frame: Buffer, layer: PropLayer, ink: PropInk | null) {
  if (layer.twoTone) drawTwoTone(frame, layer, ink?.fill ?? layer.logo?.hex ?? WHITE, ink?.edge ?? WHITE);
  else drawLayer(frame, layer);
}
