// Decorations and props: an arrow toward the person, a round badge, an
// underline, or a large topic prop beside the headline. Each returns its SVG
// in frame coordinates and the box it draws in, so that only that box is
// rasterised. Decorations are drawn two-tone (./raster.server): their colour
// is chosen per background, after they are rasterised once per prompt.
import type { PromptVariant } from "~/modules/design/plan";
import { DURATION_ZONE, HEIGHT, intersects, MARGIN, WIDTH, type Box } from "~/modules/design/frame";
import type { PlacedHeadline } from "./headline-layer.server";
import { PROP_SIZE } from "./headline-layer.server";
import { TWO_TONE } from "./raster.server";
import { emojiArt, emojiFile, scopeIds } from "./text/emoji.server";
import { labelSvg } from "./text/headline.server";

export type VectorLayer = { svg: string; box: Box };

function arrow(prompt: PromptVariant, headline: PlacedHeadline, face: Box): VectorLayer | null {
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

function badge(prompt: PromptVariant, face: Box): VectorLayer | null {
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
export function decorationLayer(prompt: PromptVariant, headline: PlacedHeadline, face: Box) {
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
export function decorationColour(prompt: PromptVariant, paletteAccent: string, headlineAccent: string) {
  return prompt.decoration === "badge" ? paletteAccent : headlineAccent;
}

/** The topic prop, large, under the headline on the person's side, with a white sticker edge and a shadow. */
export function propLayer(prompt: PromptVariant, headline: PlacedHeadline): VectorLayer | null {
  if (!prompt.prop) return null;
  const file = emojiFile(prompt.prop.emoji);
  if (!file) return null;
  const art = emojiArt(file);
  const body = art.hasIds ? scopeIds(art.body, "prop") : art.body;
  // Room for the shadow below it, inside the column.
  const size = Math.min(PROP_SIZE, headline.below.height - 30);
  if (size < 120) return null;
  const personRight = prompt.layout === "person-right";
  const top = headline.below.top;
  // Under the headline, on its side (away from the person), or else toward the person.
  const outer = personRight ? headline.below.left + 10 : headline.below.left + headline.below.width - size - 30;
  const inner = personRight ? headline.below.left + headline.below.width - size - 30 : headline.below.left + 10;
  const boxAt = (left: number) => ({ left: left - 20, top: top - 20, width: size + 50, height: size + 50 });
  const left = [outer, inner].find((x) => !intersects(boxAt(x), DURATION_ZONE));
  if (left === undefined) return null;
  const box = boxAt(left);
  const tilt = personRight ? 8 : -8;
  const centre = `${left + size / 2} ${top + size / 2}`;
  const drawn = (extra: string) =>
    `<g transform="rotate(${tilt} ${centre})"><svg x="${left}" y="${top}" width="${size}" height="${size}" viewBox="0 0 36 36">${extra}${body}</svg></g>`;
  // A sticker edge: the art drawn thick in white behind itself, then a soft shadow.
  const svg =
    `<g transform="translate(8,10)" opacity="0.45"><g transform="rotate(${tilt} ${centre})"><svg x="${left}" y="${top}" width="${size}" height="${size}" viewBox="0 0 36 36"><g fill="#000" stroke="#000" stroke-width="3" stroke-linejoin="round">${art.silhouette}</g></svg></g></g>` +
    drawn(`<g fill="#fff" stroke="#fff" stroke-width="3" stroke-linejoin="round">${art.silhouette.replaceAll('"#000"', '"#fff"')}</g>`);
  return { svg, box };
}
