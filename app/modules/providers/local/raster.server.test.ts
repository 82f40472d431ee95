import { describe, expect, test } from "vitest";
import { HEIGHT, WIDTH } from "~/modules/design/frame";
import { drawToned, type RasterLayer } from "./raster.server";

/** Toned art (red = fill share, green = accent share, blue = third share) with opaque, translucent and empty pixels. */
function tonedArt(): RasterLayer {
  const box = { left: 100, top: 50, width: 40, height: 20 };
  const rgba = Buffer.alloc(box.width * box.height * 4);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const o = (y * box.width + x) * 4;
      if (x < 10) continue; // transparent
      if (x < 30) {
        // Opaque: pure fill on top rows, a fill/accent mix (a gradient row) below.
        rgba[o] = y < 10 ? 255 : 255 - y * 8;
        rgba[o + 1] = y < 10 ? 0 : y * 8;
        rgba[o + 3] = 255;
        continue;
      }
      // The anti-aliased edge: accent and third mixed, half covered.
      rgba[o + 1] = 160;
      rgba[o + 2] = 95;
      rgba[o + 3] = 128;
    }
  }
  return { rgba, box };
}

function background() {
  const frame = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let i = 0; i < frame.length; i++) frame[i] = (i * 7) % 251;
  return frame;
}

const pixel = (frame: Buffer, x: number, y: number) => [...frame.subarray((y * WIDTH + x) * 3, (y * WIDTH + x) * 3 + 3)];

describe("drawToned", () => {
  const tones = { fill: "#ffcc00", accent: "#3366ff", third: "#101010" };

  test("the first draw of a layer and later ones (drawn from its scanned runs) give the same pixels", () => {
    const art = tonedArt();
    const first = background();
    drawToned(first, art, tones);
    const second = background();
    drawToned(second, art, tones);
    const third = background();
    drawToned(third, art, { ...tones, fill: "#ffffff" });
    expect(second.equals(first)).toBe(true);
    // Another colour on the scanned path still recolours: the fill pixels change, the empty ones do not.
    expect(pixel(third, 115, 55)).toEqual([255, 255, 255]);
    expect(pixel(third, 105, 55)).toEqual(pixel(background(), 105, 55));
  });

  test("opaque pixels take the tones by their shares, translucent ones blend, empty ones leave the frame alone", () => {
    const frame = background();
    drawToned(frame, tonedArt(), tones);
    expect(pixel(frame, 115, 55)).toEqual([255, 204, 0]);
    // Row 15 of the art: 135/255 fill and 120/255 accent.
    const [r, g, b] = pixel(frame, 115, 65);
    expect(r).toBeCloseTo((255 * 135 + 0x33 * 120) / 255, -0.5);
    expect(g).toBeCloseTo((204 * 135 + 0x66 * 120) / 255, -0.5);
    expect(b).toBeCloseTo((0 * 135 + 255 * 120) / 255, -0.5);
    const under = pixel(background(), 135, 55);
    const edge = pixel(frame, 135, 55);
    const ink = [(0x33 * 160 + 0x10 * 95) / 255, (0x66 * 160 + 0x10 * 95) / 255, (0xff * 160 + 0x10 * 95) / 255];
    edge.forEach((value, c) => expect(Math.abs(value - (ink[c] * 128 + under[c] * 127) / 255)).toBeLessThanOrEqual(1));
    expect(pixel(frame, 105, 55)).toEqual(pixel(background(), 105, 55));
  });
});
