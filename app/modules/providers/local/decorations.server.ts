// Decorations and props: an arrow toward the person, a round badge, an
// underline, or a large topic prop beside the headline. Each returns its SVG
// in frame coordinates and the box it draws in, so that only that box is
// rasterised. Decorations are drawn two-tone (./raster.server): their colour
// is chosen per background, after they are rasterised once per prompt. The
// prop is already pixels (./prop-art.server).
import type { CellPrompt } from "~/modules/design/plan";
import type { TopicProp } from "~/modules/design/props";
import { DURATION_ZONE, HEIGHT, intersects, MARGIN, WIDTH, type Box } from "~/modules/design/frame";
import type { PlacedHeadline } from "./headline-layer.server";
import { PROP_SIZE } from "./headline-layer.server";
import { TWO_TONE } from "./raster.server";
import { moveProp, propArt, type PropLayer } from "./prop-art.server";
import { labelSvg } from "./text/drawing.server";

export type VectorLayer = { svg: string; box: Box };

function arrow(prompt: CellPrompt, headline: PlacedHeadline, face: Box): VectorLayer | null {
  const accent = TWO_TONE.accent;
  const personRight = prompt.layout === "person-right";
  const textBottom = Math.max(...headline.boxes.map((b) => b.top + b.height));
  const textLeft = Math.min(...headline.boxes.map((b) => b.left));
  const textRight = Math.max(...headline.boxes.map((b) => b.left + b.width));
  // From under the middle of the headline toward the person's shoulder, ending short of the face.
  const startX = personRight ? Math.min(textLeft + 160, textRight - 40) : Math.max(textRight - 160, textLeft + 40);
  const startY = textBottom + 70;
  const endX = personRight ? face.left - 30 : face.left + face.width + 30;
  const endY = Math.min(face.top + face.height * 1.05, HEIGHT - 120);
  if (startY > HEIGHT - 60 || Math.abs(endX - startX) < 120) return null;
  const controlX = (startX + endX) / 2;
  const controlY = Math.max(startY, endY) + 60;
  const angle = Math.atan2(endY - controlY, endX - controlX);
  const tipX = endX - Math.cos(angle) * 40;
  const tipY = endY - Math.sin(angle) * 40;
  const head = (a: number, r: number) => `${(endX + Math.cos(a) * r).toFixed(1)},${(endY + Math.sin(a) * r).toFixed(1)}`;
  const curve = `M${startX},${startY}Q${controlX},${controlY} ${tipX.toFixed(1)},${tipY.toFixed(1)}`;
  const svg =
    `<path d="${curve}" fill="none" stroke="#000" stroke-width="34" stroke-linecap="round"/>` +
    `<path d="${curve}" fill="none" stroke="${accent}" stroke-width="20" stroke-linecap="round"/>` +
    `<path d="M${head(angle, 18)}L${head(angle + 2.5, 62)}L${head(angle - 2.5, 62)}Z" fill="${accent}" stroke="#000" stroke-width="7" stroke-linejoin="round"/>`;
  const xs = [startX, controlX, endX];
  const ys = [startY, controlY, endY];
  const box = {
    left: Math.min(...xs) - 70,
    top: Math.min(...ys) - 70,
    width: Math.max(...xs) - Math.min(...xs) + 140,
    height: Math.max(...ys) - Math.min(...ys) + 70,
  };
  return { svg, box };
}

function badge(prompt: CellPrompt, face: Box): VectorLayer | null {
  const radius = 84;
  const cx = prompt.layout === "person-right" ? WIDTH - MARGIN - radius + 10 : MARGIN + radius - 10;
  const cy = MARGIN + radius - 14;
  const box = { left: cx - radius - 8, top: cy - radius - 8, width: radius * 2 + 24, height: radius * 2 + 26 };
  // Never over the face: a badge that would touch it is left out.
  if (intersects(box, face)) return null;
  const capHeight = prompt.badgeText.length > 2 ? 52 : 78;
  const svg =
    `<circle cx="${cx + 6}" cy="${cy + 8}" r="${radius}" fill="#000" fill-opacity="0.45"/>` +
    `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${TWO_TONE.accent}" stroke="#000" stroke-width="8"/>` +
    labelSvg(prompt.badgeText, cx, cy + capHeight / 2, capHeight, "#000000");
  return { svg, box };
}

function underline(headline: PlacedHeadline): VectorLayer {
  const accent = TWO_TONE.accent;
  const last = headline.boxes[headline.boxes.length - 1];
  const y = last.top + last.height + 14;
  const box = { left: last.left - 4, top: y - 4, width: last.width + 8, height: 26 };
  return { svg: `<rect x="${last.left}" y="${y}" width="${last.width}" height="18" rx="9" fill="${accent}" stroke="#000" stroke-width="5"/>`, box };
}

/** The decoration's shape, drawn two-tone; null when it has no room. */
export function decorationLayer(prompt: CellPrompt, headline: PlacedHeadline, face: Box) {
  switch (prompt.decoration) {
    case "arrow":
      // A prop already points the eye; an arrow too would be clutter.
      return prompt.prop ? null : arrow(prompt, headline, face);
    case "badge":
      return badge(prompt, face);
    case "underline":
      return underline(headline);
  }
}

/** The badge wears the palette's accent; arrows and underlines the headline's accent. */
export function decorationColour(prompt: CellPrompt, paletteAccent: string, headlineAccent: string) {
  return prompt.decoration === "badge" ? paletteAccent : headlineAccent;
}

/**
 * The topic prop, large, under the headline on the person's side or else
 * toward the person, tilted a little toward the person: 3D emoji art or a
 * brand's logo, with a sticker edge and a soft shadow (./prop-art.server).
 */
export async function propLayer(prompt: CellPrompt, headline: PlacedHeadline): Promise<PropLayer | null> {
  if (!prompt.prop) return null;
  const size = Math.min(PROP_SIZE, headline.below.height - 30);
  if (size < 120) return null;
  const { below } = headline;
  const personRight = prompt.layout === "person-right";
  const tilt = personRight ? 8 : -8;
  let layer = await propArt(prompt.prop, { cx: 0, cy: 0, size, tilt });
  // A wordmark's badge is wider than the art's square: drawn smaller where the column is narrower.
  if (layer && layer.ink.width > below.width - 20) {
    layer = await propArt(prompt.prop, { cx: 0, cy: 0, size: Math.floor((size * (below.width - 20)) / layer.ink.width) - 1, tilt });
  }
  if (!layer || layer.ink.width > below.width - 20) return null;
  const atLeft = below.left + 10;
  const atRight = below.left + below.width - 10 - layer.ink.width;
  // Under the headline, on its side (away from the person), or else toward the person.
  for (const left of personRight ? [atLeft, atRight] : [atRight, atLeft]) {
    const moved = moveProp(layer, left - layer.ink.left, below.top - layer.ink.top);
    // The art's margin (edge, shadow) may reach past the frame: it is moved in, never cut.
    const { box } = moved;
    const dx = Math.max(0, -box.left) - Math.max(0, box.left + box.width - WIDTH);
    const dy = Math.max(0, -box.top) - Math.max(0, box.top + box.height - HEIGHT);
    const placed = moveProp(moved, dx, dy);
    if (!intersects(placed.ink, DURATION_ZONE)) return placed;
  }
  return null;
}

/** Where a prop goes: its art's square in frame coordinates, and a tilt in degrees (logos stay upright). */
export type PropPlacement = { left: number; top: number; size: number; tilt: number };

/**
 * A prop anywhere in the frame (the scenes' large props, a versus cell's two
 * sides), drawn by ./prop-art.server with its edge and shadow; its margin is
 * moved inside the frame, never cut.
 */
export async function propSticker(prop: TopicProp, { left, top, size, tilt }: PropPlacement): Promise<PropLayer | null> {
  const layer = await propArt(prop, { cx: left + size / 2, cy: top + size / 2, size: Math.round(size), tilt });
  if (!layer) return null;
  const { box } = layer;
  const dx = Math.max(0, -box.left) - Math.max(0, box.left + box.width - WIDTH);
  const dy = Math.max(0, -box.top) - Math.max(0, box.top + box.height - HEIGHT);
  return dx || dy ? moveProp(layer, dx, dy) : layer;
}
