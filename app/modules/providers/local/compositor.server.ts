// The offline "local" provider: composes thumbnails a creator would upload
// from the portrait, a background and a headline, with sharp. Each cell is
// first planned into a spec (what goes where, in which colours), then drawn
// in one composite: the background and the person stay raw, and each vector
// layer is rasterised only over the box it draws in. Deterministic: the same
// inputs give byte-identical JPEGs.
import sharp from "sharp";
import type { PromptVariant } from "~/modules/generations/plan";
import { describePrompt } from "~/modules/generations/plan";
import type { BatchInput, BatchRenderer, CellRequest, ThumbnailProvider } from "../provider";
import { createBackgrounds, type RawImage } from "./backgrounds.server";
import { decorationLayer, propLayer, type VectorLayer } from "./decorations.server";
import { grow, intersects, textColumn, union } from "./frame";
import { chooseColours, placeHeadline, scrimBox, type PlacedHeadline, type SceneSampler } from "./headline-layer.server";
import { paletteFor, type Palette } from "./palettes";
import { chooseTreatment, createPeople, type PersonLayer } from "./person.server";
import { headlineSvg } from "./text/headline.server";

export { DURATION_ZONE, HEIGHT, MIN_CAP_HEIGHT, WIDTH } from "./frame";

export const LAYERS = ["person", "scrim", "decoration", "prop", "headline"] as const;
export type LayerName = (typeof LAYERS)[number];

/** Everything one thumbnail is drawn from. */
export type CellSpec = {
  palette: Palette;
  background: RawImage;
  person: PersonLayer;
  headline: PlacedHeadline;
  colours: { base: string; accent: string; scrim: number };
  strokeWidth: number;
  vectors: Partial<Record<Exclude<LayerName, "person">, VectorLayer>>;
};

function sceneSampler(background: RawImage, person: PersonLayer): SceneSampler {
  const { box, rgba } = person;
  return (x, y) => {
    const i = (y * background.width + x) * 3;
    const r = background.data[i];
    const g = background.data[i + 1];
    const b = background.data[i + 2];
    const px = x - box.left;
    const py = y - box.top;
    if (px < 0 || py < 0 || px >= box.width || py >= box.height) return [r, g, b];
    const o = (py * box.width + px) * 4;
    const a = rgba[o + 3] / 255;
    return [Math.round(rgba[o] * a + r * (1 - a)), Math.round(rgba[o + 1] * a + g * (1 - a)), Math.round(rgba[o + 2] * a + b * (1 - a))];
  };
}

/** The sticker edge: white, or the background's glow colour on one variant in three for variety. */
function outlineColour(prompt: PromptVariant, palette: Palette) {
  return prompt.index % 3 === 1 ? palette.glow : "#ffffff";
}

function headlineLayer(spec: Pick<CellSpec, "headline" | "colours" | "strokeWidth">): VectorLayer {
  const { headline, colours, strokeWidth } = spec;
  const shadowOffset = Math.round(headline.layout.fontSize * 0.06);
  const svg = headlineSvg(headline.layout, headline.lines, {
    fill: colours.base,
    accentFill: colours.accent,
    strokeColour: "#000000",
    strokeWidth,
    shadowOffset,
    shadowOpacity: 0.6,
  });
  const ink = headline.boxes.map((b) => ({ ...b, width: b.width + shadowOffset, height: b.height + shadowOffset }));
  return { svg, box: grow(union(ink), strokeWidth + 4) };
}

/** An SVG that draws only `box` of the frame, positioned for sharp's composite. */
function rasterInput(layer: VectorLayer): sharp.OverlayOptions | null {
  const box = grow(layer.box, 0);
  if (box.width < 1 || box.height < 1) return null;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${box.width}" height="${box.height}" viewBox="${box.left} ${box.top} ${box.width} ${box.height}">${layer.svg}</svg>`;
  return { input: Buffer.from(svg), left: box.left, top: box.top };
}

function createLocalBatch(input: BatchInput) {
  const backgroundFor = createBackgrounds(input.portrait.bytes);
  const personFor = createPeople(input.portrait);

  async function planCell({ prompt, background: backgroundSpec }: CellRequest): Promise<CellSpec> {
    const palette = paletteFor(backgroundSpec.paletteIndex);
    const treatment = chooseTreatment(input.portrait, prompt);
    const [background, person] = await Promise.all([
      backgroundFor(backgroundSpec, prompt.layout),
      personFor(prompt.layout, treatment, outlineColour(prompt, palette)),
    ]);
    const column = textColumn(prompt.layout, person.face);
    const headline = placeHeadline(prompt, column, Boolean(prompt.prop));
    const strokeWidth = Math.max(6, Math.round(headline.layout.fontSize * 0.085));
    const colours = chooseColours(sceneSampler(background, person), headline.boxes, palette, strokeWidth);
    const vectors: CellSpec["vectors"] = {};
    if (colours.scrim > 0) {
      const box = scrimBox(headline.boxes);
      vectors.scrim = {
        svg: `<rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}" rx="22" fill="#000" fill-opacity="${colours.scrim}"/>`,
        box,
      };
    }
    const prop = propLayer(prompt, headline);
    if (prop) vectors.prop = prop;
    const decoration = decorationLayer(prompt, headline, person.face, palette, colours.accent);
    // A decoration never crosses the headline or the prop.
    if (decoration && !headline.boxes.some((b) => intersects(b, decoration.box)) && !(prop && intersects(prop.box, decoration.box))) {
      vectors.decoration = decoration;
    }
    vectors.headline = headlineLayer({ headline, colours, strokeWidth });
    return { palette, background, person, headline, colours, strokeWidth, vectors };
  }

  /** Draws a planned cell; `omit` leaves layers out (the tests measure each layer's pixels that way). */
  async function draw(spec: CellSpec, omit: ReadonlySet<LayerName> = new Set()) {
    const inputs: sharp.OverlayOptions[] = [];
    if (!omit.has("person")) {
      const { rgba, box } = spec.person;
      inputs.push({ input: rgba, raw: { width: box.width, height: box.height, channels: 4 }, left: box.left, top: box.top });
    }
    for (const name of ["scrim", "prop", "decoration", "headline"] as const) {
      const layer = spec.vectors[name];
      if (!layer || omit.has(name)) continue;
      const raster = rasterInput(layer);
      if (raster) inputs.push(raster);
    }
    const { data, width, height, channels } = spec.background;
    return sharp(data, { raw: { width, height, channels } })
      .composite(inputs)
      .jpeg({ quality: 88, chromaSubsampling: "4:4:4" })
      .toBuffer();
  }

  return {
    async render(cell: CellRequest) {
      const spec = await planCell(cell);
      const image = await draw(spec);
      return { image, prompt: describePrompt(cell.prompt, cell.background, spec.palette.name) };
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
  name: "local",
  async startBatch(input): Promise<BatchRenderer> {
    return startLocalBatch(input);
  },
};
