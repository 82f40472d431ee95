// Ordinary photos that are hard for the person pipeline, made from the two
// fixtures: wide frames with small faces, a group, a tilted head, a head cut
// by the top of the frame, very dark and very bright exposures, a ready
// cut-out PNG, a person cut by the photo's side, and a photo with nobody in it.
// Each is made the way such a photo comes about (the person padded into a
// room, cropped, exposed wrongly), so the tests exercise the real upload path.
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";

const ASTRONAUT = path.resolve("tests/fixtures/astronaut.png");
const GRACE_HOPPER = path.resolve("tests/fixtures/grace-hopper.jpg");

/** The detector's face box height in each fixture (brow to chin), measured once: the sizes below are set from it. */
const FACE_HEIGHT = { astronaut: 105, graceHopper: 210 } as const;

export type HardPhoto = {
  name: string;
  bytes: Buffer;
  /** The chosen face's share of the photo's height, as made (about). 0 when the photo has no person. */
  faceShare: number;
};

/** A plain room wall, lit from one side: what a webcam sees behind a creator. */
function wall(width: number, height: number, from = "#b7ab98", to = "#6f6757") {
  return sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="w" x1="0" y1="0" x2="1" y2="0.4"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#w)"/><rect x="${width * 0.08}" y="${height * 0.1}" width="${width * 0.16}" height="${height * 0.22}" fill="#4d5a66" opacity="0.5"/></svg>`,
    ),
  )
    .removeAlpha()
    .png()
    .toBuffer();
}

const cutOuts = new Map<string, Promise<Buffer>>();

/** The fixture's person on a transparent background (its own analysis mask as alpha), so it can stand in another room. */
function cutOut(file: string): Promise<Buffer> {
  if (!cutOuts.has(file)) {
    cutOuts.set(
      file,
      (async () => {
        const bytes = fs.readFileSync(file);
        const { mask } = await analyzePortrait(bytes);
        if (!mask) throw new Error(`no person in ${file}`);
        const { data: rgb, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
        const alpha = await sharp(mask).extractChannel(0).raw().toBuffer();
        const rgba = Buffer.alloc(info.width * info.height * 4);
        for (let i = 0; i < alpha.length; i++) {
          rgb.copy(rgba, i * 4, i * 3, i * 3 + 3);
          rgba[i * 4 + 3] = alpha[i];
        }
        return sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
      })(),
    );
  }
  return cutOuts.get(file)!;
}

/** `input` placed at (left, top) on a canvas, cut to it: anything outside is off the frame, as a camera would crop it. */
async function placed(input: Buffer, canvas: { width: number; height: number }, left: number, top: number): Promise<sharp.OverlayOptions> {
  const meta = await sharp(input).metadata();
  const visible = await sharp(input)
    .extract({
      left: Math.max(0, -left),
      top: Math.max(0, -top),
      width: Math.min(meta.width!, canvas.width - left) - Math.max(0, -left),
      height: Math.min(meta.height!, canvas.height - top) - Math.max(0, -top),
    })
    .png()
    .toBuffer();
  return { input: visible, left: Math.max(0, left), top: Math.max(0, top) };
}

/** People scaled so that each face is `faceShare` of the canvas height, standing on its bottom edge at `centreX` (share of the width). */
async function personOn(
  canvas: { width: number; height: number },
  people: { file: string; faceHeight: number; faceShare: number; centreX: number; flip?: boolean }[],
) {
  const layers: sharp.OverlayOptions[] = [];
  for (const person of people) {
    const scale = (person.faceShare * canvas.height) / person.faceHeight;
    const meta = await sharp(person.file).metadata();
    const width = Math.round(meta.width! * scale);
    const height = Math.round(meta.height! * scale);
    let image = sharp(await cutOut(person.file)).resize(width, height);
    if (person.flip) image = image.flop();
    layers.push(await placed(await image.png().toBuffer(), canvas, Math.round(canvas.width * person.centreX - width / 2), canvas.height - height));
  }
  return sharp(await wall(canvas.width, canvas.height)).composite(layers);
}

const jpeg = (image: sharp.Sharp) => image.jpeg({ quality: 90 }).toBuffer();

/** A landscape webcam frame, 1800x1300, the face about 0.18 of its height. */
export async function landscapeWebcam(): Promise<HardPhoto> {
  const faceShare = 0.18;
  const image = await personOn({ width: 1800, height: 1300 }, [{ file: ASTRONAUT, faceHeight: FACE_HEIGHT.astronaut, faceShare, centreX: 0.46 }]);
  return { name: "landscape webcam 1800x1300", bytes: await jpeg(image), faceShare };
}

/** A waist-up 1920x1080 frame, the face under 0.2 of its height. */
export async function waistUp(): Promise<HardPhoto> {
  const faceShare = 0.17;
  const image = await personOn({ width: 1920, height: 1080 }, [{ file: ASTRONAUT, faceHeight: FACE_HEIGHT.astronaut, faceShare, centreX: 0.55 }]);
  return { name: "waist-up 1920x1080", bytes: await jpeg(image), faceShare };
}

/** A wide shot: the face about 0.08 of the photo's height. */
export async function smallFace(): Promise<HardPhoto> {
  const faceShare = 0.08;
  const image = await personOn({ width: 1800, height: 1200 }, [{ file: ASTRONAUT, faceHeight: FACE_HEIGHT.astronaut, faceShare, centreX: 0.4 }]);
  return { name: "small face (0.08 of the height)", bytes: await jpeg(image), faceShare };
}

/** Three people of different sizes; the one in the middle is the largest and should be chosen. */
export async function group(): Promise<HardPhoto> {
  const faceShare = 0.19;
  const image = await personOn({ width: 2000, height: 1100 }, [
    { file: ASTRONAUT, faceHeight: FACE_HEIGHT.astronaut, faceShare: 0.12, centreX: 0.17 },
    { file: ASTRONAUT, faceHeight: FACE_HEIGHT.astronaut, faceShare: 0.1, centreX: 0.84, flip: true },
    { file: GRACE_HOPPER, faceHeight: FACE_HEIGHT.graceHopper, faceShare, centreX: 0.5 },
  ]);
  return { name: "group of three", bytes: await jpeg(image), faceShare };
}

/**
 * The head tilted 22 degrees (a camera held at an angle). The person's body is
 * first continued past the photo's bottom, so that once turned it
 * still runs off the frame instead of ending on a slanted straight line.
 */
export async function tilted(): Promise<HardPhoto> {
  // The astronaut: her photo's sides do not cut her, so nothing straight is left once turned.
  return turned(ASTRONAUT, { x: 227, y: 122 }, FACE_HEIGHT.astronaut, 22, "head tilted 22 degrees");
}

/** A tall hat on a head tilted the other way, 24 degrees: much of the person is above the eyes. */
export async function tiltedHat(): Promise<HardPhoto> {
  return turned(GRACE_HOPPER, { x: 262, y: 223 }, FACE_HEIGHT.graceHopper, -24, "tall hat, head tilted 24 degrees");
}

async function turned(file: string, faceCentre: { x: number; y: number }, faceHeight: number, angle: number, name: string): Promise<HardPhoto> {
  const faceShare = 0.26;
  const canvas = { width: 1200, height: 900 };
  const pad = 300;
  const extended = await sharp(await cutOut(file))
    .extend({ bottom: pad, extendWith: "copy" })
    .png()
    .toBuffer();
  const meta0 = await sharp(file).metadata();
  const source = { width: meta0.width!, height: meta0.height! + pad };
  const scale = (faceShare * canvas.height) / faceHeight;
  const image0 = await sharp(extended)
    .resize(Math.round(source.width * scale), Math.round(source.height * scale))
    .rotate(angle, { background: "#0000" })
    .png()
    .toBuffer();
  const meta = await sharp(image0).metadata();
  // Where the face's centre lands in the turned image.
  const t = (angle * Math.PI) / 180;
  const fx = (faceCentre.x - source.width / 2) * scale;
  const fy = (faceCentre.y - source.height / 2) * scale;
  const face = { x: meta.width! / 2 + fx * Math.cos(t) - fy * Math.sin(t), y: meta.height! / 2 + fx * Math.sin(t) + fy * Math.cos(t) };
  const image = sharp(await wall(canvas.width, canvas.height)).composite([
    await placed(image0, canvas, Math.round(canvas.width * 0.5 - face.x), Math.round(canvas.height * 0.4 - face.y)),
  ]);
  return { name, bytes: await jpeg(image), faceShare };
}

/**
 * Hair piled high above the face (the astronaut's hair stretched to two and a
 * half times its height): the face box says nothing of it, only the mask does.
 */
export async function tallHair(): Promise<HardPhoto> {
  const hairTop = 10;
  const faceTop = 70;
  const stretched = Math.round((faceTop - hairTop) * 2.5);
  const hair = await sharp(ASTRONAUT).extract({ left: 0, top: hairTop, width: 512, height: faceTop - hairTop }).resize(512, stretched, { fit: "fill" }).toBuffer();
  const rest = await sharp(ASTRONAUT).extract({ left: 0, top: faceTop, width: 512, height: 512 - faceTop }).toBuffer();
  const top = await sharp(ASTRONAUT).extract({ left: 0, top: 0, width: 512, height: hairTop }).toBuffer();
  const height = hairTop + stretched + 512 - faceTop;
  const image = sharp({ create: { width: 512, height, channels: 3, background: "#c8c0b8" } }).composite([
    { input: top, left: 0, top: 0 },
    { input: hair, left: 0, top: hairTop },
    { input: rest, left: 0, top: hairTop + stretched },
  ]);
  return { name: "tall hair", bytes: await jpeg(sharp(await image.png().toBuffer()).resize(1024)), faceShare: FACE_HEIGHT.astronaut / height };
}

/** The frame's top edge cuts through the hair, the face high in the photo: a head bent toward a phone or a desk. */
export async function headAtTop(): Promise<HardPhoto> {
  const image = sharp(ASTRONAUT).extract({ left: 0, top: 48, width: 512, height: 464 }).resize(1024, 928);
  return { name: "head cut by the top of the frame", bytes: await jpeg(image), faceShare: FACE_HEIGHT.astronaut / 464 };
}

/** A person cut by the photo's left border (an arm and shoulder off the side) and its bottom. */
export async function cutAtSide(): Promise<HardPhoto> {
  const image = sharp(ASTRONAUT).extract({ left: 110, top: 0, width: 402, height: 512 }).resize(804, 1024);
  return { name: "person cut by the left border", bytes: await jpeg(image), faceShare: FACE_HEIGHT.astronaut / 512 };
}

/** Under-exposed: a room lit by a screen. The mean luminance is about a tenth of full scale. */
export async function dark(): Promise<HardPhoto> {
  const image = sharp(ASTRONAUT).resize(1024, 1024).linear(0.24, 0).gamma(1.25, 1);
  return { name: "very dark", bytes: await jpeg(image), faceShare: FACE_HEIGHT.astronaut / 512 };
}

/** Over-exposed: a window behind the camera; highlights burn out. */
export async function bright(): Promise<HardPhoto> {
  const image = sharp(GRACE_HOPPER).resize(1024, 1200).linear(1.3, 80);
  return { name: "very bright", bytes: await jpeg(image), faceShare: FACE_HEIGHT.graceHopper / 600 };
}

/** A ready cut-out: a PNG whose own alpha leaves only the person. */
export async function ownAlpha(): Promise<HardPhoto> {
  const bytes = await sharp(await cutOut(GRACE_HOPPER)).resize(1024, 1200).png().toBuffer();
  return { name: "PNG with its own alpha", bytes, faceShare: FACE_HEIGHT.graceHopper / 600 };
}

/** A photo with nobody in it: a wall and a window. */
export async function noPerson(): Promise<HardPhoto> {
  return { name: "no person", bytes: await jpeg(sharp(await wall(1600, 1000, "#c9d6df", "#52616b"))), faceShare: 0 };
}

/** Every hard photo with a person, in a fixed order, named before it is made (test names are known before the photos exist). */
export const HARD_PHOTOS: { name: string; make: () => Promise<HardPhoto> }[] = [
  { name: "landscape webcam", make: landscapeWebcam },
  { name: "waist-up 1920x1080", make: waistUp },
  { name: "small face", make: smallFace },
  { name: "group of three", make: group },
  { name: "tilted head", make: tilted },
  { name: "tall hat, tilted", make: tiltedHat },
  { name: "head at the top", make: headAtTop },
  { name: "cut at the side", make: cutAtSide },
  { name: "very dark", make: dark },
  { name: "very bright", make: bright },
  { name: "own alpha PNG", make: ownAlpha },
];
