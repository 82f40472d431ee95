// A topic image (a photo of the video's subject the creator added: a
// product, a screenshot, a game capture) as the compositor draws it: the
// whole background, or the picture on a framed screen
// (docs/decisions/185-topic-images-in-the-compositor.md).
import sharp from "sharp";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import type { CellPrompt } from "~/modules/design/plan";
import type { Palette } from "~/modules/design/palettes";
import type { RawImage } from "./backgrounds.server";
import { hexToRgb } from "./colour";

// The headline's side of a photo background: blurred, so its detail does not
// fight the letters, and darkened toward the palette's deep colour, so white
// letters read on it without a scrim on most photos. The person's side keeps
// the photo as it is: that is where the subject is seen.
const TEXT_SIDE_BLUR = 5;
/** How much light the text side keeps, and how much of it turns to the palette's colour. */
const TEXT_SIDE_KEEP = 0.45;
const TEXT_SIDE_TINT = 0.18;
/** Where the change happens, as shares of the width from the text side's edge: all of it before `full`, none after `none`. */
const RAMP = { full: 0.5, none: 0.74 };
/** The whole photo a little darker at its edges, as the drawn backgrounds are (their vignette). */
const EDGE_KEEP = 0.78;
/** And a little darker everywhere: a bright photo (a product on white) would swallow the cut-out's white edge. */
const PHOTO_KEEP = 0.88;

function smoothstep(t: number) {
  const c = Math.min(1, Math.max(0, t));
  return c * c * (3 - 2 * c);
}

/** The photo over the whole frame (cover crop), its headline side blurred and darkened. */
export async function topicBackground(bytes: Buffer, layout: CellPrompt["layout"], palette: Palette): Promise<RawImage> {
  const cover = await sharp(bytes).resize(WIDTH, HEIGHT, { fit: "cover" }).removeAlpha().toColourspace("srgb").raw().toBuffer();
  const blurred = await sharp(cover, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } }).blur(TEXT_SIDE_BLUR).raw().toBuffer();
  const tint = hexToRgb(palette.b);
  const tinted = [tint.r, tint.g, tint.b].map((c) => c * TEXT_SIDE_TINT * TEXT_SIDE_KEEP);
  const textOnLeft = layout === "person-right";
  // Per column: how far toward the text side's look it goes (1 on the text side).
  const weight = Float32Array.from({ length: WIDTH }, (_, x) => {
    const fromTextEdge = (textOnLeft ? x : WIDTH - 1 - x) / WIDTH;
    return 1 - smoothstep((fromTextEdge - RAMP.full) / (RAMP.none - RAMP.full));
  });
  const data = Buffer.allocUnsafe(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    const dy = (y / HEIGHT - 0.5) * 2;
    for (let x = 0, o = y * WIDTH * 3; x < WIDTH; x++, o += 3) {
      const dx = (x / WIDTH - 0.5) * 2;
      const edge = PHOTO_KEEP * (1 - (1 - EDGE_KEEP) * smoothstep((dx * dx + dy * dy - 0.45) / 1.5));
      const w = weight[x];
      for (let c = 0; c < 3; c++) {
        const soft = blurred[o + c] * TEXT_SIDE_KEEP * (1 - TEXT_SIDE_TINT) + tinted[c];
        data[o + c] = (cover[o + c] + (soft - cover[o + c]) * w) * edge + 0.5;
      }
    }
  }
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

/** The picture a screen shows, embedded in its markup. */
export type ScreenPicture = { uri: string; width: number; height: number };

/** Big enough for the largest screen a scene draws (about 680x400), small enough to embed in markup. */
const SCREEN_MAX = { width: 720, height: 420 };

/** The photo at a screen's size, as a data URI the screen's markup shows. */
export async function screenPicture(bytes: Buffer): Promise<ScreenPicture> {
  const { data, info } = await sharp(bytes)
    .resize(SCREEN_MAX.width, SCREEN_MAX.height, { fit: "outside", withoutEnlargement: true })
    .removeAlpha()
    .toColourspace("srgb")
    .jpeg({ quality: 88 })
    .toBuffer({ resolveWithObject: true });
  return { uri: `data:image/jpeg;base64,${data.toString("base64")}`, width: info.width, height: info.height };
}
