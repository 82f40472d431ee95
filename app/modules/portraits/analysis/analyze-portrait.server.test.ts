import sharp from "sharp";
import { describe, expect, test } from "vitest";
import { analyzePortrait, pickMainFace } from "./analyze-portrait.server";
import { astronaut, graceHopper, maskValueAt, twoPeople } from "./analysis.test-images";
import type { DetectedFace } from "./types";

const centre = (face: DetectedFace) => ({ x: face.box.left + face.box.width / 2, y: face.box.top + face.box.height / 2 });

describe("analyzePortrait", () => {
  test("astronaut: one face, a one-channel mask at the image's size, person at the face, wall in the top corners", async () => {
    const analysis = await analyzePortrait(astronaut());
    expect(analysis).toMatchObject({ width: 512, height: 512, faceIndex: 0 });
    const meta = await sharp(analysis.mask!).metadata();
    expect(meta).toMatchObject({ format: "png", width: 512, height: 512, channels: 1 });
    const face = centre(analysis.faces[0]);
    expect(await maskValueAt(analysis.mask!, face.x, face.y)).toBe(255);
    expect(await maskValueAt(analysis.mask!, 10, 10)).toBe(0);
    expect(await maskValueAt(analysis.mask!, 501, 10)).toBe(0);
    // The shuttle model on the right is background.
    expect(await maskValueAt(analysis.mask!, 400, 150)).toBe(0);
    expect(analysis.personArea).toBeGreaterThan(0.35);
    expect(analysis.personArea).toBeLessThan(0.7);
  });

  test("Grace Hopper: the person is kept, the flag and the sky are not", async () => {
    const analysis = await analyzePortrait(graceHopper());
    const face = centre(analysis.faces[0]);
    expect(await maskValueAt(analysis.mask!, face.x, face.y)).toBe(255);
    expect(await maskValueAt(analysis.mask!, 256, 450)).toBe(255);
    expect(await maskValueAt(analysis.mask!, 40, 120)).toBe(0);
    expect(await maskValueAt(analysis.mask!, 470, 150)).toBe(0);
  });

  test("a plain image has no face and no mask", async () => {
    const plain = await sharp({ create: { width: 640, height: 480, channels: 3, background: "#cc8844" } }).jpeg().toBuffer();
    expect(await analyzePortrait(plain)).toEqual({ width: 640, height: 480, faces: [], faceIndex: null, mask: null, personArea: 0 });
  });

  test("two people: two faces, the larger one by default, faceIndex 1 cuts out the other", async () => {
    const image = await twoPeople();
    const byDefault = await analyzePortrait(image);
    expect(byDefault.faces).toHaveLength(2);
    expect(byDefault.faceIndex).toBe(0);
    const [hopper, astro] = byDefault.faces.map(centre);
    // Largest first: Grace Hopper's face (scaled to 80%) is larger than the astronaut's.
    expect(hopper.x).toBeGreaterThan(512);
    expect(astro.x).toBeLessThan(512);
    expect(await maskValueAt(byDefault.mask!, hopper.x, hopper.y)).toBe(255);
    expect(await maskValueAt(byDefault.mask!, astro.x, astro.y)).toBe(0);

    const other = await analyzePortrait(image, { faceIndex: 1 });
    expect(other.faceIndex).toBe(1);
    expect(await maskValueAt(other.mask!, astro.x, astro.y)).toBe(255);
    expect(await maskValueAt(other.mask!, hopper.x, hopper.y)).toBe(0);
  });

  test("a face index that does not exist is refused", async () => {
    await expect(analyzePortrait(astronaut(), { faceIndex: 3 })).rejects.toThrow(RangeError);
  });

  test("a PNG with transparency is its own mask, and its face is still found", async () => {
    const ellipse = '<svg width="512" height="512"><rect width="512" height="512"/><ellipse cx="230" cy="200" rx="170" ry="200" fill="rgb(200,200,200)"/></svg>';
    const alpha = await sharp(Buffer.from(ellipse)).extractChannel(0).raw().toBuffer();
    // (astronaut.png is RGB: joinChannel adds the alpha)
    const cutOut = await sharp(astronaut())
      .joinChannel(alpha, { raw: { width: 512, height: 512, channels: 1 } })
      .png()
      .toBuffer();
    const analysis = await analyzePortrait(cutOut);
    expect(analysis.faces).toHaveLength(1);
    expect(analysis.faceIndex).toBe(0);
    // The ellipse's own alpha (200, partly transparent), not a segmented person.
    expect(await maskValueAt(analysis.mask!, 230, 200)).toBe(200);
    expect(await maskValueAt(analysis.mask!, 230, 480)).toBe(0);
    expect(await maskValueAt(analysis.mask!, 90, 200)).toBe(200);
    expect(analysis.personArea).toBeCloseTo(((Math.PI * 170 * 200) / 512 ** 2) * (200 / 255), 1);
  });
});

describe("pickMainFace", () => {
  const face = (left: number, top: number, size: number): DetectedFace => ({
    box: { left, top, width: size, height: size },
    keypoints: [],
    score: 0.9,
  });

  test("none without faces", () => {
    expect(pickMainFace([], 1000, 1000)).toBeNull();
  });

  test("the larger of two central faces", () => {
    expect(pickMainFace([face(300, 400, 100), face(550, 400, 150)], 1000, 1000)).toBe(1);
  });

  test("a central face over a slightly larger one in the corner", () => {
    expect(pickMainFace([face(0, 0, 220), face(400, 400, 200)], 1000, 1000)).toBe(1);
  });
});
