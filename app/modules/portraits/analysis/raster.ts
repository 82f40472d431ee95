// Pixels in memory and the step from pixels to a model's input tensor:
// cropping, letterboxing and resampling in one pass.

/** Interleaved 8-bit pixels, row after row. */
export type Raster = { data: Uint8Array; width: number; height: number; channels: number };

/** A region of a raster, in its pixels. */
export type Rect = { x: number; y: number; width: number; height: number };

/**
 * Where a source rectangle lands inside a model input when it is scaled to
 * fit with its aspect ratio kept and centred (padding around it), or
 * stretched to fill the input.
 */
export type Placement = { rect: Rect; scaleX: number; scaleY: number; padX: number; padY: number; outWidth: number; outHeight: number };

export function placeRect(rect: Rect, outWidth: number, outHeight: number, letterbox: boolean): Placement {
  let scaleX = outWidth / rect.width;
  let scaleY = outHeight / rect.height;
  if (letterbox) scaleX = scaleY = Math.min(scaleX, scaleY);
  return {
    rect,
    scaleX,
    scaleY,
    padX: (outWidth - rect.width * scaleX) / 2,
    padY: (outHeight - rect.height * scaleY) / 2,
    outWidth,
    outHeight,
  };
}

/** A point given in the model input's normalized coordinates (0..1), back in raster pixels. */
export function fromModel(placement: Placement, nx: number, ny: number) {
  return {
    x: placement.rect.x + (nx * placement.outWidth - placement.padX) / placement.scaleX,
    y: placement.rect.y + (ny * placement.outHeight - placement.padY) / placement.scaleY,
  };
}

/**
 * Fills an NHWC float32 tensor (RGB) from the placed rectangle, values mapped
 * from 0..255 to [low, high]; padding is black (`low`), as in MediaPipe.
 * Downscaling averages a small grid of bilinear taps per output pixel so the
 * model does not see aliasing.
 */
export function toTensor(raster: Raster, placement: Placement, low: number, high: number) {
  const { outWidth, outHeight, rect, scaleX, scaleY, padX, padY } = placement;
  const out = new Float32Array(outWidth * outHeight * 3).fill(low);
  const k = (high - low) / 255;
  const tapsX = Math.min(4, Math.max(1, Math.ceil(1 / scaleX)));
  const tapsY = Math.min(4, Math.max(1, Math.ceil(1 / scaleY)));
  const { data, width, height, channels } = raster;
  const sample = [0, 0, 0];
  for (let v = 0; v < outHeight; v++) {
    for (let u = 0; u < outWidth; u++) {
      const cx = rect.x + (u + 0.5 - padX) / scaleX;
      const cy = rect.y + (v + 0.5 - padY) / scaleY;
      if (cx < rect.x || cy < rect.y || cx > rect.x + rect.width || cy > rect.y + rect.height) continue;
      sample[0] = sample[1] = sample[2] = 0;
      for (let ty = 0; ty < tapsY; ty++) {
        const sy = Math.min(height - 1, Math.max(0, cy + ((ty + 0.5) / tapsY - 0.5) / scaleY - 0.5));
        const y0 = Math.floor(sy);
        const y1 = Math.min(height - 1, y0 + 1);
        const fy = sy - y0;
        for (let tx = 0; tx < tapsX; tx++) {
          const sx = Math.min(width - 1, Math.max(0, cx + ((tx + 0.5) / tapsX - 0.5) / scaleX - 0.5));
          const x0 = Math.floor(sx);
          const x1 = Math.min(width - 1, x0 + 1);
          const fx = sx - x0;
          const i00 = (y0 * width + x0) * channels;
          const i01 = (y0 * width + x1) * channels;
          const i10 = (y1 * width + x0) * channels;
          const i11 = (y1 * width + x1) * channels;
          for (let c = 0; c < 3; c++) {
            const top = data[i00 + c] + (data[i01 + c] - data[i00 + c]) * fx;
            const bottom = data[i10 + c] + (data[i11 + c] - data[i10 + c]) * fx;
            sample[c] += top + (bottom - top) * fy;
          }
        }
      }
      const o = (v * outWidth + u) * 3;
      const n = tapsX * tapsY;
      out[o] = low + (sample[0] / n) * k;
      out[o + 1] = low + (sample[1] / n) * k;
      out[o + 2] = low + (sample[2] / n) * k;
    }
  }
  return out;
}
