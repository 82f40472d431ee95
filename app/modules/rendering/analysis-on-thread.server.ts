// Pixel analysis that has no compositor session: finding faces, a portrait's
// person analysis, the checks of an image a model drew. Each runs on a render
// thread (render-pool.server.ts), like all drawing.
import { runRenderTask } from "./render-pool.server";
import { bufferOf, shareBytes } from "./shared-bytes";

/** The legibility checks of an image drawn by a model (no recipe: only what the pixels show). */
export function measureImageOnThread(jpeg: Uint8Array) {
  return runRenderTask<"measure-image">({ kind: "measure-image", jpeg });
}

/** Person analysis of a portrait, on a render thread. */
export async function analyzePortraitOnThread(image: Uint8Array, options: { faceIndex?: number } = {}) {
  const analysis = await runRenderTask<"analyze">({ kind: "analyze", image: shareBytes(image), faceIndex: options.faceIndex });
  return { ...analysis, mask: analysis.mask && bufferOf(analysis.mask) };
}

/** The faces in an image (an AI plate), largest first, found on a render thread. */
export function detectFacesOnThread(image: Uint8Array) {
  return runRenderTask<"faces">({ kind: "faces", image });
}
