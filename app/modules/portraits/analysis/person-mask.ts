// From the segmenter's coarse person probability to a clean cut-out at the
// working size: upsample guided by the photo, keep the region holding the
// chosen face, fill its holes, soft edge. Pure functions on float planes.
import type { Raster } from "./raster";

/** One value per pixel, row after row. */
export type Plane = { data: Float32Array; width: number; height: number };

/**
 * Bilinear resize of a plane (pixel centres aligned), into `out` when given:
 * a Uint8ClampedArray (a view of a mask's bytes) rounds as it stores.
 */
export function resizePlane<Out extends Float32Array | Uint8ClampedArray = Float32Array>(
  src: { data: ArrayLike<number>; width: number; height: number },
  width: number,
  height: number,
  out: Out = new Float32Array(width * height) as Out,
): { data: Out; width: number; height: number } {
  const { data } = src;
  // Where each column samples, worked out once rather than on every row.
  const left = new Int32Array(width);
  const right = new Int32Array(width);
  const weight = new Float32Array(width);
  const sx = src.width / width;
  for (let x = 0; x < width; x++) {
    const fx = Math.min(src.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    left[x] = Math.floor(fx);
    right[x] = Math.min(src.width - 1, left[x] + 1);
    weight[x] = fx - left[x];
  }
  const sy = src.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(src.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    const top = y0 * src.width;
    const bottom = Math.min(src.height - 1, y0 + 1) * src.width;
    for (let x = 0, o = y * width; x < width; x++, o++) {
      const tx = weight[x];
      const upper = data[top + left[x]] * (1 - tx) + data[top + right[x]] * tx;
      const lower = data[bottom + left[x]] * (1 - tx) + data[bottom + right[x]] * tx;
      out[o] = upper * (1 - ty) + lower * ty;
    }
  }
  return { data: out, width, height };
}

/** Mean over a (2r+1)^2 window, clipped at the borders; separable running sums. */
export function boxFilter(src: Float32Array, width: number, height: number, r: number) {
  const tmp = new Float32Array(width * height);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let x = 0; x <= Math.min(r, width - 1); x++) sum += src[row + x];
    for (let x = 0; x < width; x++) {
      const lo = x - r;
      const hi = x + r;
      tmp[row + x] = sum / (Math.min(hi, width - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < width) sum += src[row + hi + 1];
      if (lo >= 0) sum -= src[row + lo];
    }
  }
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let y = 0; y <= Math.min(r, height - 1); y++) sum += tmp[y * width + x];
    for (let y = 0; y < height; y++) {
      const lo = y - r;
      const hi = y + r;
      out[y * width + x] = sum / (Math.min(hi, height - 1) - Math.max(lo, 0) + 1);
      if (hi + 1 < height) sum += tmp[(hi + 1) * width + x];
      if (lo >= 0) sum -= tmp[lo * width + x];
    }
  }
  return out;
}

/**
 * He, Sun and Tang's guided filter with the photo's luminance as the guide:
 * the coarse probability takes the photo's edges (hair, shoulders) instead of
 * the segmenter's 256 px blur.
 */
export function guidedFilter(guide: Raster, p: Plane, r: number, eps: number): Plane {
  const { width, height } = p;
  const n = width * height;
  const I = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * guide.channels;
    I[i] = (0.299 * guide.data[o] + 0.587 * guide.data[o + 1] + 0.114 * guide.data[o + 2]) / 255;
  }
  const Ip = new Float32Array(n);
  const II = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    Ip[i] = I[i] * p.data[i];
    II[i] = I[i] * I[i];
  }
  const meanI = boxFilter(I, width, height, r);
  const meanP = boxFilter(p.data, width, height, r);
  const meanIp = boxFilter(Ip, width, height, r);
  const meanII = boxFilter(II, width, height, r);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const variance = meanII[i] - meanI[i] * meanI[i];
    a[i] = (meanIp[i] - meanI[i] * meanP[i]) / (variance + eps);
    b[i] = meanP[i] - a[i] * meanI[i];
  }
  const meanA = boxFilter(a, width, height, r);
  const meanB = boxFilter(b, width, height, r);
  const q = new Float32Array(n);
  for (let i = 0; i < n; i++) q[i] = Math.min(1, Math.max(0, meanA[i] * I[i] + meanB[i]));
  return { data: q, width, height };
}

/** 4-connected components of `on` pixels; returns a label per pixel (0 = off) and each label's size. */
export function labelComponents(on: Uint8Array, width: number, height: number) {
  const labels = new Int32Array(width * height);
  const sizes = [0];
  const stack = new Int32Array(width * height);
  for (let start = 0; start < on.length; start++) {
    if (!on[start] || labels[start]) continue;
    const label = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = start;
    labels[start] = label;
    while (top > 0) {
      const i = stack[--top];
      size++;
      const x = i % width;
      const y = (i - x) / width;
      if (x > 0 && on[i - 1] && !labels[i - 1]) (labels[i - 1] = label), (stack[top++] = i - 1);
      if (x < width - 1 && on[i + 1] && !labels[i + 1]) (labels[i + 1] = label), (stack[top++] = i + 1);
      if (y > 0 && on[i - width] && !labels[i - width]) (labels[i - width] = label), (stack[top++] = i - width);
      if (y < height - 1 && on[i + width] && !labels[i + width]) (labels[i + width] = label), (stack[top++] = i + width);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/** Sets enclosed background regions smaller than `maxHole` pixels to on. */
export function fillHoles(region: Uint8Array, width: number, height: number, maxHole: number) {
  const off = new Uint8Array(region.length);
  for (let i = 0; i < region.length; i++) off[i] = region[i] ? 0 : 1;
  const { labels, sizes } = labelComponents(off, width, height);
  const touchesBorder = new Uint8Array(sizes.length);
  for (let x = 0; x < width; x++) {
    touchesBorder[labels[x]] = 1;
    touchesBorder[labels[(height - 1) * width + x]] = 1;
  }
  for (let y = 0; y < height; y++) {
    touchesBorder[labels[y * width]] = 1;
    touchesBorder[labels[y * width + width - 1]] = 1;
  }
  const filled = region.slice();
  for (let i = 0; i < filled.length; i++) {
    const label = labels[i];
    if (label && !touchesBorder[label] && sizes[label] <= maxHole) filled[i] = 1;
  }
  return filled;
}

/** Grows (radius > 0) or shrinks (radius < 0) a binary region by a square of the given radius. */
export function morph(region: Uint8Array, width: number, height: number, radius: number) {
  const grow = radius > 0;
  const r = Math.abs(radius);
  const plane = new Float32Array(region.length);
  for (let i = 0; i < region.length; i++) plane[i] = region[i];
  const mean = boxFilter(plane, width, height, r);
  const out = new Uint8Array(region.length);
  for (let i = 0; i < out.length; i++) out[i] = grow ? (mean[i] > 0.001 ? 1 : 0) : mean[i] > 0.999 ? 1 : 0;
  return out;
}

export type FaceRect = { left: number; top: number; width: number; height: number };

/**
 * The person region: the component of `q >= threshold` that holds the most
 * of the chosen face's box (or the largest one if no face was chosen), cut
 * away from other faces' people where they touch, with holes filled.
 * Returns null when there is no such region, or only a speck of one.
 */
export function selectPerson(q: Plane, threshold: number, chosen: FaceRect | null, others: FaceRect[], minArea: number) {
  const { width, height } = q;
  const on = new Uint8Array(width * height);
  for (let i = 0; i < on.length; i++) on[i] = q.data[i] >= threshold ? 1 : 0;
  if (chosen) splitFromOthers(on, width, height, chosen, others);
  const { labels, sizes } = labelComponents(on, width, height);
  let best = 0;
  if (chosen) {
    const votes = new Float64Array(sizes.length);
    const x0 = Math.max(0, Math.floor(chosen.left));
    const x1 = Math.min(width, Math.ceil(chosen.left + chosen.width));
    const y0 = Math.max(0, Math.floor(chosen.top));
    const y1 = Math.min(height, Math.ceil(chosen.top + chosen.height));
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) votes[labels[y * width + x]]++;
    for (let l = 1; l < sizes.length; l++) if (votes[l] > votes[best]) best = l;
  } else {
    for (let l = 1; l < sizes.length; l++) if (sizes[l] > (sizes[best] ?? 0)) best = l;
  }
  if (best === 0 || sizes[best] < minArea) return null;
  const region = new Uint8Array(width * height);
  for (let i = 0; i < region.length; i++) region[i] = labels[i] === best ? 1 : 0;
  return fillHoles(region, width, height, Math.round(width * height * 0.02));
}

/**
 * Where the chosen person may touch another detected person, the pixels
 * nearer the other face are switched off (distance to a face counts only
 * sideways below it: bodies hang under faces).
 */
function splitFromOthers(on: Uint8Array, width: number, height: number, chosen: FaceRect, others: FaceRect[]) {
  if (others.length === 0) return;
  const centre = (f: FaceRect) => ({ x: f.left + f.width / 2, y: f.top + f.height / 2 });
  const mine = centre(chosen);
  const theirs = others.map(centre);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!on[i]) continue;
      const d = (c: { x: number; y: number }) => Math.hypot(x - c.x, Math.max(0, c.y - y));
      const own = d(mine);
      for (const other of theirs) {
        if (d(other) < own) {
          on[i] = 0;
          break;
        }
      }
    }
  }
}

/**
 * Alpha at the working size, 0..255: solid inside the region, the guided
 * probability ramped around `threshold` on a thin band at its edge, zero
 * outside, so the edge is soft but nothing beyond the kept person shows.
 */
export function softAlpha(q: Plane, region: Uint8Array, threshold: number, band: number) {
  const { width, height } = q;
  const inner = morph(region, width, height, -1);
  const outer = morph(region, width, height, 1);
  const alpha = new Uint8Array(width * height);
  for (let i = 0; i < alpha.length; i++) {
    if (inner[i]) alpha[i] = 255;
    else if (outer[i]) {
      const t = Math.min(1, Math.max(0, (q.data[i] - threshold) / band + 0.5));
      alpha[i] = Math.round(255 * t * t * (3 - 2 * t));
      if (region[i] && alpha[i] < 128) alpha[i] = 128;
    }
  }
  return alpha;
}
