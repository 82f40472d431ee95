// The offline "local" provider: composes thumbnails a creator would upload
// from the portrait, a background and a headline, with sharp. Deterministic:
// the same inputs give byte-identical JPEGs.
import sharp from "sharp";
import type { BackgroundSpec, PromptVariant } from "~/modules/generations/plan";
import { describePrompt } from "~/modules/generations/plan";
import type { BatchInput, BatchPortrait, BatchRenderer, CellRequest, ThumbnailProvider } from "../provider";
import { contrastRatio, hexLuminance, luminance, paletteFor, type Palette } from "./palettes";
import { layoutHeadline, wordPath, type HeadlineLayout } from "./text.server";

export const WIDTH = 1280;
export const HEIGHT = 720;
/** Where YouTube draws the duration: nothing important goes here. */
export const DURATION_ZONE = { left: WIDTH * 0.75, top: HEIGHT * 0.8 };
/** Legible at 168x94: capital letters at least 10% of the frame height. */
export const MIN_CAP_HEIGHT = Math.ceil(HEIGHT * 0.1);
export const MIN_CONTRAST = 4.5;

const MARGIN = 56;
// Layers live only in memory between sharp calls: skip PNG compression.
const FAST_PNG = { compressionLevel: 0 } as const;
const TEXT_MAX_WIDTH = 600;
const PERSON_CENTER = { "person-right": WIDTH * 0.755, "person-left": WIDTH * 0.245 } as const;

type Layer = { input: Buffer; left: number; top: number };
type Box = { left: number; top: number; width: number; height: number };

export type CellInspection = {
  /** The pixels behind the headline (background, person, scrim), raw RGB. */
  behindText: Buffer;
  textBoxes: Box[];
  fills: string[];
  headline: HeadlineLayout;
  personBox: Box;
};

function svg(body: string, width = WIDTH, height = HEIGHT) {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`);
}

const vignette = `<defs><radialGradient id="v" cx="50%" cy="50%" r="75%"><stop offset="55%" stop-color="#000" stop-opacity="0"/><stop offset="100%" stop-color="#000" stop-opacity="0.6"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#v)"/>`;

function raysSvg(cx: number, cy: number, colour: string, count: number, opacity: number) {
  const reach = WIDTH * 1.5;
  const rays: string[] = [];
  for (let i = 0; i < count; i++) {
    const a0 = (i / count) * Math.PI * 2;
    const a1 = a0 + Math.PI / count;
    rays.push(
      `M${cx},${cy}L${(cx + Math.cos(a0) * reach).toFixed(1)},${(cy + Math.sin(a0) * reach).toFixed(1)}L${(cx + Math.cos(a1) * reach).toFixed(1)},${(cy + Math.sin(a1) * reach).toFixed(1)}Z`,
    );
  }
  return `<path d="${rays.join("")}" fill="${colour}" fill-opacity="${opacity}"/>`;
}

async function renderBackground(spec: BackgroundSpec, palette: Palette, layout: PromptVariant["layout"], portrait: Buffer) {
  const cx = PERSON_CENTER[layout];
  const cy = HEIGHT * 0.48;
  const toRaw = (image: sharp.Sharp) => image.removeAlpha().raw().toBuffer();
  switch (spec.kind) {
    case "burst":
      return toRaw(
        sharp(
          svg(
            `<rect width="100%" height="100%" fill="${palette.b}"/>${raysSvg(cx, cy, palette.a, 22, 0.9)}` +
              `<defs><radialGradient id="g" cx="${cx}" cy="${cy}" r="420" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${palette.glow}" stop-opacity="0.85"/><stop offset="1" stop-color="${palette.glow}" stop-opacity="0"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${vignette}`,
          ),
        ),
      );
    case "gradient": {
      const towardPerson = layout === "person-right" ? 'x1="0" y1="1" x2="1" y2="0"' : 'x1="1" y1="1" x2="0" y2="0"';
      return toRaw(
        sharp(
          svg(
            `<defs><linearGradient id="l" ${towardPerson}><stop offset="0" stop-color="${palette.b}"/><stop offset="1" stop-color="${palette.a}"/></linearGradient>` +
              `<radialGradient id="g" cx="${cx}" cy="${cy}" r="380" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="#fff" stop-opacity="0.35"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>` +
              `<rect width="100%" height="100%" fill="url(#l)"/><rect width="100%" height="100%" fill="url(#g)"/>${vignette}`,
          ),
        ),
      );
    }
    case "split": {
      // The person's side is bright, the headline's side dark, a hard diagonal between.
      const personOnRight = layout === "person-right";
      const top = personOnRight ? WIDTH * 0.6 : WIDTH * 0.4;
      const bottom = personOnRight ? WIDTH * 0.46 : WIDTH * 0.54;
      const edge = personOnRight ? WIDTH : 0;
      return toRaw(
        sharp(
          svg(
            `<rect width="100%" height="100%" fill="${palette.b}"/>` +
              `<path d="M${top},0L${edge},0L${edge},${HEIGHT}L${bottom},${HEIGHT}Z" fill="${palette.a}"/>` +
              `<path d="M${top},0L${bottom},${HEIGHT}" stroke="${palette.accent}" stroke-width="18"/>` +
              `<path d="M${top + (personOnRight ? -40 : 40)},0L${bottom + (personOnRight ? -40 : 40)},${HEIGHT}" stroke="#ffffff" stroke-opacity="0.5" stroke-width="6"/>${vignette}`,
          ),
        ),
      );
    }
    case "pattern": {
      // Drawn as plain shapes: librsvg renders <pattern> fills slowly.
      const stripes: string[] = [];
      for (let x = -HEIGHT; x < WIDTH + HEIGHT; x += 96) stripes.push(`M${x},0L${x + 40},0L${x + 40 - HEIGHT * 0.6},${HEIGHT}L${x - HEIGHT * 0.6},${HEIGHT}Z`);
      const dots: string[] = [];
      for (let y = 20; y < HEIGHT; y += 44) {
        for (let x = (y / 44) % 2 ? 20 : 42; x < WIDTH; x += 44) dots.push(`M${x - 7},${y}a7,7 0 1,0 14,0a7,7 0 1,0 -14,0`);
      }
      return toRaw(
        sharp(
          svg(
            `<defs><linearGradient id="l" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${palette.b}"/><stop offset="1" stop-color="${palette.a}"/></linearGradient></defs>` +
              `<rect width="100%" height="100%" fill="url(#l)"/><path d="${stripes.join("")}" fill="${palette.a}" fill-opacity="0.35"/>` +
              `<path d="${dots.join("")}" fill="#fff" fill-opacity="0.12"/>${vignette}`,
          ),
        ),
      );
    }
    case "spotlight":
      return toRaw(
        sharp(
          svg(
            `<defs><radialGradient id="g" cx="${cx}" cy="${HEIGHT * 0.3}" r="560" gradientUnits="userSpaceOnUse"><stop offset="0" stop-color="${palette.a}"/><stop offset="0.55" stop-color="${palette.b}"/><stop offset="1" stop-color="#000"/></radialGradient></defs>` +
              `<rect width="100%" height="100%" fill="url(#g)"/>${raysSvg(cx, -HEIGHT * 0.4, "#ffffff", 9, 0.06)}`,
          ),
        ),
      );
    case "blur": {
      // The portrait itself, enlarged, blurred and tinted: the creator's own colours.
      const blurred = await sharp(portrait)
        .flatten({ background: palette.b })
        .resize(WIDTH / 4, HEIGHT / 4, { fit: "cover" })
        .blur(7)
        .resize(WIDTH, HEIGHT)
        .modulate({ brightness: 0.7, saturation: 1.4 })
        .png(FAST_PNG)
        .toBuffer();
      return toRaw(
        sharp(blurred).composite([
          { input: svg(`<rect width="100%" height="100%" fill="${palette.a}" fill-opacity="0.38"/>${vignette}`), blend: "over" },
        ]),
      );
    }
  }
}

type PreparedPerson = {
  /** The person with its white outline, RGBA PNG. */
  layer: Layer;
  /** A soft halo around the person, one channel, coloured per palette. */
  glow: { mask: Buffer; width: number; height: number; left: number; top: number };
  box: Box;
};

function preparePerson(portrait: BatchPortrait, prompt: PromptVariant): Promise<PreparedPerson> {
  const centerX = PERSON_CENTER[prompt.layout];
  return portrait.hasAlpha ? prepareCutout(portrait.bytes, centerX) : prepareFramedPhoto(portrait.bytes, centerX, prompt);
}

const transparent = { r: 0, g: 0, b: 0, alpha: 0 };

async function prepareCutout(bytes: Buffer, centerX: number): Promise<PreparedPerson> {
  const pad = 28;
  const trimmed = await sharp(bytes).trim({ threshold: 1 }).png(FAST_PNG).toBuffer();
  const person = await sharp(trimmed)
    .resize({ height: Math.round(HEIGHT * 0.94), width: Math.round(WIDTH * 0.5), fit: "inside" })
    .png(FAST_PNG)
    .toBuffer({ resolveWithObject: true });
  const { width, height } = person.info;
  const canvas = { width: width + pad * 2, height: height + pad, channels: 1 as const };
  const alpha = await sharp(person.data)
    .extractChannel("alpha")
    .extend({ top: pad, left: pad, right: pad, bottom: 0, background: { r: 0, g: 0, b: 0 } })
    .raw()
    .toBuffer();
  // Grow the silhouette by blurring its alpha and thresholding it low.
  const grow = (mask: Buffer, sigma: number, threshold: number) =>
    sharp(mask, { raw: canvas }).blur(sigma).threshold(threshold).extractChannel(0).raw().toBuffer();
  const outlineMask = await grow(alpha, 3.5, 6);
  const outline = await sharp({ create: { width: canvas.width, height: canvas.height, channels: 3, background: "#ffffff" } })
    .joinChannel(outlineMask, { raw: canvas })
    .png(FAST_PNG)
    .toBuffer();
  const glowMask = await sharp(await grow(alpha, 8, 4), { raw: canvas }).blur(14).extractChannel(0).raw().toBuffer();
  const layer = await sharp({ create: { width: canvas.width, height: canvas.height, channels: 4, background: transparent } })
    .composite([
      { input: outline, left: 0, top: 0 },
      { input: person.data, left: pad, top: pad },
    ])
    .png(FAST_PNG)
    .toBuffer();
  const left = Math.round(centerX - canvas.width / 2);
  const top = HEIGHT - canvas.height + 4;
  return {
    layer: { input: layer, left, top },
    glow: { mask: glowMask, width: canvas.width, height: canvas.height, left, top },
    box: { left: left + pad, top: top + pad, width, height },
  };
}

async function prepareFramedPhoto(bytes: Buffer, centerX: number, prompt: PromptVariant): Promise<PreparedPerson> {
  const size = Math.round(HEIGHT * 0.78);
  const ring = 12;
  const pad = 40;
  const full = size + pad * 2;
  const photo = await sharp(bytes)
    .resize(size, size, { fit: "cover", position: sharp.strategy.attention })
    .png(FAST_PNG)
    .toBuffer();
  const shape =
    prompt.personFrame === "circle"
      ? (inset: number, attrs: string) => `<circle cx="${full / 2}" cy="${full / 2}" r="${size / 2 - inset}" ${attrs}/>`
      : (inset: number, attrs: string) =>
          `<rect x="${pad + inset}" y="${pad + inset}" width="${size - inset * 2}" height="${size - inset * 2}" rx="56" ${attrs}/>`;
  const mask = svg(shape(0, 'fill="#fff"'), full, full);
  const clipped = await sharp({ create: { width: full, height: full, channels: 4, background: transparent } })
    .composite([
      { input: photo, left: pad, top: pad },
      { input: mask, blend: "dest-in" },
    ])
    .png(FAST_PNG)
    .toBuffer();
  const outline = svg(shape(ring / 2, `fill="none" stroke="#ffffff" stroke-width="${ring}"`), full, full);
  let layer = await sharp({ create: { width: full, height: full, channels: 4, background: transparent } })
    .composite([{ input: clipped }, { input: outline }])
    .png(FAST_PNG)
    .toBuffer();
  let glowShape = await sharp(svg(shape(-10, 'fill="#fff"'), full, full)).png(FAST_PNG).toBuffer();
  let width = full;
  if (prompt.personFrame === "rounded") {
    // A slight tilt toward the headline reads as energy, not as a pasted photo.
    const angle = prompt.layout === "person-right" ? -4 : 4;
    const rotated = await sharp(layer).rotate(angle, { background: transparent }).png(FAST_PNG).toBuffer({ resolveWithObject: true });
    layer = rotated.data;
    width = rotated.info.width;
    glowShape = await sharp(glowShape).rotate(angle, { background: transparent }).png(FAST_PNG).toBuffer();
  }
  const glowMask = await sharp(glowShape).extractChannel("alpha").blur(16).raw().toBuffer();
  const left = Math.round(centerX - width / 2);
  const top = Math.round(HEIGHT * 0.5 - width / 2);
  return {
    layer: { input: layer, left, top },
    glow: { mask: glowMask, width, height: width, left, top },
    box: { left: Math.round(centerX - size / 2), top: Math.round(HEIGHT * 0.5 - size / 2), width: size, height: size },
  };
}

function colourGlow(glow: PreparedPerson["glow"], colour: string): Promise<Layer> {
  return sharp({ create: { width: glow.width, height: glow.height, channels: 3, background: colour } })
    .joinChannel(glow.mask, { raw: { width: glow.width, height: glow.height, channels: 1 } })
    .png({ compressionLevel: 0 })
    .toBuffer()
    .then((input) => ({ input, left: glow.left, top: glow.top }));
}

/** Where the headline may go: the side away from the person, never in the duration corner. */
function textRegion(prompt: PromptVariant) {
  const left = prompt.layout === "person-right" ? MARGIN : WIDTH - MARGIN - TEXT_MAX_WIDTH;
  const bottomLimit = prompt.layout === "person-left" ? DURATION_ZONE.top - 24 : HEIGHT - MARGIN;
  const top = prompt.textPosition === "top" ? MARGIN : 150;
  return { left, top, width: TEXT_MAX_WIDTH, height: Math.min(prompt.textPosition === "top" ? 360 : 400, bottomLimit - top - 150) };
}

function placeHeadline(prompt: PromptVariant) {
  const region = textRegion(prompt);
  const layout = layoutHeadline(prompt.words, prompt.accentIndex, {
    maxWidth: region.width,
    maxHeight: region.height,
    maxLines: 3,
    minCapHeight: MIN_CAP_HEIGHT,
    maxCapHeight: 150,
  });
  const alignRight = prompt.layout === "person-left";
  const lines = layout.lines.map((line, i) => {
    const left = alignRight ? region.left + region.width - line.width : region.left;
    const baseline = region.top + layout.capHeight + i * layout.lineHeight;
    return { line, left, baseline, box: { left: Math.round(left), top: Math.round(baseline - layout.capHeight), width: Math.round(line.width), height: Math.round(layout.capHeight) } };
  });
  return { layout, lines, region };
}

/** Every third pixel inside the boxes, as raw RGB triplets. */
function samplePixels(raw: Buffer, boxes: Box[]) {
  const samples: number[] = [];
  for (const box of boxes) {
    for (let y = Math.max(0, box.top); y < Math.min(HEIGHT, box.top + box.height); y += 3) {
      for (let x = Math.max(0, box.left); x < Math.min(WIDTH, box.left + box.width); x += 3) {
        const i = (y * WIDTH + x) * 3;
        samples.push(raw[i], raw[i + 1], raw[i + 2]);
      }
    }
  }
  return samples;
}

/** The 90th percentile luminance of the samples under a black scrim of the given opacity. */
function brightLuminance(samples: number[], scrim = 0) {
  const keep = 1 - scrim;
  const values = new Float64Array(samples.length / 3);
  for (let i = 0; i < values.length; i++) {
    values[i] = luminance(Math.round(samples[i * 3] * keep), Math.round(samples[i * 3 + 1] * keep), Math.round(samples[i * 3 + 2] * keep));
  }
  values.sort();
  return values[Math.floor(values.length * 0.9)] ?? 0;
}

/** Fill colours that read against the scene, and the scrim opacity that makes them read. */
function chooseColours(scene: Buffer, boxes: Box[], palette: Palette) {
  const base = "#ffffff";
  const samples = samplePixels(scene, boxes);
  const background = brightLuminance(samples);
  const passes = (hex: string, bg: number) => contrastRatio(hexLuminance(hex), bg) >= MIN_CONTRAST + 0.1;
  const accent = [palette.accent, palette.glow, "#ffe600"].find((c) => passes(c, background)) ?? "#ffe600";
  let scrim = 0;
  let behind = background;
  while (scrim < 0.95 && !(passes(base, behind) && passes(accent, behind))) {
    scrim = Math.round((scrim + 0.1) * 100) / 100;
    behind = brightLuminance(samples, scrim);
  }
  return { base, accent, scrim };
}

function scrimSvg(boxes: Box[], opacity: number) {
  if (opacity === 0) return "";
  const left = Math.min(...boxes.map((b) => b.left)) - 24;
  const top = Math.min(...boxes.map((b) => b.top)) - 22;
  const right = Math.max(...boxes.map((b) => b.left + b.width)) + 24;
  const bottom = Math.max(...boxes.map((b) => b.top + b.height)) + 26;
  return `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" rx="22" fill="#000" fill-opacity="${opacity}"/>`;
}

function headlineSvg(placed: ReturnType<typeof placeHeadline>, colours: { base: string; accent: string }) {
  const { layout } = placed;
  const stroke = Math.max(6, layout.fontSize * 0.085);
  const shadow = Math.round(layout.fontSize * 0.06);
  const paths = placed.lines.flatMap(({ line, left, baseline }) =>
    line.words.map((word) => ({ d: wordPath(word.text, left + word.x, baseline, layout.fontSize), fill: word.accent ? colours.accent : colours.base })),
  );
  return (
    `<g transform="translate(${shadow},${shadow})" fill="#000" fill-opacity="0.6">${paths.map((p) => `<path d="${p.d}" stroke="#000" stroke-width="${stroke}" stroke-linejoin="round"/>`).join("")}</g>` +
    paths.map((p) => `<path d="${p.d}" fill="${p.fill}" stroke="#000" stroke-width="${stroke}" stroke-linejoin="round" paint-order="stroke fill"/>`).join("")
  );
}

function decorationSvg(prompt: PromptVariant, placed: ReturnType<typeof placeHeadline>, personBox: Box, palette: Palette, accent: string) {
  const textBottom = Math.max(...placed.lines.map((l) => l.box.top + l.box.height));
  const personRight = prompt.layout === "person-right";
  switch (prompt.decoration) {
    case "arrow": {
      // From under the headline toward the person, ending short of the face.
      const startX = personRight ? placed.region.left + 150 : placed.region.left + placed.region.width - 150;
      const startY = Math.min(textBottom + 70, DURATION_ZONE.top - 40);
      const endX = personRight ? personBox.left - 10 : personBox.left + personBox.width + 10;
      const endY = Math.min(personBox.top + personBox.height * 0.42, DURATION_ZONE.top - 60);
      const controlX = (startX + endX) / 2;
      const controlY = Math.min(startY, endY) + 90;
      const angle = Math.atan2(endY - controlY, endX - controlX);
      const head = (a: number, r: number) => `${(endX + Math.cos(a) * r).toFixed(1)},${(endY + Math.sin(a) * r).toFixed(1)}`;
      return (
        `<path d="M${startX},${startY}Q${controlX},${controlY} ${endX - Math.cos(angle) * 40},${endY - Math.sin(angle) * 40}" fill="none" stroke="#000" stroke-width="34" stroke-linecap="round"/>` +
        `<path d="M${startX},${startY}Q${controlX},${controlY} ${endX - Math.cos(angle) * 40},${endY - Math.sin(angle) * 40}" fill="none" stroke="${accent}" stroke-width="20" stroke-linecap="round"/>` +
        `<path d="M${head(angle, 18)}L${head(angle + 2.5, 62)}L${head(angle - 2.5, 62)}Z" fill="${accent}" stroke="#000" stroke-width="7" stroke-linejoin="round"/>`
      );
    }
    case "badge": {
      const cx = personRight ? WIDTH - 130 : 130;
      const cy = 122;
      const size = 92;
      const textSize = prompt.badgeText.length > 2 ? 62 : 96;
      const capHeight = textSize * 0.86;
      const approxWidth = prompt.badgeText.length * textSize * 0.48;
      return (
        `<circle cx="${cx}" cy="${cy}" r="${size}" fill="#000" fill-opacity="0.45" transform="translate(6,8)"/>` +
        `<circle cx="${cx}" cy="${cy}" r="${size}" fill="${palette.accent}" stroke="#000" stroke-width="8"/>` +
        `<path d="${wordPath(prompt.badgeText, cx - approxWidth / 2, cy + capHeight / 2, textSize)}" fill="#111"/>`
      );
    }
    case "underline": {
      const last = placed.lines[placed.lines.length - 1];
      const y = last.baseline + 20;
      return `<rect x="${last.left}" y="${y}" width="${last.line.width}" height="18" rx="9" fill="${accent}" stroke="#000" stroke-width="5"/>`;
    }
  }
}

function createLocalBatch(input: BatchInput): BatchRenderer {
  const backgrounds = new Map<string, Promise<Buffer>>();
  const people = new Map<number, Promise<PreparedPerson>>();
  const glows = new Map<string, Promise<Layer>>();

  const backgroundFor = (spec: BackgroundSpec, layout: PromptVariant["layout"]) => {
    // Only some kinds are drawn around the person's side.
    const key = spec.kind === "blur" || spec.kind === "pattern" ? `${spec.index}` : `${spec.index}:${layout}`;
    if (!backgrounds.has(key)) backgrounds.set(key, renderBackground(spec, paletteFor(spec.paletteIndex), layout, input.portrait.bytes));
    return backgrounds.get(key)!;
  };
  const personFor = (prompt: PromptVariant) => {
    if (!people.has(prompt.index)) people.set(prompt.index, preparePerson(input.portrait, prompt));
    return people.get(prompt.index)!;
  };
  const glowFor = (prompt: PromptVariant, person: PreparedPerson, palette: Palette) => {
    const key = `${prompt.index}:${palette.glow}`;
    if (!glows.has(key)) glows.set(key, colourGlow(person.glow, palette.glow));
    return glows.get(key)!;
  };

  async function compose({ prompt, background }: CellRequest) {
    const palette = paletteFor(background.paletteIndex);
    const [backgroundRaw, person] = await Promise.all([backgroundFor(background, prompt.layout), personFor(prompt)]);
    const glow = await glowFor(prompt, person, palette);
    const scene = await sharp(backgroundRaw, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .composite([glow, person.layer])
      .removeAlpha()
      .raw()
      .toBuffer();
    const placed = placeHeadline(prompt);
    const boxes = placed.lines.map((l) => l.box);
    const colours = chooseColours(scene, boxes, palette);
    return { palette, scene, person, placed, boxes, colours };
  }

  return {
    async render(cell) {
      const { palette, scene, person, placed, boxes, colours } = await compose(cell);
      const overlay = svg(
        scrimSvg(boxes, colours.scrim) +
          decorationSvg(cell.prompt, placed, person.box, palette, colours.accent) +
          headlineSvg(placed, colours),
      );
      const image = await sharp(scene, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
        .composite([{ input: overlay }])
        .jpeg({ quality: 88, chromaSubsampling: "4:4:4" })
        .toBuffer();
      return { image, prompt: describePrompt(cell.prompt, cell.background, palette.name) };
    },
    // Used by tests: what sits behind the headline, and the colours drawn on it.
    async inspect(cell: CellRequest): Promise<CellInspection> {
      const { scene, person, placed, boxes, colours } = await compose(cell);
      const behindText = await sharp(scene, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
        .composite([{ input: svg(scrimSvg(boxes, colours.scrim)) }])
        .removeAlpha()
        .raw()
        .toBuffer();
      return { behindText, textBoxes: boxes, fills: [colours.base, colours.accent], headline: placed.layout, personBox: person.box };
    },
  } as BatchRenderer & { inspect(cell: CellRequest): Promise<CellInspection> };
}

/** A local batch, with inspect() for tests that measure what sits behind the headline. */
export function startLocalBatch(input: BatchInput) {
  return createLocalBatch(input) as BatchRenderer & { inspect(cell: CellRequest): Promise<CellInspection> };
}

export const localProvider: ThumbnailProvider = {
  name: "local",
  async startBatch(input) {
    return startLocalBatch(input);
  },
};
