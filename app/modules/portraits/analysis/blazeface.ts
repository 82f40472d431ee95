// BlazeFace post-processing, as MediaPipe's face detection graphs configure
// it: SSD anchors, box and key point decoding, sigmoid scores and weighted
// non-max suppression. Coordinates here are normalized to the model input.

export type FaceModelSpec = {
  /** Square input side, in pixels. */
  inputSize: number;
  /** One entry per SSD layer; consecutive layers with the same stride share a grid. */
  strides: number[];
  /** Anchors per layer and cell: 2 when MediaPipe adds the interpolated-scale anchor, else 1. */
  anchorsPerLayer: number;
  minScore: number;
};

// face_detection_short_range.pbtxt: 128x128, 896 anchors (16x16x2 + 8x8x6).
export const SHORT_RANGE: FaceModelSpec = { inputSize: 128, strides: [8, 16, 16, 16], anchorsPerLayer: 2, minScore: 0.5 };
// face_detection_full_range.pbtxt: 192x192, 2304 anchors (48x48x1).
export const FULL_RANGE: FaceModelSpec = { inputSize: 192, strides: [4], anchorsPerLayer: 1, minScore: 0.5 };

export type Anchor = { x: number; y: number };

export type NormalizedFace = {
  /** Centre, width and height, normalized to the model input. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  keypoints: { x: number; y: number }[];
  score: number;
};

const KEYPOINTS = 6;
const VALUES_PER_ANCHOR = 4 + KEYPOINTS * 2;

/** SsdAnchorsCalculator with fixed_anchor_size: every anchor is 1x1, centred on its cell. */
export function generateAnchors(spec: FaceModelSpec): Anchor[] {
  const anchors: Anchor[] = [];
  let layer = 0;
  while (layer < spec.strides.length) {
    const stride = spec.strides[layer];
    let sameStride = 0;
    while (layer < spec.strides.length && spec.strides[layer] === stride) {
      sameStride++;
      layer++;
    }
    const cells = Math.ceil(spec.inputSize / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let a = 0; a < sameStride * spec.anchorsPerLayer; a++) {
          anchors.push({ x: (x + 0.5) / cells, y: (y + 0.5) / cells });
        }
      }
    }
  }
  return anchors;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));

/** Decodes raw regressors (anchors x 16) and classificator logits (anchors x 1) above the spec's score. */
export function decodeFaces(spec: FaceModelSpec, anchors: Anchor[], regressors: Float32Array, logits: Float32Array) {
  if (logits.length !== anchors.length || regressors.length !== anchors.length * VALUES_PER_ANCHOR) {
    throw new Error(`Face model output does not match ${anchors.length} anchors`);
  }
  const faces: NormalizedFace[] = [];
  const s = spec.inputSize;
  for (let i = 0; i < anchors.length; i++) {
    const score = sigmoid(logits[i]);
    if (score < spec.minScore) continue;
    const r = i * VALUES_PER_ANCHOR;
    const { x, y } = anchors[i];
    const keypoints = [];
    for (let k = 0; k < KEYPOINTS; k++) {
      keypoints.push({ x: regressors[r + 4 + k * 2] / s + x, y: regressors[r + 5 + k * 2] / s + y });
    }
    faces.push({
      cx: regressors[r] / s + x,
      cy: regressors[r + 1] / s + y,
      w: regressors[r + 2] / s,
      h: regressors[r + 3] / s,
      keypoints,
      score,
    });
  }
  return faces;
}

/** A face box and key points in some pixel space. */
export type PixelFace = {
  left: number;
  top: number;
  width: number;
  height: number;
  keypoints: { x: number; y: number }[];
  score: number;
};

export function intersectionOverUnion(a: PixelFace, b: PixelFace) {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * MediaPipe's weighted NMS: the best face absorbs every face overlapping it
 * by more than `threshold` IoU; box and key points become the score-weighted
 * mean of the group, the score stays the best one's.
 */
export function weightedNonMaxSuppression(faces: PixelFace[], threshold = 0.3): PixelFace[] {
  const remaining = [...faces].sort((a, b) => b.score - a.score);
  const kept: PixelFace[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    const group: PixelFace[] = [];
    for (let i = remaining.length - 1; i >= 0; i--) {
      if (remaining[i] === best || intersectionOverUnion(best, remaining[i]) > threshold) {
        group.push(remaining[i]);
        remaining.splice(i, 1);
      }
    }
    const total = group.reduce((sum, f) => sum + f.score, 0);
    const mean = (pick: (f: PixelFace) => number) => group.reduce((sum, f) => sum + pick(f) * f.score, 0) / total;
    kept.push({
      left: mean((f) => f.left),
      top: mean((f) => f.top),
      width: mean((f) => f.width),
      height: mean((f) => f.height),
      keypoints: best.keypoints.map((_, k) => ({ x: mean((f) => f.keypoints[k].x), y: mean((f) => f.keypoints[k].y) })),
      score: best.score,
    });
  }
  return kept;
}
