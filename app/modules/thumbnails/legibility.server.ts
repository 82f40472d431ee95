// Legibility checks, measured on the pixels of a thumbnail as it is stored
// (the decoded JPEG), not on the layout's numbers. The recipe only says where
// to look: which pixels are headline letters, and what the frame looks like
// without them, drawn again with those layers left out.
import sharp from "sharp";
import type { LocalBatch } from "~/modules/providers/local/compositor.server";
import { contrastRatio, luminance } from "~/modules/providers/local/colour";
import { DURATION_ZONE, grow, HEIGHT, intersects, WIDTH, type Box } from "~/modules/design/frame";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import { THUMBNAIL_MAX_BYTES } from "~/modules/generations/thumbnail-image.server";
import type { LegibilityCheck } from "./legibility";

export const SIDEBAR = { width: 168, height: 94 } as const;
/**
 * Letters at least this tall (outline included) at 168x94 read in the
 * sidebar. It is what the compositor's smallest headline (caps at 10% of the
 * frame, MIN_CAP_HEIGHT) measures there.
 */
export const MIN_SIDEBAR_TEXT_PX = 12;
export const MIN_TEXT_CONTRAST = 4.5;
/** Face height as a share of the frame below which a face stops reading at feed sizes. */
export const MIN_FACE_SHARE = 0.25;
/** Share of the duration corner that may change under the text layers (anti-aliasing, a shadow's tail). */
const MAX_CORNER_INK = 0.005;

type Raw = { data: Buffer; width: number; height: number };

const lumaOf = (d: Buffer, i: number) => 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];

async function shrink(raw: Raw) {
  const data = await sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } })
    .resize(SIDEBAR.width, SIDEBAR.height, { kernel: "lanczos3" })
    .raw()
    .toBuffer();
  return { data, width: SIDEBAR.width, height: SIDEBAR.height };
}

/** The smallest line's letter height at 168x94: rows where the letters change the pixels. */
async function sidebarTextHeight(final: Raw, withoutText: Raw, lines: Box[]) {
  const [small, plain] = await Promise.all([shrink(final), shrink(withoutText)]);
  const sx = SIDEBAR.width / WIDTH;
  const sy = SIDEBAR.height / HEIGHT;
  const heights = lines.map((line) => {
    const left = Math.max(0, Math.floor(line.left * sx) - 1);
    const right = Math.min(SIDEBAR.width, Math.ceil((line.left + line.width) * sx) + 1);
    const top = Math.max(0, Math.floor(line.top * sy) - 1);
    const bottom = Math.min(SIDEBAR.height, Math.ceil((line.top + line.height) * sy) + 1);
    let first = -1;
    let last = -1;
    for (let y = top; y < bottom; y++) {
      let ink = 0;
      for (let x = left; x < right; x++) {
        const i = (y * SIDEBAR.width + x) * 3;
        if (Math.abs(lumaOf(small.data, i) - lumaOf(plain.data, i)) > 20) ink++;
      }
      if (ink >= 2) {
        if (first < 0) first = y;
        last = y;
      }
    }
    return first < 0 ? 0 : last - first + 1;
  });
  return Math.min(...heights);
}

function percentile(values: number[], p: number) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * The letters' fill against what is behind them. The art is toned (see
 * TONES in raster.server): a letter's inside is opaque with no black in it,
 * and its red, green and blue shares say which colour mix it is (the fill,
 * the accent, or a step of a gradient between them and the third colour).
 * Each mix's median luminance where the art is solid (edges left out, where
 * JPEG rings) is measured against the 90th percentile of the scene around
 * the letters; the darkest mix decides, so a gradient is judged by its
 * darker end. Strokes, shadows, an extrusion (shaded, so darker than its
 * colour) and a glow (never opaque) are not letters.
 */
function textContrast(final: Raw, withoutText: Raw, art: { rgba: Buffer; box: Box }, lines: Box[]) {
  const mixes = new Map<number, number[]>();
  const { rgba, box } = art;
  const inside = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= box.width || y >= box.height) return false;
    const o = (y * box.width + x) * 4;
    return rgba[o + 3] === 255 && rgba[o] + rgba[o + 1] + rgba[o + 2] >= 252;
  };
  // Mixes a fifth of the way apart are one: a gradient is measured in about five steps.
  const STEP = 51;
  for (let y = 0; y < box.height; y += 2) {
    for (let x = 0; x < box.width; x += 2) {
      if (!inside(x, y) || !inside(x - 2, y) || !inside(x + 2, y) || !inside(x, y - 2) || !inside(x, y + 2)) continue;
      const fx = box.left + x;
      const fy = box.top + y;
      if (fx < 0 || fy < 0 || fx >= WIDTH || fy >= HEIGHT) continue;
      const o = (y * box.width + x) * 4;
      const key = Math.round(rgba[o] / STEP) * 36 + Math.round(rgba[o + 1] / STEP) * 6 + Math.round(rgba[o + 2] / STEP);
      const i = (fy * WIDTH + fx) * 3;
      let values = mixes.get(key);
      if (!values) mixes.set(key, (values = []));
      values.push(luminance(final.data[i], final.data[i + 1], final.data[i + 2]));
    }
  }
  const scene: number[] = [];
  for (const line of lines) {
    const g = grow(line, 8);
    for (let y = g.top; y < g.top + g.height; y += 4) {
      for (let x = g.left; x < g.left + g.width; x += 4) {
        const i = (y * WIDTH + x) * 3;
        scene.push(luminance(withoutText.data[i], withoutText.data[i + 1], withoutText.data[i + 2]));
      }
    }
  }
  const behind = percentile(scene, 0.9);
  // A mix seen on a handful of samples is an anti-aliasing accident, not a colour of the letters.
  const ratios = [...mixes.values()].filter((v) => v.length >= 8).map((v) => contrastRatio(percentile(v, 0.5), behind));
  return ratios.length ? Math.min(...ratios) : 0;
}

/** Share of the duration corner whose pixels the text layers change. */
function cornerInk(final: Raw, withoutForeground: Raw) {
  const zone = DURATION_ZONE;
  let changed = 0;
  let total = 0;
  for (let y = Math.ceil(zone.top); y < zone.top + zone.height; y += 2) {
    for (let x = Math.ceil(zone.left); x < zone.left + zone.width; x += 2) {
      const i = (y * WIDTH + x) * 3;
      total++;
      if (Math.abs(lumaOf(final.data, i) - lumaOf(withoutForeground.data, i)) > 40) changed++;
    }
  }
  return total ? changed / total : 0;
}

async function decode(jpeg: Buffer): Promise<Raw> {
  const { data, info } = await sharp(jpeg).removeAlpha().toColourspace("srgb").raw().toBuffer({ resolveWithObject: true });
  if (info.width !== WIDTH || info.height !== HEIGHT) throw new Error(`a thumbnail is ${WIDTH}x${HEIGHT}, not ${info.width}x${info.height}`);
  return { data, width: info.width, height: info.height };
}

async function faceCheck(jpeg: Buffer) {
  const [face] = await detectFaces(jpeg);
  const box = face?.box ?? null;
  const share = box ? box.height / HEIGHT : 0;
  const check: LegibilityCheck = box
    ? {
        id: "face",
        label: "Face size",
        ok: share >= MIN_FACE_SHARE,
        value: `${Math.round(share * 100)}% of the height`,
        reason:
          share >= MIN_FACE_SHARE
            ? "The face is large enough to read at feed sizes."
            : `The face is small: under ${MIN_FACE_SHARE * 100}% of the height it is hard to read at 168×94.`,
      }
    : { id: "face", label: "Face size", ok: false, value: "no face found", reason: "No face was found: viewers click on faces." };
  return { check, box };
}

function fileSizeCheck(bytes: number): LegibilityCheck {
  const ok = bytes <= THUMBNAIL_MAX_BYTES;
  return {
    id: "file-size",
    label: "File size",
    ok,
    value: `${Math.round(bytes / 1024)} KB`,
    reason: ok ? "Under YouTube's 2 MB limit." : "Over YouTube's 2 MB limit: YouTube will refuse it.",
  };
}

/** Every check for a thumbnail drawn from a recipe. */
export async function measureRecipeLegibility(jpeg: Buffer, planned: Awaited<ReturnType<LocalBatch["planSpec"]>>, batch: LocalBatch) {
  const final = await decode(jpeg);
  const frame = { width: WIDTH, height: HEIGHT };
  const withoutText = { ...frame, data: batch.drawRaw(planned, new Set(["headline"])) };
  const withoutForeground = { ...frame, data: batch.drawRaw(planned, new Set(["headline", "prop", "decoration"])) };
  const lines = planned.headline.boxes;
  const [textHeight, face] = await Promise.all([sidebarTextHeight(final, withoutText, lines), faceCheck(jpeg)]);
  const contrast = textContrast(final, withoutText, planned.art.headlineRaster, lines);
  const ink = cornerInk(final, withoutForeground);
  const faceInCorner = face.box ? intersects(face.box, DURATION_ZONE) : false;
  const cornerClear = ink <= MAX_CORNER_INK && !faceInCorner;
  const checks: LegibilityCheck[] = [
    {
      id: "headline-size",
      label: "Headline at 168×94",
      ok: textHeight >= MIN_SIDEBAR_TEXT_PX,
      value: `${textHeight} px letters`,
      reason:
        textHeight >= MIN_SIDEBAR_TEXT_PX
          ? "Readable in the sidebar."
          : `Letters under ${MIN_SIDEBAR_TEXT_PX} px blur in the sidebar: use fewer or shorter words.`,
    },
    {
      id: "contrast",
      label: "Text contrast",
      ok: contrast >= MIN_TEXT_CONTRAST,
      value: `${contrast.toFixed(1)}:1`,
      reason:
        contrast >= MIN_TEXT_CONTRAST
          ? "The letters stand out from what is behind them."
          : `Under ${MIN_TEXT_CONTRAST}:1 against the background: try another palette or background.`,
    },
    face.check,
    {
      id: "duration-corner",
      label: "Duration corner",
      ok: cornerClear,
      value: cornerClear ? "clear" : faceInCorner ? "face in corner" : `${(ink * 100).toFixed(1)}% covered`,
      reason: cornerClear
        ? "Nothing important sits where YouTube shows the video length."
        : "YouTube draws the video length over the bottom-right corner and hides what is there.",
    },
    fileSizeCheck(jpeg.length),
  ];
  return checks;
}

/** The checks that can be measured when the model drew the text itself. */
export async function measureImageLegibility(jpeg: Buffer) {
  const face = await faceCheck(jpeg);
  const faceInCorner = face.box ? intersects(face.box, DURATION_ZONE) : false;
  const unknownText = (id: LegibilityCheck["id"], label: string): LegibilityCheck => ({
    id,
    label,
    ok: false,
    value: "not measured",
    reason: "The model drew the text into the image, so Thumbsmith cannot measure it. Check it in the feed preview.",
  });
  return [
    unknownText("headline-size", "Headline at 168×94"),
    unknownText("contrast", "Text contrast"),
    face.check,
    {
      id: "duration-corner",
      label: "Duration corner",
      ok: !faceInCorner,
      value: faceInCorner ? "face in corner" : "no face in corner",
      reason: faceInCorner ? "YouTube draws the video length over the face." : "No face where YouTube shows the video length (text not measured).",
    },
    fileSizeCheck(jpeg.length),
  ] satisfies LegibilityCheck[];
}
