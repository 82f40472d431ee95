// The offline "local" provider: composes thumbnails a creator would upload
// from the portrait, a background and a headline, with sharp. Each cell is
// planned into a spec (what goes where, in which colours), then drawn: raw
// layers blended into a copy of the background and one JPEG encode. Each
// cell has its own composition (design/plan.ts composeCell; the scenes in
// ./scenes.server); what it draws the same way on every background (its
// person, headline, props and marks) is prepared once per batch and shared
// by every cell that draws the same piece, and the person once per portrait. Deterministic: the same inputs
// give byte-identical JPEGs.
import crypto from "node:crypto";
import sharp from "sharp";
import { recentCache } from "~/utils/recent-cache";
import { hashString, type CellPrompt, type Scene } from "~/modules/design/plan";
import type { TopicProp } from "~/modules/design/props";
import type { BatchInput, BatchPortrait, CellRequest } from "../provider";
import { createBackgrounds, type RawImage } from "./backgrounds.server";
import { decorationColour, decorationLayer, propLayer, type VectorLayer } from "./decorations.server";
import { grow, HEIGHT, intersects, union, WIDTH, type Box } from "~/modules/design/frame";
import { chooseColours, headlineRasters, SCRIM_FEATHER, scrimBox, type HeadlineRasters, type SceneSampler } from "./headline-layer.server";
import { paletteFor, PALETTES, type Palette } from "~/modules/design/palettes";
import { recipeForCell, type Recipe } from "~/modules/design/recipe";
import { luminance } from "./colour";
import { createPeople, type PersonLayer } from "./person.server";
import { drawProp, propInk, type PropInk, type PropLayer } from "./prop-art.server";
import { darkenInto, drawLayer, drawToned, drawTwoTone, rasterizeSvg, type Grade, type RasterLayer } from "./raster.server";
import { drawTint, fitCell, patternLayer, placeSceneHeadline, sceneLayers, type PersonOutline, type SceneHeadline, type Tint } from "./scenes.server";
import { personLook } from "./person-look.server";
import { screenPicture, topicBackground, type ScreenPicture } from "./topic-image.server";


export const LAYERS = ["person", "scrim", "prop", "decoration", "headline"] as const;
export type LayerName = (typeof LAYERS)[number];

/**
 * What a cell's composition draws identically on every background, rasterised
 * once. Props keep their own colours (a logo's are picked per background,
 * see propInk); marks, decorations and the headline are toned (see
 * raster.server), recoloured per background.
 */
type CellArt = {
  scene: Scene;
  headline: SceneHeadline;
  strokeWidth: number;
  /** Toned: recoloured per background. A big number's count is a second part (`more`). */
  headlineRaster: RasterLayer;
  /** The headline's emoji in their own colours, drawn over its letters. */
  headlineEmoji: RasterLayer | null;
  /** More parts of the headline, each with its own outline (a big number's count). */
  more: HeadlineRasters[];
  decoration: RasterLayer | null;
  /** The prop beside the headline. */
  prop: PropLayer | null;
  /** The scene's pictures (./scenes.server): under the person (a screen, props), and over it (props). */
  pattern: Tint | null;
  screen: RasterLayer | null;
  behind: PropLayer[];
  front: PropLayer[];
  /** Two-tone marks under the person (a divider) and over it (badges, labels). */
  marksBehind: RasterLayer | null;
  marks: RasterLayer | null;
  /** The part of the background a before/after cell dulls. */
  dim: Box | null;
};

/** Everything one thumbnail is drawn from. */
export type CellSpec = {
  prompt: CellPrompt;
  palette: Palette;
  background: RawImage;
  person: PersonLayer;
  /** The person's colour grade toward the palette, applied as it is drawn. */
  grade: Grade | null;
  headline: SceneHeadline;
  colours: { base: string; accent: string; third: string; scrim: number; decoration: string; props: Map<PropLayer, PropInk | null> };
  scrim: Box | null;
  art: CellArt;
};

/**
 * The luminance of the frame under the lettering, without drawing it: the
 * background (dulled where a scene dulls it) under every layer that keeps its
 * own colours, blended at the sampled pixel only.
 */
function sceneSampler(background: RawImage, dim: Box | null, pattern: Tint | null, layers: RasterLayer[]): SceneSampler {
  const bg = background.data;
  return (x, y) => {
    const i = (y * background.width + x) * 3;
    let r = bg[i];
    let g = bg[i + 1];
    let b = bg[i + 2];
    if (dim && x >= dim.left && x < dim.left + dim.width && y >= dim.top && y < dim.top + dim.height) [r, g, b] = dulled(r, g, b);
    const white = pattern ? pattern.map[y * background.width + x] : 0;
    if (white) {
      r += ((255 - r) * white) / 255;
      g += ((255 - g) * white) / 255;
      b += ((255 - b) * white) / 255;
    }
    for (const { rgba, box } of layers) {
      const px = x - box.left;
      const py = y - box.top;
      if (px < 0 || py < 0 || px >= box.width || py >= box.height) continue;
      const o = (py * box.width + px) * 4;
      const a = rgba[o + 3];
      if (a === 0) continue;
      const keep = 255 - a;
      r = ((rgba[o] * a + r * keep) / 255) | 0;
      g = ((rgba[o + 1] * a + g * keep) / 255) | 0;
      b = ((rgba[o + 2] * a + b * keep) / 255) | 0;
    }
    return luminance(r, g, b);
  };
}

// A before/after cell's "before" half: most of its colour gone, and darker.
const DIM_SATURATION = 0;
const DIM_LIGHT = 0.6;

function dulled(r: number, g: number, b: number): [number, number, number] {
  const grey = 0.3 * r + 0.59 * g + 0.11 * b;
  return [
    ((grey + (r - grey) * DIM_SATURATION) * DIM_LIGHT) | 0,
    ((grey + (g - grey) * DIM_SATURATION) * DIM_LIGHT) | 0,
    ((grey + (b - grey) * DIM_SATURATION) * DIM_LIGHT) | 0,
  ];
}

function dimInto(frame: Buffer, box: Box) {
  for (let y = box.top; y < box.top + box.height; y++) {
    for (let x = box.left, t = (y * WIDTH + x) * 3; x < box.left + box.width; x++, t += 3) {
      const [r, g, b] = dulled(frame[t], frame[t + 1], frame[t + 2]);
      frame[t] = r;
      frame[t + 1] = g;
      frame[t + 2] = b;
    }
  }
}

// A pattern depends only on its prop, never on the creator: shared by every
// batch in the process, like the drawn backgrounds. A few frames' worth of bytes.
const patterns = recentCache<Promise<Tint | null>>(6);
const patternFor = (prop: TopicProp) => patterns.get(JSON.stringify(prop), () => patternLayer(prop));

/** The person's inner edge per row (the side the headline is on), read from its layer once. */
const edges = new WeakMap<Buffer, Int16Array>();

function outlineOf(person: PersonLayer, layout: CellPrompt["layout"]): PersonOutline {
  const { rgba, box } = person;
  const right = layout === "person-right";
  // Read on first use: most scenes never ask.
  const rows = () => {
    let found = edges.get(rgba);
    if (found) return found;
    found = new Int16Array(HEIGHT).fill(-1);
    for (let y = 0; y < box.height; y++) {
      const row = y * box.width * 4 + 3;
      // Solid person pixels only: the soft shadow and the anti-aliased rim do not count.
      if (right) {
        for (let x = 0; x < box.width; x++) {
          if (rgba[row + x * 4] > 200) {
            found[box.top + y] = box.left + x;
            break;
          }
        }
      } else {
        for (let x = box.width - 1; x >= 0; x--) {
          if (rgba[row + x * 4] > 200) {
            found[box.top + y] = box.left + x;
            break;
          }
        }
      }
    }
    edges.set(rgba, found);
    return found;
  };
  return {
    face: person.face,
    innerEdge: (y) => {
      const found = rows();
      return y >= 0 && y < HEIGHT && found[y] >= 0 ? found[y] : null;
    },
  };
}

/** Which of the headline's boxes belong to a part (parts list their lines in order; each line has one box). */
function boxRange(headline: SceneHeadline, part: SceneHeadline["parts"][number]) {
  let start = 0;
  for (const p of headline.parts) {
    if (p === part) return [start, start + p.lines.length] as const;
    start += p.lines.length;
  }
  return [0, headline.boxes.length] as const;
}

/** A classic cell with its prop beside the headline: what a plate (the model's picture, person included) is lettered as. */
const ON_PLATE: Scene = { kind: "classic", propPlace: "headline", versus: null };

/** More than a batch has prompts × sides; an editing session keeps its last few. */
const ART_LIMIT = 32;

/** Where a plate's (or a topic image's) pixels come from: its stored bytes, by key. */
export type PlateReader = (key: string) => Promise<Buffer>;

/** A plate as the frame's background: decoded once, at the frame's size. */
async function decodePlate(bytes: Buffer): Promise<RawImage> {
  const data = await sharp(bytes).resize(WIDTH, HEIGHT, { fit: "cover" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

/** A plate's average colour, what a cut-out put on it is graded toward (every 16th pixel is plenty). */
function meanColour({ data, channels }: RawImage) {
  const sum = [0, 0, 0];
  let count = 0;
  for (let i = 0; i < data.length; i += channels * 16) {
    sum[0] += data[i];
    sum[1] += data[i + 1];
    sum[2] += data[i + 2];
    count++;
  }
  return `#${sum.map((total) => Math.round(total / count).toString(16).padStart(2, "0")).join("")}`;
}

/**
 * What a cell with a topic image on a screen is laid out as: the reaction's
 * screen behind the person's shoulder, under the headline, where a prop goes,
 * showing the image.
 */
const ON_SCREEN: Scene = { kind: "reaction", propPlace: "behind", versus: null };

/** A plate already has its person: the layer is empty, and only the face's place matters. */
function personOnPlate(face: Box): PersonLayer {
  return { rgba: Buffer.alloc(0), box: { left: 0, top: 0, width: 0, height: 0 }, face, treatment: "cutout" };
}

// What a batch draws from its portrait alone (the cut-out in each outline
// colour, the photo's colour field) is the same in every batch and editing
// session started from that photo, and the cut-out is about half of a
// batch's drawing work: it is kept per process for the last few portraits.
// Keyed by content, so a new mask or another chosen face is another entry.
export const PORTRAITS_KEPT = 2;
const peopleByPortrait = recentCache<ReturnType<typeof createPeople>>(PORTRAITS_KEPT);
const groundsByPortrait = recentCache<ReturnType<typeof createBackgrounds>>(PORTRAITS_KEPT);

function portraitKey({ bytes, mask, face, hasAlpha }: BatchPortrait) {
  const hash = crypto.createHash("sha256").update(JSON.stringify([bytes.length, mask?.length ?? null, face, hasAlpha])).update(bytes);
  if (mask) hash.update(mask);
  return hash.digest("hex");
}

function createLocalBatch(input: Pick<BatchInput, "portrait">, readPlate?: PlateReader) {
  const portrait = portraitKey(input.portrait);
  const backgroundFor = groundsByPortrait.get(portrait, () => createBackgrounds(input.portrait.bytes));
  const personFor = peopleByPortrait.get(portrait, () => createPeople(input.portrait));
  // Keyed by what the art depends on: an edited headline or a moved face
  // draws new art. Bounded, for an editing session that types many words.
  const arts = recentCache<Promise<CellArt>>(ART_LIMIT);
  // Rasters by their markup: cells that draw the same piece (a headline on
  // two backgrounds, a prop in two compositions) rasterise it once.
  const rasters = recentCache<Promise<RasterLayer | null>>(ART_LIMIT * 3);
  const plates = recentCache<Promise<RawImage>>(2);
  // A batch has at most three topic images; each is drawn on both sides and as a screen.
  const topicBytes = recentCache<Promise<Buffer>>(3);
  const topicGrounds = recentCache<Promise<RawImage>>(6);
  const topicPictures = recentCache<Promise<ScreenPicture>>(3);
  const topicRead = (key: string) => {
    if (!readPlate) throw new Error("this batch cannot read topic images");
    return topicBytes.get(key, () => readPlate(key));
  };
  const topicGroundFor = (key: string, layout: CellPrompt["layout"], palette: Palette) =>
    topicGrounds.get(`${key}:${layout}:${palette.name}`, async () => topicBackground(await topicRead(key), layout, palette));
  const topicPictureFor = (key: string) => topicPictures.get(key, async () => screenPicture(await topicRead(key)));

  const plateFor = (key: string) => {
    if (!readPlate) throw new Error("this batch cannot read plates");
    return plates.get(key, () => readPlate(key).then(decodePlate));
  };

  const rasterOf = (layer: VectorLayer | null) => {
    if (!layer) return Promise.resolve(null);
    const box = grow(layer.box, 0);
    return rasters.get(`${hashString(layer.svg)}:${layer.svg.length}:${box.left},${box.top},${box.width},${box.height}`, () => rasterizeSvg(layer.svg, box));
  };

  // A headline's rasters by what they depend on: cells that place the same
  // words the same way (two roles of a row, every background) share them.
  const headlines = recentCache<Promise<HeadlineRasters>>(ART_LIMIT);
  const headlineOf = (prompt: CellPrompt, part: SceneHeadline["parts"][number], boxes: Box[]) => {
    const key = JSON.stringify([prompt.words, prompt.accentIndex, prompt.textStyle, prompt.layout, part.layout.fontSize, part.lines, boxes]);
    return headlines.get(key, () => headlineRasters(prompt, { layout: part.layout, lines: part.lines, boxes, below: boxes[0] }));
  };

  /** `picture`: the topic image a screen shows; `onPhoto`: the background is a topic image, which a pattern would only muddy. */
  async function prepareArt(prompt: CellPrompt, scene: Scene, person: PersonLayer, { picture, onPhoto }: { picture: ScreenPicture | null; onPhoto: boolean }): Promise<CellArt> {
    const { face } = person;
    const headline = placeSceneHeadline(prompt, scene, face);
    const [layers, prop] = await Promise.all([
      sceneLayers(prompt, scene, headline, outlineOf(person, prompt.layout), picture),
      scene.kind === "classic" && scene.propPlace === "headline" ? propLayer(prompt, headline) : null,
    ]);
    const classic = scene.kind === "classic";
    // A scene's marks stand in for the decoration; a decoration never crosses the headline or a prop.
    const decoration = classic ? decorationLayer(prompt, headline, face) : null;
    const decorationFits =
      decoration && !headline.boxes.some((b) => intersects(b, decoration.box)) && !(prop && intersects(prop.box, decoration.box));
    // Each part's boxes: the rest of a big number's words come last, and are the main layout.
    const parts = headline.parts.map((part) => ({ part, boxes: headline.boxes.slice(...boxRange(headline, part)) }));
    const [texts, decorationRaster, screen, marksBehind, marks, pattern] = await Promise.all([
      Promise.all(parts.map(({ part, boxes }) => headlineOf(prompt, part, boxes))),
      decorationFits ? rasterOf(decoration) : null,
      rasterOf(layers.screen),
      rasterOf(layers.marksBehind),
      rasterOf(layers.marks),
      layers.pattern && !onPhoto ? patternFor(layers.pattern) : null,
    ]);
    const main = texts[texts.length - 1];
    return {
      scene,
      headline,
      strokeWidth: Math.max(...texts.map((t) => t.strokeWidth)),
      headlineRaster: main.letters,
      headlineEmoji: main.emoji,
      more: texts.slice(0, -1),
      decoration: decorationRaster,
      prop,
      pattern,
      screen,
      behind: layers.behind,
      front: layers.front,
      marksBehind,
      marks,
      dim: layers.dim,
    };
  }

  // What each cell can draw whole, per prompt, scene and face: placing a headline shapes its text.
  const fits = recentCache<{ prompt: CellPrompt; scene: Scene }>(ART_LIMIT);

  // Plans by recipe: a batch's prepare and its render (or an editor's preview
  // and its save) plan a cell once.
  const plans = recentCache<Promise<CellSpec>>(ART_LIMIT);
  const planSpec = (spec: Recipe) => plans.get(JSON.stringify(spec), () => planSpecOnce(spec));

  async function planSpecOnce(spec: Recipe): Promise<CellSpec> {
    const palette = paletteFor(spec.background.paletteIndex);
    const outline = spec.person.outline === "glow" ? palette.glow : "#ffffff";
    // A cut-out is graded toward the scene; a framed photo is a photo in a frame, shown as taken.
    const tint = spec.person.treatment === "cutout" ? palette.a : null;
    const look = personLook({ glow: palette.glow, tint }, spec.person.outline === "glow" && (spec.person.rim ?? true));
    // On a plate with the creator's own photo, or on a topic image, the cut-out is graded toward the picture's colours.
    const topic = spec.plate ? null : (spec.topic ?? null);
    const platePhoto = spec.plate?.yourPhoto
      ? await plateFor(spec.plate.key)
      : topic?.place === "background"
        ? await topicGroundFor(topic.key, spec.prompt.layout, palette)
        : null;
    const plateLook = platePhoto && personLook({ glow: palette.glow, tint: spec.person.treatment === "cutout" ? meanColour(platePhoto) : null }, look.rim !== null);
    const picture = topic?.place === "screen" ? await topicPictureFor(topic.key) : null;
    const recipeScene = picture ? ON_SCREEN : spec.scene;
    const [background, person] = spec.plate && !platePhoto
      ? [await plateFor(spec.plate.key), personOnPlate(spec.plate.face)]
      : await Promise.all([
          platePhoto ?? backgroundFor(spec.background, spec.prompt.layout),
          personFor(spec.prompt.layout, spec.person.treatment, outline, spec.person, plateLook ?? look),
        ]);
    const { prompt, scene } = spec.plate
      ? fits.get(JSON.stringify([spec.prompt, ON_PLATE, person.face]), () => (platePhoto ? fitCell(spec.prompt, ON_PLATE, person.face) : { prompt: spec.prompt, scene: ON_PLATE }))
      : fits.get(JSON.stringify([spec.prompt, recipeScene, person.face]), () => fitCell(spec.prompt, recipeScene, person.face));
    // The person's shape follows from its face box (one portrait per batch): the face stands for both.
    const onPhoto = topic?.place === "background";
    const art = await arts.get(JSON.stringify([prompt, scene, person.face, person.treatment, picture && topic?.key, onPhoto]), () =>
      prepareArt(prompt, scene, person, { picture: scene.kind === "reaction" ? picture : null, onPhoto }),
    );
    const { headline } = art;
    // Props sample the scene under them for a logo's colours; the letters sample everything under them.
    const ground = sceneSampler(background, art.dim, art.pattern, [art.screen, person].filter((l): l is RasterLayer => l !== null && l.rgba.length > 0));
    const props = new Map([...art.behind, ...art.front, ...(art.prop ? [art.prop] : [])].map((layer) => [layer, propInk(layer, ground)] as const));
    const under = [art.screen, ...art.behind, person, ...art.front, art.prop].filter((l): l is RasterLayer => l !== null && l.rgba.length > 0);
    const chosen = chooseColours(sceneSampler(background, art.dim, art.pattern, under), headline.boxes, palette, art.strokeWidth, prompt.textStyle);
    const colours = { ...chosen, decoration: decorationColour(prompt, palette.accent, chosen.accent), props };
    const grade = spec.plate || onPhoto ? (plateLook?.grade ?? null) : look.grade;
    return { prompt, palette, background, person, grade, headline, colours, scrim: chosen.scrim > 0 ? scrimBox(headline.boxes) : null, art };
  }

  /**
   * Draws ahead what an editor is likely to ask for next: the recipe's
   * background in every palette (the swatches), one after another on one
   * core. Failures only mean a later preview draws it itself.
   */
  async function warm(spec: Recipe) {
    if (spec.plate || spec.topic?.place === "background") return;
    for (let paletteIndex = 0; paletteIndex < PALETTES.length; paletteIndex++) {
      await backgroundFor({ ...spec.background, paletteIndex }, spec.prompt.layout).catch(() => undefined);
    }
  }

  /** A cell as the batch plan draws it. */
  const planCell = (cell: CellRequest, topics: readonly string[] = []) => planSpec(recipeForCell(cell, { hasMask: Boolean(input.portrait.mask), topics }));

  /**
   * Plans the batch's cells ahead, one after another, without waiting: their
   * cut-outs, backgrounds and headline art are made in sharp's threads while
   * earlier cells are drawn, instead of when each cell first asks (the caches
   * keep them for render). One at a time, not all at once: a burst of
   * pipelines on every core slows the pages served beside a batch. A failure
   * here is met again, and reported, by the cell that renders it.
   */
  function prepare(cells: CellRequest[], topics: readonly string[] = []) {
    void (async () => {
      for (const cell of cells) await planCell(cell, topics).catch(() => undefined);
    })();
  }

  // Frames are reused once encoded: a batch would otherwise allocate (and
  // collect) 2.7 MB per thumbnail.
  const spareFrames: Buffer[] = [];

  /** The frame's raw RGB pixels; `omit` leaves layers out (the legibility checks and tests measure each layer that way). */
  function drawRaw(spec: CellSpec, omit: ReadonlySet<LayerName> = new Set(), frame: Buffer = Buffer.allocUnsafe(spec.background.data.length)) {
    const { art, colours } = spec;
    const marksIn = (layer: RasterLayer | null) => layer && drawTwoTone(frame, layer, colours.base, spec.palette.accent);
    const draw = (layer: RasterLayer | null) => layer && drawLayer(frame, layer);
    spec.background.data.copy(frame);
    // The scene's ground is background (a dulled half, the topic's faint pattern); then what it puts behind the person.
    if (art.dim) dimInto(frame, art.dim);
    if (art.pattern) drawTint(frame, art.pattern);
    if (!omit.has("decoration")) marksIn(art.marksBehind);
    const props = (layers: PropLayer[]) => layers.forEach((layer) => drawProp(frame, layer, colours.props.get(layer) ?? null));
    if (!omit.has("prop")) {
      draw(art.screen);
      props(art.behind);
    }
    if (!omit.has("person")) drawLayer(frame, spec.person, spec.grade);
    if (spec.scrim && !omit.has("scrim")) darkenInto(frame, spec.scrim, colours.scrim, 22, SCRIM_FEATHER);
    if (!omit.has("prop")) {
      props(art.front);
      if (art.prop) props([art.prop]);
    }
    if (!omit.has("decoration")) {
      if (art.decoration) drawTwoTone(frame, art.decoration, colours.decoration, colours.decoration);
      marksIn(art.marks);
    }
    if (!omit.has("headline")) {
      const tones = { fill: colours.base, accent: colours.accent, third: colours.third };
      for (const part of art.more) {
        drawToned(frame, part.letters, tones);
        draw(part.emoji);
      }
      drawToned(frame, art.headlineRaster, tones);
      draw(art.headlineEmoji);
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
    /** A cell as the batch plan draws it; `topics`: the keys of the batch's topic images, read with the batch's reader. */
    async render(cell: CellRequest, topics: readonly string[] = []) {
      const spec = recipeForCell(cell, { hasMask: Boolean(input.portrait.mask), topics });
      return { image: await draw(await planSpec(spec)), spec };
    },
    planCell,
    planSpec,
    prepare,
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
