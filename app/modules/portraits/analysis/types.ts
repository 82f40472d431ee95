// What person analysis finds in a portrait. Client-safe: the portrait page
// draws the face boxes, the compositor scales the person from them.

export type Point = { x: number; y: number };

/** A rectangle in the analysed image's pixels. */
export type Box = { left: number; top: number; width: number; height: number };

export type DetectedFace = {
  /** MediaPipe's face box: roughly brow line to chin, ear to ear. */
  box: Box;
  /** MediaPipe's six key points: right eye, left eye, nose tip, mouth, right ear, left ear. */
  keypoints: Point[];
  /** Detector confidence, 0..1. */
  score: number;
};

export type PortraitAnalysis = {
  width: number;
  height: number;
  /** Every face found, largest first. */
  faces: DetectedFace[];
  /** The face the cut-out is built around: the largest, most central one unless the user picked another. */
  faceIndex: number | null;
  /**
   * The person holding the chosen face, as a one-channel 8-bit PNG at the
   * image's size (255 = person, feathered edge). Null when no person was found.
   */
  mask: Buffer | null;
  /** Share of the image the mask covers, 0..1. */
  personArea: number;
};

/** The face the cut-out was built around, or null. */
export function chosenFace(analysis: Pick<PortraitAnalysis, "faces" | "faceIndex">): DetectedFace | null {
  return analysis.faceIndex === null ? null : (analysis.faces[analysis.faceIndex] ?? null);
}
