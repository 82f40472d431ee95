import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { analyzePortrait } from "./analyze-portrait.server";
import { astronaut, graceHopper, thumbnail } from "./analysis.test-images";
import { FULL_RANGE, generateAnchors, SHORT_RANGE } from "./blazeface";
import { detectFaces } from "./face-detector.server";
import type { DetectedFace } from "./types";

// Boxes measured on the fixtures and checked by eye (drawn over the photos):
// brow/hairline to chin, cheek to cheek.
const ASTRONAUT_FACE = { left: 174, top: 70, width: 105, height: 105 };
const HOPPER_FACE = { left: 158, top: 118, width: 210, height: 210 };

function expectBoxNear(face: DetectedFace, expected: typeof ASTRONAUT_FACE, tolerance: number) {
  expect(Math.abs(face.box.left - expected.left)).toBeLessThan(tolerance);
  expect(Math.abs(face.box.top - expected.top)).toBeLessThan(tolerance);
  expect(Math.abs(face.box.width - expected.width)).toBeLessThan(tolerance);
  expect(Math.abs(face.box.height - expected.height)).toBeLessThan(tolerance);
}

function expectKeypointsInOrder(face: DetectedFace) {
  const [rightEye, leftEye, nose, mouth] = face.keypoints;
  const { left, top, width, height } = face.box;
  for (const p of face.keypoints.slice(0, 4)) {
    expect(p.x).toBeGreaterThan(left);
    expect(p.x).toBeLessThan(left + width);
    expect(p.y).toBeGreaterThan(top);
    expect(p.y).toBeLessThan(top + height);
  }
  // The subject's right eye is on the image's left.
  expect(rightEye.x).toBeLessThan(leftEye.x);
  expect(Math.max(rightEye.y, leftEye.y)).toBeLessThan(nose.y);
  expect(nose.y).toBeLessThan(mouth.y);
}

/** The astronaut standing at the bottom of a plain wall, her face `share` of the frame's height. */
async function wideShot(width: number, height: number, share: number) {
  const side = Math.round((512 * share * height) / ASTRONAUT_FACE.height);
  const person = await sharp(astronaut()).resize(side, side).toBuffer();
  return sharp({ create: { width, height, channels: 3, background: "#9a917f" } })
    .composite([{ input: person, left: Math.round(width * 0.45 - side / 2), top: height - side }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

describe("detectFaces", () => {
  test.each([0.08, 0.06])("finds a small face in a wide 1920x1080 shot (face %s of the height), and the analysis cuts that person out", async (share) => {
    const analysis = await analyzePortrait(await wideShot(1920, 1080, share));
    expect(analysis.faces).toHaveLength(1);
    expect(analysis.faces[0].box.height / 1080).toBeGreaterThan(share * 0.7);
    expect(analysis.faces[0].box.height / 1080).toBeLessThan(share * 1.3);
    expect(analysis.mask).not.toBeNull();
  });

  test("anchors match the models' outputs (896 short range, 2304 full range)", () => {
    expect(generateAnchors(SHORT_RANGE)).toHaveLength(896);
    expect(generateAnchors(FULL_RANGE)).toHaveLength(2304);
  });

  test("finds the astronaut's face where it is, key points in order", async () => {
    const faces = await detectFaces(astronaut());
    expect(faces).toHaveLength(1);
    expectBoxNear(faces[0], ASTRONAUT_FACE, 8);
    expectKeypointsInOrder(faces[0]);
    expect(faces[0].score).toBeGreaterThan(0.8);
  });

  test("finds Grace Hopper's face where it is, key points in order", async () => {
    const faces = await detectFaces(graceHopper());
    expect(faces).toHaveLength(1);
    expectBoxNear(faces[0], HOPPER_FACE, 10);
    expectKeypointsInOrder(faces[0]);
  });

  test("coordinates are the image's pixels, whatever its size", async () => {
    const big = await sharp(astronaut()).resize(2048).jpeg().toBuffer();
    const [face] = await detectFaces(big);
    expectBoxNear(face, { left: 174 * 4, top: 70 * 4, width: 105 * 4, height: 105 * 4 }, 24);
  });

  test("finds nothing in a plain image", async () => {
    const plain = await sharp({ create: { width: 800, height: 600, channels: 3, background: "#3366cc" } }).jpeg().toBuffer();
    expect(await detectFaces(plain)).toEqual([]);
  });

  test.each([
    { name: "astronaut", photo: astronaut, face: ASTRONAUT_FACE },
    { name: "Grace Hopper", photo: graceHopper, face: HOPPER_FACE },
  ])("measures a face at 35% of a busy 1280x720 thumbnail ($name) within 20%", async ({ photo, face }) => {
    const { mask } = await analyzePortrait(photo());
    const scale = (720 * 0.35) / face.height;
    const centreY = face.top + face.height / 2;
    const image = await thumbnail(photo(), mask!, scale, { left: 700, top: Math.round(360 - centreY * scale) });
    const faces = await detectFaces(image);
    expect(faces.length).toBeGreaterThanOrEqual(1);
    expect(faces[0].box.height / (720 * 0.35)).toBeGreaterThan(0.8);
    expect(faces[0].box.height / (720 * 0.35)).toBeLessThan(1.2);
    // The face is right of centre, where it was pasted.
    expect(faces[0].box.left).toBeGreaterThan(640);
  });
});
