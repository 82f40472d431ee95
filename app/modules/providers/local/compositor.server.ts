// The offline "local" provider: composes thumbnails a creator would upload
// from the portrait, a background and a headline, with sharp. Each cell is
// planned into a spec (what goes where, in which colours), then drawn: raw
// layers blended into a copy of the background and one JPEG encode. What a
// prompt draws the same way on every background (its person, headline,
// decoration and prop) is prepared once per batch. Deterministic: the same
// inputs give byte-identical JPEGs.
import sharp from "sharp";
import { recentCache } from "~/utils/recent-cache";
import type { PromptVariant } from "~/modules/design/plan";
import type { BatchInput, BatchRenderer, CellRequest, ThumbnailProvider } from "../provider";
import { createBackgrounds, type RawImage } from "./backgrounds.server";
import { decorationColour, decorationLayer, propLayer } from "./decorations.server";
import { grow, HEIGHT, intersects, textColumn, WIDTH, type Box } from "~/modules/design/frame";
import { chooseColours, headlineRasters, placeHeadline, SCRIM_FEATHER, scrimBox, type PlacedHeadline, type SceneSampler } from "./headline-layer.server";
import { paletteFor, PALETTES, type Palette } from "~/modules/design/palettes";
import { recipeForCell, type Recipe } from "~/modules/design/recipe";
import { luminance } from "./colour";
import { createPeople, type PersonLayer } from "./person.server";
import { drawProp, propInk, type PropInk, type PropLayer } from "./prop-art.server";
import { darkenInto, drawLayer, drawToned, drawTwoTone, rasterizeSvg, type RasterLayer } from "./raster.server";


export const LAYERS = ["person", "scrim", "prop", "decoration", "headline"] as const;
export type LayerName = (typeof LAYERS)[number];

/** What a prompt draws identically on every background, rasterised once. */
type PromptArt = {
  headline: PlacedHeadline;
  strokeWidth: number;
  /** Toned (see raster.server): recoloured per background. */
  headlineRaster: RasterLayer;
  /** The headline's emoji in their own colours, drawn over its letters. */
  headlineEmoji: RasterLayer | null;
  decoration: RasterLayer | null;
  /** A logo is two-tone, coloured per background (see propInk). */
  prop: PropLayer | null;
};

/** Everything one thumbnail is drawn from. */
export type CellSpec = {
  prompt: PromptVariant;
  palette: Palette;
  background: RawImage;
  person: PersonLayer;
  headline: PlacedHeadline;
  colours: { base: string; accent: string; third: string; scrim: number; decoration: string; prop: PropInk | null };
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

async function preparePromptArt(prompt: PromptVariant, face: Box): Promise<PromptArt> {
  const headline = placeHeadline(prompt, textColumn(prompt.layout, face), Boolean(prompt.prop));
  const prop = await propLayer(prompt, headline);
  const decoration = decorationLayer(prompt, headline, face);
  // A decoration never crosses the headline or the prop.
  const decorationFits =
    decoration && !headline.boxes.some((b) => intersects(b, decoration.box)) && !(prop && intersects(prop.box, decoration.box));
  const [rasters, decorationRaster] = await Promise.all([
    headlineRasters(prompt, headline),
    decorationFits ? rasterizeSvg(decoration.svg, grow(decoration.box, 0)) : null,
  ]);
  const { strokeWidth, letters, emoji } = rasters;
  return { headline, strokeWidth, headlineRaster: letters, headlineEmoji: emoji, decoration: decorationRaster, prop };
}

/** More than a batch has prompts × sides; an editing session keeps its last few. */
const ART_LIMIT = 32;

/** Where a plate's pixels come from: its stored bytes, by key. */
export type PlateReader = (key: string) => Promise<Buffer>;

/** A plate as the frame's background: decoded once, at the frame's size. */
async function decodePlate(bytes: Buffer): Promise<RawImage> {
  const data = await sharp(bytes).resize(WIDTH, HEIGHT, { fit: "cover" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

/** A plate already has its person: the layer is empty, and only the face's place matters. */
function personOnPlate(face: Box): PersonLayer {
  return { rgba: Buffer.alloc(0), box: { left: 0, top: 0, width: 0, height: 0 }, face, treatment: "cutout" };
}

function createLocalBatch(input: Pick<BatchInput, "portrait">, readPlate?: PlateReader) {
  const backgroundFor = createBackgrounds(input.portrait.bytes);
  const personFor = createPeople(input.portrait);
  // Keyed by what the art depends on: an edited headline or a moved face
  // draws new art. Bounded, for an editing session that types many words.
  const arts = recentCache<Promise<PromptArt>>(ART_LIMIT);
  const plates = recentCache<Promise<RawImage>>(2);

  const plateFor = (key: string) => {
    if (!readPlate) throw new Error("this batch cannot read plates");
    return plates.get(key, () => readPlate(key).then(decodePlate));
  };

  async function planSpec(spec: Recipe): Promise<CellSpec> {
    const { prompt } = spec;
    const palette = paletteFor(spec.background.paletteIndex);
    const outline = spec.person.outline === "glow" ? palette.glow : "#ffffff";
    const [background, person] = spec.plate
      ? [await plateFor(spec.plate.key), personOnPlate(spec.plate.face)]
      : await Promise.all([
          backgroundFor(spec.background, prompt.layout),
          personFor(prompt.layout, spec.person.treatment, outline, spec.person),
        ]);
    const art = await arts.get(JSON.stringify([prompt, person.face]), () => preparePromptArt(prompt, person.face));
    const { headline } = art;
    const scene = sceneSampler(background, person);
    const chosen = chooseColours(scene, headline.boxes, palette, art.strokeWidth, prompt.textStyle);
    const colours = {
      ...chosen,
      decoration: decorationColour(prompt, palette.accent, chosen.accent),
      prop: art.prop ? propInk(art.prop, scene) : null,
    };
    return { prompt, palette, background, person, headline, colours, scrim: chosen.scrim > 0 ? scrimBox(headline.boxes) : null, art };
  }

  /**
   * Draws ahead what an editor is likely to ask for next: the recipe's
   * background in every palette (the swatches), one after another on one
   * core. Failures only mean a later preview draws it itself.
   */
  async function warm(spec: Recipe) {
    if (spec.plate) return;
    for (let paletteIndex = 0; paletteIndex < PALETTES.length; paletteIndex++) {
      await backgroundFor({ ...spec.background, paletteIndex }, spec.prompt.layout).catch(() => undefined);
    }
  }

  /** A cell as the batch plan draws it. */
  const planCell = (cell: CellRequest) => planSpec(recipeForCell(cell, { hasMask: Boolean(input.portrait.mask) }));

  // Frames are reused once encoded: a batch would otherwise allocate (and
  // collect) 2.7 MB per thumbnail.
  const spareFrames: Buffer[] = [];

  /** The frame's raw RGB pixels; `omit` leaves layers out (the legibility checks and tests measure each layer that way). */
  function drawRaw(spec: CellSpec, omit: ReadonlySet<LayerName> = new Set(), frame: Buffer = Buffer.allocUnsafe(spec.background.data.length)) {
    spec.background.data.copy(frame);
    if (!omit.has("person")) drawLayer(frame, spec.person);
    if (spec.scrim && !omit.has("scrim")) darkenInto(frame, spec.scrim, spec.colours.scrim, 22, SCRIM_FEATHER);
    if (spec.art.prop && !omit.has("prop")) drawProp(frame, spec.art.prop, spec.colours.prop);
    if (spec.art.decoration && !omit.has("decoration")) {
      drawTwoTone(frame, spec.art.decoration, spec.colours.decoration, spec.colours.decoration);
    }
    if (!omit.has("headline")) {
      drawToned(frame, spec.art.headlineRaster, { fill: spec.colours.base, accent: spec.colours.accent, third: spec.colours.third });
      if (spec.art.headlineEmoji) drawLayer(frame, spec.art.headlineEmoji);
    }
    return frame;
  }

  /** Draws a planned cell as the JPEG it is stored as. */
  async function draw(spec: CellSpec, omit: ReadonlySet<LayerName> = new Set()) {
    const frame = drawRaw(spec, omit, spareFrames.pop());
    const { width, height, channels } = spec.background;
    try {
      return await sharp(frame, { raw: { width, height, channels } }).jpeg({ quality: 88, chromaSubsampling: "4:4:4" }).toBuffer();
    } finally {
      spareFrames.push(frame);
    }
  }

  return {
    async render(cell: CellRequest) {
      const spec = recipeForCell(cell, { hasMask: Boolean(input.portrait.mask) });
      return { image: await draw(await planSpec(spec)), spec };
    },
    planCell,
    planSpec,
    warm,
    draw,
    drawRaw,
  };
}

export type LocalBatch = ReturnType<typeof createLocalBatch>;

/**
 * A local batch, with planCell/planSpec/draw for the editor and for tests
 * that measure each layer on the rendered pixels. `readPlate` lets it draw
 * specs on an AI plate.
 */
export function startLocalBatch(input: Pick<BatchInput, "portrait">, readPlate?: PlateReader): LocalBatch {
  return createLocalBatch(input, readPlate);
}

export const localProvider: ThumbnailProvider = {
  async startBatch(input): Promise<BatchRenderer> {
    return startLocalBatch(input);
  },
};
