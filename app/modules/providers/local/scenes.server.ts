// The geometry and art of a cell's scene (design/plan.ts SCENES): where the
// headline goes, and what each layout adds around it. A versus cell sets
// two props (or name cards) against each other with a VS badge under the
// headline; before/after splits the frame into a dull "before" half and the
// person's "after" half; a big number draws the headline's count huge with
// the rest beside it; a reaction puts the topic on a large screen behind the
// person. Classic cells may show their prop large behind the person or as a
// pattern over the background.
//
// Everything here is markup in frame coordinates with the box it draws in,
// so the compositor rasterises each piece once per batch. Marks (badges,
// labels, the divider) are two-tone (./raster.server) and take each
// background's colours; props keep their own.
import sharp from "sharp";
import { bigNumberIndex, type CellPrompt, type Contender, type Scene } from "~/modules/design/plan";
import type { TopicProp } from "~/modules/design/props";
import { DURATION_ZONE, HEIGHT, intersects, MARGIN, MIN_CAP_HEIGHT, textColumn, union, WIDTH, type Box } from "~/modules/design/frame";
import { placeHeadline, PROP_SIZE, type PlacedHeadline } from "./headline-layer.server";
import { propSticker, type VectorLayer } from "./decorations.server";
import type { PropLayer } from "./prop-art.server";
import { TWO_TONE } from "./raster.server";
import { labelSvg, lineBoxes, type LinePosition } from "./text/drawing.server";
import { layoutHeadline, type HeadlineLayout } from "./text/fitting.server";
import { emojiArt, emojiFile } from "./text/emoji.server";
import type { ScreenPicture } from "./topic-image.server";

/** One laid-out run of headline words, drawn with its own stroke (a big number's is thicker). */
export type HeadlinePart = { layout: HeadlineLayout; lines: LinePosition[] };

/** The headline as a scene places it: the main words (`layout`, `lines`), every part to draw, and all their boxes. */
export type SceneHeadline = PlacedHeadline & { parts: HeadlinePart[] };

/** What a scene adds to the frame, besides the person and the headline. */
export type SceneLayers = {
  /** Full-colour art under the person: the reaction's screen. */
  screen: VectorLayer | null;
  /** Props under the person: the topic large behind them, or on the screen. */
  behind: PropLayer[];
  /** The topic prop as a pattern over the background (drawn under the person). */
  pattern: TopicProp | null;
  /** Props over the person: a versus cell's two sides. */
  front: PropLayer[];
  /** Two-tone marks under the person (the before/after divider). */
  marksBehind: VectorLayer | null;
  /** Two-tone marks over the person: the VS badge, name cards, BEFORE/AFTER labels. */
  marks: VectorLayer | null;
  /** Before/after: the dull half, desaturated and darkened. */
  dim: Box | null;
};

const NO_LAYERS: SceneLayers = { screen: null, behind: [], pattern: null, front: [], marksBehind: null, marks: null, dim: null };

const personRight = (prompt: CellPrompt) => prompt.layout === "person-right";

/** A scene the words no longer support (an edited headline without its number) is drawn classic. */
/** The classic layout with the prop (or arrow) beside the headline: the columns the Generate form's fit check measures. */
const BESIDE: Scene = { kind: "classic", propPlace: "headline", versus: null };

/**
 * What a cell can draw with its whole headline. A style's effects and a
 * scene's pictures take room from the letters; where that would cut the
 * headline short ("REACTING TO MY…"), the cell draws plain letters, then the
 * classic layout, which the Generate form has checked a creator's own
 * headline against: a whole headline beats an effect or a layout.
 */
export function fitCell(prompt: CellPrompt, recipeScene: Scene, face: Box): { prompt: CellPrompt; scene: Scene } {
  const scene = effectiveScene(prompt, recipeScene);
  const plain: CellPrompt = { ...prompt, textStyle: "plain" };
  const tries = [
    { prompt, scene },
    ...((prompt.textStyle ?? "plain") === "plain" ? [] : [{ prompt: plain, scene }]),
    ...(scene.kind === "classic" && scene.propPlace === "headline" ? [] : [{ prompt: plain, scene: BESIDE }]),
  ];
  return tries.find((cell) => !placeSceneHeadline(cell.prompt, cell.scene, face).layout.shortened) ?? tries[0];
}

function effectiveScene(prompt: CellPrompt, scene: Scene): Scene {
  if (scene.kind === "big-number" && bigNumberIndex(prompt.words) < 0) return { ...scene, kind: "classic" };
  if (scene.kind === "versus" && !scene.versus) return { ...scene, kind: "classic" };
  return scene;
}

// ---------------------------------------------------------------------------
// Before/after

const TAG_CAP = 60;
const TAG_PAD = { x: 24, y: 18 };
const DIVIDER_X = WIDTH / 2;

function tagBox(text: string, left: number, top: number) {
  const width = Math.round(text.length * TAG_CAP * 0.52 + TAG_PAD.x * 2);
  return { left, top, width, height: TAG_CAP + TAG_PAD.y * 2 };
}

/** A label on a rounded plate with black letters: "plain" in the headline's white, "bright" in the accent. */
function tagSvg(text: string, box: Box, tone: "plain" | "bright") {
  const plate = tone === "plain" ? TWO_TONE.fill : TWO_TONE.accent;
  const ink = "#000000";
  return (
    `<rect x="${box.left + 5}" y="${box.top + 6}" width="${box.width}" height="${box.height}" rx="14" fill="#000" fill-opacity="0.45"/>` +
    `<rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}" rx="14" fill="${plate}" stroke="#000" stroke-width="5"/>` +
    labelSvg(text, box.left + box.width / 2, box.top + TAG_PAD.y + TAG_CAP, TAG_CAP, ink)
  );
}

function beforeAfterColumn(prompt: CellPrompt): Box {
  const top = MARGIN + TAG_CAP + TAG_PAD.y * 2 + 26;
  // Clear of the divider's arrow button.
  if (personRight(prompt)) return { left: MARGIN, top, width: DIVIDER_X - 64 - MARGIN, height: HEIGHT - MARGIN - top };
  const left = DIVIDER_X + 64;
  // Room above the duration corner for the letters' outline and shadow too.
  return { left, top, width: WIDTH - MARGIN - left, height: DURATION_ZONE.top - 30 - top };
}

function beforeAfterLayers(prompt: CellPrompt, face: Box): SceneLayers {
  const right = personRight(prompt);
  const dim = right ? { left: 0, top: 0, width: DIVIDER_X, height: HEIGHT } : { left: DIVIDER_X, top: 0, width: WIDTH - DIVIDER_X, height: HEIGHT };
  // BEFORE in the dull half's outer top corner; AFTER on the person's half, against the divider.
  const before = tagBox("BEFORE", 0, MARGIN);
  before.left = right ? MARGIN : WIDTH - MARGIN - before.width;
  const after = tagBox("AFTER", 0, MARGIN);
  after.left = right ? DIVIDER_X + 26 : DIVIDER_X - 26 - after.width;
  // Never over the face: below the chin instead.
  if (intersects(after, { ...face, top: face.top - 24, height: face.height + 48 })) after.top = Math.min(face.top + face.height + 30, DURATION_ZONE.top - after.height - 20);
  const marks = tagSvg("BEFORE", before, "plain") + tagSvg("AFTER", after, "bright");
  // The divider: a white band with black edges, and an arrow from before to after at its middle.
  const cy = HEIGHT * 0.5;
  const r = 46;
  const dir = right ? 1 : -1;
  const arrow = `M${DIVIDER_X - dir * 22},${cy - 13}L${DIVIDER_X + dir * 2},${cy - 13}L${DIVIDER_X + dir * 2},${cy - 27}L${DIVIDER_X + dir * 28},${cy}L${DIVIDER_X + dir * 2},${cy + 27}L${DIVIDER_X + dir * 2},${cy + 13}L${DIVIDER_X - dir * 22},${cy + 13}Z`;
  const divider =
    `<rect x="${DIVIDER_X - 9}" y="0" width="18" height="${HEIGHT}" fill="#000"/>` +
    `<rect x="${DIVIDER_X - 5}" y="0" width="10" height="${HEIGHT}" fill="${TWO_TONE.fill}"/>` +
    `<circle cx="${DIVIDER_X}" cy="${cy}" r="${r}" fill="${TWO_TONE.accent}" stroke="#000" stroke-width="7"/>` +
    `<path d="${arrow}" fill="#000"/>`;
  return {
    ...NO_LAYERS,
    dim,
    marksBehind: { svg: divider, box: { left: DIVIDER_X - r - 4, top: 0, width: r * 2 + 8, height: HEIGHT } },
    marks: { svg: marks, box: union([before, after].map((b) => ({ ...b, width: b.width + 6, height: b.height + 7 }))) },
  };
}

// ---------------------------------------------------------------------------
// Versus

const VS_RADIUS = 70;

/** Both contenders as props when each has its own; else both as name cards, so the two sides match. */
function contenderProps(left: Contender, right: Contender) {
  // The same art on both sides (two phones for two phones) says nothing: compare all but the keyword.
  const art = (prop: TopicProp) => JSON.stringify({ ...prop, keyword: "" });
  const same = left.prop && right.prop && art(left.prop) === art(right.prop);
  return left.prop && right.prop && !same ? ([left.prop, right.prop] as const) : null;
}

/** A contender's name on a white card, as large as the card's width allows. */
function nameCardSvg(label: string, cx: number, cy: number, width: number, tilt: number) {
  const cap = Math.max(40, Math.min(86, (width - 44) / (label.length * 0.5)));
  const height = cap + 48;
  return (
    `<g transform="rotate(${tilt} ${cx} ${cy})">` +
    `<rect x="${cx - width / 2 + 7}" y="${cy - height / 2 + 9}" width="${width}" height="${height}" rx="20" fill="#000" fill-opacity="0.45"/>` +
    `<rect x="${cx - width / 2}" y="${cy - height / 2}" width="${width}" height="${height}" rx="20" fill="${TWO_TONE.fill}" stroke="#000" stroke-width="8"/>` +
    labelSvg(label, cx, cy + cap / 2, cap, "#000000") +
    `</g>`
  );
}

async function versusLayers(prompt: CellPrompt, scene: Scene, headline: PlacedHeadline): Promise<SceneLayers> {
  const { left, right } = scene.versus!;
  const row = headline.below;
  const props = contenderProps(left, right);
  // The badge overlaps both sides a little: they face each other across it.
  const overlap = VS_RADIUS * 0.45;
  const size = Math.min(280, row.height - 24, (row.width + overlap * 2 - VS_RADIUS * 2) / 2);
  if (size < 110) return NO_LAYERS;
  const cardWidth = Math.min(360, (row.width + overlap * 2 - VS_RADIUS * 2) / 2);
  const span = (props ? size : cardWidth) * 2 + VS_RADIUS * 2 - overlap * 2;
  // The pair hugs the column's outer edge, like the headline above it.
  const cx = personRight(prompt) ? row.left + Math.min(span, row.width) / 2 : row.left + row.width - Math.min(span, row.width) / 2;
  const cy = row.top + Math.min(size, row.height) / 2 + 6;
  const half = VS_RADIUS - overlap + (props ? size : cardWidth) / 2;
  const badge =
    `<g transform="rotate(-8 ${cx} ${cy})"><circle cx="${cx + 6}" cy="${cy + 8}" r="${VS_RADIUS}" fill="#000" fill-opacity="0.45"/>` +
    `<circle cx="${cx}" cy="${cy}" r="${VS_RADIUS}" fill="${TWO_TONE.accent}" stroke="#000" stroke-width="9"/>` +
    labelSvg("VS", cx, cy + 31, 62, "#000000") +
    `</g>`;
  const badgeBox = { left: cx - VS_RADIUS - 14, top: cy - VS_RADIUS - 14, width: VS_RADIUS * 2 + 34, height: VS_RADIUS * 2 + 36 };
  if (props) {
    const stickers = await Promise.all([
      propSticker(props[0], { left: cx - half - size / 2, top: cy - size / 2, size, tilt: 8 }),
      propSticker(props[1], { left: cx + half - size / 2, top: cy - size / 2, size, tilt: -8 }),
    ]);
    if (stickers[0] && stickers[1]) return { ...NO_LAYERS, front: [stickers[0], stickers[1]], marks: { svg: badge, box: badgeBox } };
  }
  // Name cards: the labels as the creator wrote them, tilted toward each other.
  const cards = nameCardSvg(left.label, cx - half, cy, cardWidth, -4) + nameCardSvg(right.label, cx + half, cy, cardWidth, 4);
  const cardsBox = { left: cx - half - cardWidth / 2 - 30, top: cy - 110, width: half * 2 + cardWidth + 60, height: 230 };
  return { ...NO_LAYERS, marks: { svg: cards + badge, box: union([cardsBox, badgeBox]) } };
}

// ---------------------------------------------------------------------------
// Big number

const NUMBER_CAP = 330;
const NUMBER_GAP = 28;

function placeBigNumber(prompt: CellPrompt, column: Box): SceneHeadline | null {
  const at = bigNumberIndex(prompt.words);
  if (at < 0) return null;
  const number = prompt.words[at];
  const rest = prompt.words.filter((_, i) => i !== at);
  // The number is the accent; the rest keeps its own only when it was not on the number.
  const restAccent = prompt.accentIndex === at ? -1 : prompt.accentIndex > at ? prompt.accentIndex - 1 : prompt.accentIndex;
  const right = personRight(prompt);
  // Digits reach a little past the cap height: the box allows for their ink.
  const fitNumber = (maxCap: number, maxWidth: number) =>
    layoutHeadline([number], 0, { maxWidth, maxHeight: maxCap * 1.5, maxLines: 1, minCapHeight: MIN_CAP_HEIGHT * 2, maxCapHeight: maxCap });
  const fitRest = (maxWidth: number, maxHeight: number) =>
    layoutHeadline(rest, restAccent, { maxWidth, maxHeight, maxLines: 3, minCapHeight: MIN_CAP_HEIGHT, maxCapHeight: 110 });
  const heightOf = (layout: HeadlineLayout) => layout.inkAbove + layout.height + layout.inkBelow;

  // Side by side, read left to right: the number, then the words.
  let big = fitNumber(Math.min(NUMBER_CAP, column.height * 0.62), column.width * 0.5);
  let small = fitRest(column.width - big.width - NUMBER_GAP, heightOf(big) * 1.1);
  const stacked = small.shortened || small.capHeight < MIN_CAP_HEIGHT;
  if (stacked) {
    // Stacked: the words under the number, across the column.
    small = fitRest(column.width, column.height * 0.42);
    big = fitNumber(Math.min(NUMBER_CAP, column.height - heightOf(small) - NUMBER_GAP - 20), column.width);
  }
  const numberHeight = heightOf(big);
  const restHeight = heightOf(small);
  const blockHeight = stacked ? numberHeight + NUMBER_GAP + restHeight : Math.max(numberHeight, restHeight);
  const top = prompt.textPosition === "top" ? column.top + 8 : column.top + Math.max(8, (column.height - blockHeight) / 2 - 20);
  // The block hugs the column's outer edge, away from the person.
  const outer = (width: number) => Math.round(right ? column.left : column.left + column.width - width);
  const blockWidth = stacked ? Math.max(big.width, small.width) : big.width + NUMBER_GAP + small.width;
  const blockLeft = outer(blockWidth);
  const numberLines = [{ left: stacked ? outer(big.width) : blockLeft, baseline: Math.round(top + big.inkAbove + big.capHeight) }];
  const restTop = stacked ? top + numberHeight + NUMBER_GAP : top + Math.max(0, (numberHeight - restHeight) / 2);
  const restLines = small.lines.map((line, i) => ({
    left: stacked ? outer(line.width) : blockLeft + big.width + NUMBER_GAP,
    baseline: Math.round(restTop + small.inkAbove + small.capHeight + i * small.lineHeight),
  }));
  const whole = (b: Box) => {
    const left = Math.floor(b.left);
    const top = Math.floor(b.top);
    return { left, top, width: Math.ceil(b.left + b.width) - left, height: Math.ceil(b.top + b.height) - top };
  };
  const boxes = [...lineBoxes(big, numberLines), ...lineBoxes(small, restLines)].map(whole);
  const bottom = Math.max(...boxes.map((b) => b.top + b.height));
  return {
    layout: small,
    lines: restLines,
    boxes,
    below: { left: column.left, top: bottom + 22, width: column.width, height: column.top + column.height - bottom - 22 },
    parts: [
      { layout: big, lines: numberLines },
      { layout: small, lines: restLines },
    ],
  };
}

// ---------------------------------------------------------------------------
// The topic behind the person, and the reaction's screen

const textBottomOf = (headline: PlacedHeadline) => Math.max(...headline.boxes.map((b) => b.top + b.height));

/**
 * Where the person is, for art that goes behind them: the face, and per row
 * of the frame the x of the person's edge on the headline's side (their
 * inner edge), or null where the row has none of them.
 */
export type PersonOutline = { face: Box; innerEdge: (y: number) => number | null };

/** The person's inner edge over a band of rows: the edge that reaches furthest toward the headline. */
function edgeOver(person: PersonOutline, right: boolean, top: number, bottom: number) {
  let edge: number | null = null;
  for (let y = Math.max(0, Math.round(top)); y < Math.min(HEIGHT, bottom); y += 6) {
    const x = person.innerEdge(y);
    if (x !== null) edge = edge === null ? x : right ? Math.min(edge, x) : Math.max(edge, x);
  }
  // No person in those rows: the face's side stands in for them.
  return edge ?? (right ? person.face.left : person.face.left + person.face.width);
}

/** The topic large under the headline, a fifth of it tucked behind the person's shoulder. */
function behindLayer(prompt: CellPrompt, headline: PlacedHeadline, person: PersonOutline): Promise<PropLayer | null> | null {
  if (!prompt.prop) return null;
  const right = personRight(prompt);
  const top = textBottomOf(headline) + 14;
  // It may run a little off the bottom edge, never into the duration corner.
  let size = Math.min(480, HEIGHT + 40 - top);
  if (size < 240) return null;
  const edge = edgeOver(person, right, top + size * 0.3, top + size * 0.7);
  let left = right ? edge + size * 0.2 - size : edge - size * 0.2;
  left = right ? Math.max(MARGIN - size * 0.1, left) : Math.min(left, WIDTH - MARGIN - size * 0.9);
  if (!right && left + size > DURATION_ZONE.left - 20) size = Math.min(size, DURATION_ZONE.left - 20 - left);
  if (size < 240) return null;
  return propSticker(prompt.prop, { left, top, size, tilt: right ? -8 : 8 });
}

/** Room between a topic picture's screen and the face box (the tilt's corner and the detector's looser box). */
const FACE_GAP = 28;

/**
 * A video screen behind the person, toward the middle, with the topic on it
 * (or a play button), or the creator's topic image filling it.
 */
async function reactionLayer(
  prompt: CellPrompt,
  headline: PlacedHeadline,
  person: PersonOutline,
  picture: ScreenPicture | null,
): Promise<Pick<SceneLayers, "screen" | "behind"> | null> {
  const { face } = person;
  const right = personRight(prompt);
  const top = textBottomOf(headline) + 26;
  // Behind the person's shoulder it may go low. On the right it stops above
  // the duration corner, or, taller, short of its left edge: the larger wins.
  const low = Math.min(400, HEIGHT - MARGIN / 2 - top);
  // A picture keeps its own shape, between a square (a product shot) and a wide screen.
  const aspect = picture ? Math.min(1.78, Math.max(1, picture.width / picture.height)) : 1.7;
  let height = Math.round(Math.min(400, (right ? HEIGHT - MARGIN / 2 : DURATION_ZONE.top - 20) - top));
  let width = Math.round(height * aspect);
  // A quarter of it behind the person, at its middle row.
  let edge = edgeOver(person, right, top + height * 0.4, top + height * 0.6);
  if (!right) {
    const edgeLow = edgeOver(person, right, top + low * 0.4, top + low * 0.6);
    const narrow = Math.min(low * aspect, (DURATION_ZONE.left - 16 - edgeLow) / 0.75);
    if (narrow * (narrow / aspect) > width * height) {
      width = Math.round(narrow);
      height = Math.round(narrow / aspect);
      edge = edgeLow;
    }
  }
  const tilt = right ? -3 : 3;
  // A picture is the creator's own: none of it may show around the face,
  // so beside the face the screen keeps to the face's side (its tilted corner too).
  const besideFace = picture !== null && top < face.top + face.height + FACE_GAP;
  const placeAt = (w: number) => {
    const inner = right ? edge + w * 0.25 : edge - w * 0.25;
    const l = Math.round(right ? Math.max(MARGIN - 10, inner - w) : Math.min(WIDTH - MARGIN - w, inner));
    if (!besideFace) return l;
    return right ? Math.min(l, face.left - FACE_GAP - w) : Math.max(l, face.left + face.width + FACE_GAP);
  };
  const inFrame = (w: number) => {
    const l = placeAt(w);
    return l >= MARGIN - 10 && l + w <= WIDTH - MARGIN + 10;
  };
  // The tilt lowers one bottom corner and the shadow falls below it: shrink
  // the screen until its turned corners and shadow keep off the duration corner.
  const clearOfCorner = (w: number, h: number) => {
    const l = placeAt(w);
    const c = { x: l + w / 2, y: top + h / 2 };
    const turn = (tilt * Math.PI) / 180;
    return [
      [l, top + h],
      [l + w + 10, top + h + 14],
      [l + w + 10, top + 14],
    ].every(([x, y]) => {
      const rx = c.x + (x - c.x) * Math.cos(turn) - (y - c.y) * Math.sin(turn);
      const ry = c.y + (x - c.x) * Math.sin(turn) + (y - c.y) * Math.cos(turn);
      return !(rx > DURATION_ZONE.left - 12 && ry > DURATION_ZONE.top - 12);
    });
  };
  while (height >= 200 && !(clearOfCorner(width, height) && inFrame(width))) {
    height = Math.round(height * 0.95);
    width = Math.round(height * aspect);
  }
  if (height < 200) return null;
  const left = placeAt(width);
  const cx = left + width / 2;
  const cy = top + height / 2;
  // The topic sits in the part of the screen the person does not cover.
  const visible = right ? { from: left, to: Math.min(left + width, edge) } : { from: Math.max(left, edge), to: left + width };
  const size = Math.min(height * 0.74, visible.to - visible.from - 50);
  const artCx = (visible.from + visible.to) / 2;
  // Its tilted corners reach a little beyond the rectangle.
  const reach = Math.ceil(Math.abs(Math.sin((tilt * Math.PI) / 180)) * width * 0.5) + 16;
  const box = { left: left - reach, top: top - reach, width: width + reach * 2 + 10, height: height + reach * 2 + 14 };
  if (picture) {
    // The creator's picture edge to edge inside a white frame: a photo on a card, not a player.
    const inner = { x: left + 12, y: top + 12, width: width - 24, height: height - 24 };
    const framed =
      `<defs><clipPath id="topic-screen"><rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" rx="16"/></clipPath></defs>` +
      `<g transform="rotate(${tilt} ${cx} ${cy})">` +
      `<rect x="${left + 10}" y="${top + 14}" width="${width}" height="${height}" rx="26" fill="#000" fill-opacity="0.5"/>` +
      `<rect x="${left}" y="${top}" width="${width}" height="${height}" rx="26" fill="#ffffff"/>` +
      `<rect x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" rx="16" fill="#16181d"/>` +
      `<image x="${inner.x}" y="${inner.y}" width="${inner.width}" height="${inner.height}" preserveAspectRatio="xMidYMid slice" clip-path="url(#topic-screen)" href="${picture.uri}"/>` +
      `</g>`;
    return { screen: { svg: framed, box }, behind: [] };
  }
  const screen =
    `<g transform="rotate(${tilt} ${cx} ${cy})">` +
    `<rect x="${left + 10}" y="${top + 14}" width="${width}" height="${height}" rx="26" fill="#000" fill-opacity="0.5"/>` +
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" rx="26" fill="#ffffff"/>` +
    `<rect x="${left + 12}" y="${top + 12}" width="${width - 24}" height="${height - 24}" rx="16" fill="#16181d"/>` +
    `<rect x="${left + 32}" y="${top + height - 44}" width="${width - 64}" height="10" rx="5" fill="#ffffff" fill-opacity="0.35"/>` +
    `<rect x="${left + 32}" y="${top + height - 44}" width="${Math.round((width - 64) * 0.62)}" height="10" rx="5" fill="#ff0033"/>` +
    `</g>`;
  const topic = prompt.prop && size >= 120 ? await propSticker(prompt.prop, { left: artCx - size / 2, top: cy - size / 2 - 16, size, tilt }) : null;
  let art = "";
  if (!topic && size >= 90) {
    // No prop: a play button says "a video" on its own.
    const w = Math.min(size * 1.2, 220);
    const h = w * 0.7;
    const x = artCx - w / 2;
    const y = cy - h / 2 - 12;
    art = `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${h * 0.28}" fill="#ff0033"/><path d="M${x + w * 0.4},${y + h * 0.28}L${x + w * 0.66},${y + h / 2}L${x + w * 0.4},${y + h * 0.72}Z" fill="#fff"/>`;
  }
  return { screen: { svg: screen + art, box }, behind: topic ? [topic] : [] };
}

// ---------------------------------------------------------------------------
// The pattern: the topic tiled over the background in white, faint

const PATTERN_TILE = 86;
const PATTERN_STEP = { x: 178, y: 150 };
// Whole pixels: the lattice is stamped with integer offsets.
const PATTERN_OPACITY = 0.2;

/**
 * A faint white pattern over the frame: each covered pixel's index and the
 * white's opacity there (a full-frame alpha too, for sampling), so drawing it
 * touches only the pixels it covers.
 */
export type Tint = { at: Int32Array; alpha: Uint8Array; map: Uint8Array };

/** The prop's silhouette tiled over the whole frame in faint white, for the compositor to cache. */
export async function patternLayer(prop: TopicProp): Promise<Tint | null> {
  const file = emojiFile(prop.emoji);
  if (!file) return null;
  const art = emojiArt(file);
  const silhouette = art.silhouette.replaceAll('"#000"', '"#fff"');
  const tile = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${PATTERN_TILE}" height="${PATTERN_TILE}" viewBox="0 0 36 36">${silhouette}</svg>`))
    .ensureAlpha()
    .extractChannel(3)
    .raw()
    .toBuffer();
  const map = new Uint8Array(WIDTH * HEIGHT);
  // Rows offset by half a step: a diagonal lattice, as on printed wrapping paper.
  const faint = Uint8Array.from({ length: 256 }, (_, a) => Math.round(a * PATTERN_OPACITY));
  for (let row = 0, y0 = -(PATTERN_TILE >> 1); y0 < HEIGHT; row++, y0 += PATTERN_STEP.y) {
    for (let x0 = row % 2 ? -(PATTERN_STEP.x >> 1) : 0; x0 < WIDTH; x0 += PATTERN_STEP.x) {
      const left = Math.max(0, -x0);
      const right = Math.min(PATTERN_TILE, WIDTH - x0);
      for (let ty = Math.max(0, -y0); ty < PATTERN_TILE && y0 + ty < HEIGHT; ty++) {
        const t = (y0 + ty) * WIDTH + x0;
        for (let tx = left; tx < right; tx++) {
          const a = tile[ty * PATTERN_TILE + tx];
          if (a) map[t + tx] = faint[a];
        }
      }
    }
  }
  let count = 0;
  for (let i = 0; i < map.length; i++) if (map[i]) count++;
  const at = new Int32Array(count);
  const alpha = new Uint8Array(count);
  for (let i = 0, k = 0; i < map.length; i++) {
    if (!map[i]) continue;
    at[k] = i;
    alpha[k++] = map[i];
  }
  return { at, alpha, map };
}

/** Blends the tint's white into a raw RGB frame, in place. */
export function drawTint(frame: Buffer, { at, alpha }: Tint) {
  for (let k = 0; k < at.length; k++) {
    const t = at[k] * 3;
    const a = alpha[k];
    frame[t] += ((255 - frame[t]) * a + 127) / 255;
    frame[t + 1] += ((255 - frame[t + 1]) * a + 127) / 255;
    frame[t + 2] += ((255 - frame[t + 2]) * a + 127) / 255;
  }
}

// ---------------------------------------------------------------------------

/** Room kept under a scene's headline for its pictures (a prop beside the headline keeps PROP_SIZE, as placeHeadline does). */
const PICTURE_ROOM: Partial<Record<Scene["kind"], number>> = { versus: 300, reaction: 330 };
const BEHIND_ROOM = 300;

/**
 * The headline moved by less than half a pixel so that its first line starts
 * on whole pixels: two placements of one layout then differ by a whole
 * number of pixels, and the compositor draws both from one raster.
 */
function snapped(headline: SceneHeadline): SceneHeadline {
  const first = headline.parts[0]?.lines[0];
  if (!first) return headline;
  const dx = Math.round(first.left) - first.left;
  const dy = Math.round(first.baseline) - first.baseline;
  const parts = headline.parts.map(({ layout, lines }) => ({ layout, lines: lines.map((l) => ({ left: l.left + dx, baseline: l.baseline + dy })) }));
  const whole = (b: Box) => {
    const left = Math.floor(b.left);
    const top = Math.floor(b.top);
    return { left, top, width: Math.ceil(b.left + b.width) - left, height: Math.ceil(b.top + b.height) - top };
  };
  const boxes = parts.flatMap(({ layout, lines }) => lineBoxes(layout, lines).map(whole));
  const main = parts[parts.length - 1];
  return { ...headline, layout: main.layout, lines: main.lines, boxes, parts };
}

/** The headline's column and placement for a scene. */
export function placeSceneHeadline(prompt: CellPrompt, scene: Scene, face: Box): SceneHeadline {
  return snapped(placeUnsnapped(prompt, scene, face));
}

function placeUnsnapped(prompt: CellPrompt, scene: Scene, face: Box): SceneHeadline {
  const column = scene.kind === "before-after" ? beforeAfterColumn(prompt) : textColumn(prompt.layout, face);
  if (scene.kind === "big-number") {
    const placed = placeBigNumber(prompt, column);
    if (placed) return placed;
  }
  // The prop beside the headline, or the arrow toward the person, takes the room under it.
  if (scene.kind === "classic" && scene.propPlace === "headline" && (prompt.prop || prompt.decoration === "arrow")) {
    const placed = placeHeadline(prompt, column, true);
    return { ...placed, parts: [{ layout: placed.layout, lines: placed.lines }] };
  }
  // The scene's pictures take the lower part of the column: the headline gets the rest.
  const room = scene.kind === "classic" ? (scene.propPlace === "behind" && prompt.prop ? BEHIND_ROOM : 0) : (PICTURE_ROOM[scene.kind] ?? 0);
  const placed = placeHeadline(prompt, { ...column, height: column.height - room }, false);
  const bottom = Math.max(...placed.boxes.map((b) => b.top + b.height));
  const below = { left: column.left, top: bottom + 22, width: column.width, height: column.top + column.height - bottom - 22 };
  return { ...placed, below, parts: [{ layout: placed.layout, lines: placed.lines }] };
}

/** The scene's own layers around a placed headline; `picture`: a topic image the reaction's screen shows. */
export async function sceneLayers(
  prompt: CellPrompt,
  scene: Scene,
  headline: PlacedHeadline,
  person: PersonOutline,
  picture: ScreenPicture | null = null,
): Promise<SceneLayers> {
  switch (scene.kind) {
    case "before-after":
      return beforeAfterLayers(prompt, person.face);
    case "versus":
      return versusLayers(prompt, scene, headline);
    case "reaction":
      return { ...NO_LAYERS, ...(await reactionLayer(prompt, headline, person, picture)) };
    case "big-number":
      return NO_LAYERS;
    case "classic":
      if (!prompt.prop || scene.propPlace === "headline") return NO_LAYERS;
      if (scene.propPlace === "pattern") return { ...NO_LAYERS, pattern: prompt.prop };
    {
      const behind = await behindLayer(prompt, headline, person);
      return { ...NO_LAYERS, behind: behind ? [behind] : [] };
    }
  }
}
