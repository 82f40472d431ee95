// The offline "local" provider: composes thumbnails a creator would upload
// from the portrait, a background and a headline, with sharp. Each cell is
// planned into a spec (what goes where, in which colours), then drawn: raw
// layers blended into a copy of the background and one JPEG encode. What a
// prompt draws the same way on every background (its person, headline,
// decoration and prop) is prepared once per batch. Deterministic: the same
// inputs give byte-identical JPEGs.
import sharp from "sharp";
import type { PromptVariant } from "~/modules/generations/plan";
import type { BatchInput, BatchRenderer, CellRequest, ThumbnailProvider } from "../provider";
import { createBackgrounds, type RawImage } from "./backgrounds.server";
import { decorationColour, decorationLayer, propLayer } from "./decorations.server";
import { grow, intersects, textColumn, union, type Box } from "./frame";
import { chooseColours, placeHeadline, SCRIM_FEATHER, scrimBox, type PlacedHeadline, type SceneSampler } from "./headline-layer.server";
import { paletteFor, type Palette } from "~/modules/generations/palettes";
import { luminance } from "./colour";
import { chooseTreatment, createPeople, type PersonLayer } from "./person.server";
import { darkenInto, drawLayer, drawTwoTone, rasterizeSvg, TWO_TONE, type RasterLayer } from "./raster.server";
import { headlineSvg } from "./text/headline.server";


export const LAYERS = ["person", "scrim", "prop", "decoration", "headline"] as const;
export type LayerName = (typeof LAYERS)[number];

/** What a prompt draws identically on every background, rasterised once. */
type PromptArt = {
  headline: PlacedHeadline;
  strokeWidth: number;
  /** Two-tone (see raster.server): recoloured per background. */
  headlineRaster: RasterLayer;
  decoration: RasterLayer | null;
  prop: RasterLayer | null;
};

/** Everything one thumbnail is drawn from. */
export type CellSpec = {
  prompt: PromptVariant;
  palette: Palette;
  background: RawImage;
  person: PersonLayer;
  headline: PlacedHeadline;
  colours: { base: string; accent: string; scrim: number; decoration: string };
  scrim: Box | null;
  art: PromptArt;
};

function sceneSampler(background: RawImage, person: PersonLayer): SceneSampler {
  const { box, rgba } = person;
  const bg = background.data;
  return (x, y) => {
    const i = (y * background.width + x) * 3;
    const px = x - box.left;
    const py = y - box.top;
    if (px < 0 || py < 0 || px >= box.width || py >= box.height) return luminance(bg[i], bg[i + 1], bg[i + 2]);
    const o = (py * box.width + px) * 4;
    const a = rgba[o + 3];
    if (a === 0) return luminance(bg[i], bg[i + 1], bg[i + 2]);
    if (a === 255) return luminance(rgba[o], rgba[o + 1], rgba[o + 2]);
    const keep = 255 - a;
    return luminance(
      ((rgba[o] * a + bg[i] * keep) / 255) | 0,
      ((rgba[o + 1] * a + bg[i + 1] * keep) / 255) | 0,
      ((rgba[o + 2] * a + bg[i + 2] * keep) / 255) | 0,
    );
  };
}

/** The sticker edge: white, or the background's glow colour on one variant in three for variety. */
function outlineColour(prompt: PromptVariant, palette: Palette) {
  return prompt.index % 3 === 1 ? palette.glow : "#ffffff";
}

async function preparePromptArt(prompt: PromptVariant, face: Box): Promise<PromptArt> {
  const headline = placeHeadline(prompt, textColumn(prompt.layout, face), Boolean(prompt.prop));
  const strokeWidth = Math.max(6, Math.round(headline.layout.fontSize * 0.085));
  const shadowOffset = Math.round(headline.layout.fontSize * 0.06);
  const headlineMarkup = headlineSvg(headline.layout, headline.lines, {
    fill: TWO_TONE.fill,
    accentFill: TWO_TONE.accent,
    strokeColour: "#000000",
    strokeWidth,
    shadowOffset,
    shadowOpacity: 0.6,
  });
  const ink = headline.boxes.map((b) => ({ ...b, width: b.width + shadowOffset, height: b.height + shadowOffset }));
  const prop = propLayer(prompt, headline);
  const decoration = decorationLayer(prompt, headline, face);
  // A decoration never crosses the headline or the prop.
  const decorationFits =
    decoration && !headline.boxes.some((b) => intersects(b, decoration.box)) && !(prop && intersects(prop.box, decoration.box));
  const [headlineRaster, decorationRaster, propRaster] = await Promise.all([
    rasterizeSvg(headlineMarkup, grow(union(ink), strokeWidth + 4)),
    decorationFits ? rasterizeSvg(decoration.svg, grow(decoration.box, 0)) : null,
    prop ? rasterizeSvg(prop.svg, grow(prop.box, 0)) : null,
  ]);
  return { headline, strokeWidth, headlineRaster: headlineRaster!, decoration: decorationRaster, prop: propRaster };
}

function createLocalBatch(input: BatchInput) {
  const backgroundFor = createBackgrounds(input.portrait.bytes);
  const personFor = createPeople(input.portrait);
  const arts = new Map<number, Promise<PromptArt>>();

  async function planCell({ prompt, background: backgroundSpec }: CellRequest): Promise<CellSpec> {
    const palette = paletteFor(backgroundSpec.paletteIndex);
    const treatment = chooseTreatment(input.portrait, prompt);
    const [background, person] = await Promise.all([
      backgroundFor(backgroundSpec, prompt.layout),
      personFor(prompt.layout, treatment, outlineColour(prompt, palette)),
    ]);
    if (!arts.has(prompt.index)) arts.set(prompt.index, preparePromptArt(prompt, person.face));
    const art = await arts.get(prompt.index)!;
    const { headline } = art;
    const chosen = chooseColours(sceneSampler(background, person), headline.boxes, palette, art.strokeWidth);
    const colours = { ...chosen, decoration: decorationColour(prompt, palette.accent, chosen.accent) };
    return { prompt, palette, background, person, headline, colours, scrim: chosen.scrim > 0 ? scrimBox(headline.boxes) : null, art };
  }

  // Frames are reused once encoded: a batch would otherwise allocate (and
  // collect) 2.7 MB per thumbnail.
  const spareFrames: Buffer[] = [];

  /** Draws a planned cell; `omit` leaves layers out (the tests measure each layer's pixels that way). */
  async function draw(spec: CellSpec, omit: ReadonlySet<LayerName> = new Set()) {
    const frame = spareFrames.pop() ?? Buffer.allocUnsafe(spec.background.data.length);
    spec.background.data.copy(frame);
    if (!omit.has("person")) drawLayer(frame, spec.person);
    if (spec.scrim && !omit.has("scrim")) darkenInto(frame, spec.scrim, spec.colours.scrim, 22, SCRIM_FEATHER);
    if (spec.art.prop && !omit.has("prop")) drawLayer(frame, spec.art.prop);
    if (spec.art.decoration && !omit.has("decoration")) {
      drawTwoTone(frame, spec.art.decoration, spec.colours.decoration, spec.colours.decoration);
    }
    if (!omit.has("headline")) drawTwoTone(frame, spec.art.headlineRaster, spec.colours.base, spec.colours.accent);
    const { width, height, channels } = spec.background;
    try {
      return await sharp(frame, { raw: { width, height, channels } }).jpeg({ quality: 88, chromaSubsampling: "4:4:4" }).toBuffer();
    } finally {
      spareFrames.push(frame);
    }
  }

  return {
    async render(cell: CellRequest) {
      return { image: await draw(await planCell(cell)) };
    },
    planCell,
    draw,
  };
}

export type LocalBatch = ReturnType<typeof createLocalBatch>;

/** A local batch, with planCell/draw for tests that measure each layer on the rendered pixels. */
export function startLocalBatch(input: BatchInput): LocalBatch {
  return createLocalBatch(input);
}

export const localProvider: ThumbnailProvider = {
  async startBatch(input): Promise<BatchRenderer> {
    return startLocalBatch(input);
  },
};
