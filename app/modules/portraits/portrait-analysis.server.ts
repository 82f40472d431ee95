// Person analysis of stored portraits: runs analyzePortrait on the normalized
// image and keeps what it finds with the portrait (the mask and a cut-out
// preview in storage, the faces and the chosen face in the row). An analysis
// that fails never fails the upload: the portrait is kept with status "failed"
// and thumbnails use the framed photo.
import sharp from "sharp";
import { newStorageKey } from "~/modules/storage/keys";
import { storage } from "~/modules/storage/storage.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { analyzePortraitOnThread } from "~/modules/rendering/analysis-on-thread.server";
import type { DetectedFace, PortraitAnalysis } from "./analysis/types";
import { isPortraitMaskInUse } from "./portrait-file-references.server";

export type AnalysisStatus = "pending" | "done" | "failed";

/** How long a claim on a portrait's analysis holds before another process may take it over. */
export const ANALYSIS_LEASE_MS = 2 * 60_000;
/** Claims per portrait (an upload's own analysis counts as one): a failure is retried once, a crash up to this. */
export const MAX_ANALYSIS_ATTEMPTS = 3;

const CUTOUT_PREVIEW_LONG_SIDE = 512;

/** What an upload writes with a new row: the request analyses it, so the job leaves it alone while the claim holds. */
export function claimedByUpload(now = new Date()) {
  return { analysisAttempts: 1, analysisLeaseExpiresAt: new Date(now.getTime() + ANALYSIS_LEASE_MS) };
}

/** The faces stored with a portrait (JSON of DetectedFace[]); empty when none or unreadable. */
export function parseFaces(json: string | null): DetectedFace[] {
  if (!json) return [];
  try {
    const faces = JSON.parse(json) as unknown;
    return Array.isArray(faces) ? (faces as DetectedFace[]) : [];
  } catch {
    return [];
  }
}

/** The normalized image with the mask as its alpha channel, 512 px, WebP. */
async function cutoutPreview(image: Buffer, mask: Buffer) {
  // Separate pipelines, joined at the preview's size: in one pipeline sharp
  // runs removeAlpha after joinChannel and skips a resize after it.
  const colour = await sharp(image)
    .removeAlpha()
    .resize({ width: CUTOUT_PREVIEW_LONG_SIDE, height: CUTOUT_PREVIEW_LONG_SIDE, fit: "inside" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = colour.info;
  const alpha = await sharp(mask).extractChannel(0).resize({ width, height, fit: "fill" }).raw().toBuffer();
  return sharp(colour.data, { raw: { width, height, channels: colour.info.channels } })
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .webp({ quality: 80, alphaQuality: 90 })
    .toBuffer();
}

type AnalysedPortrait = { id: string; userId: string; image: Buffer };

/**
 * Stores an analysis as the portrait's current one. The mask gets a new key
 * (keys are immutable); the previous mask is deleted only when no portrait
 * and no generation references it (decision 004), checked in the transaction
 * that replaces it. False when the portrait is gone (its new files are removed).
 */
async function saveAnalysis(portrait: AnalysedPortrait, analysis: PortraitAnalysis) {
  const prefix = `portraits/${portrait.userId.toLowerCase()}`;
  const files = analysis.mask
    ? { maskKey: newStorageKey(prefix, "png"), cutoutPreviewKey: newStorageKey(prefix, "webp") }
    : { maskKey: null, cutoutPreviewKey: null };
  const newKeys = [files.maskKey, files.cutoutPreviewKey].filter((k): k is string => k !== null);
  try {
    if (analysis.mask && files.maskKey && files.cutoutPreviewKey) {
      const preview = await cutoutPreview(portrait.image, analysis.mask);
      await storage.put(files.maskKey, analysis.mask, { contentType: "image/png" });
      await storage.put(files.cutoutPreviewKey, preview, { contentType: "image/webp" });
    }
    const data = {
      ...files,
      analysisStatus: "done",
      faces: JSON.stringify(analysis.faces),
      faceIndex: analysis.faceIndex,
      analyzedAt: new Date(),
      analysisLeaseExpiresAt: null,
    };
    // Optimistic: the row is updated only if its mask is still the one read,
    // so two analyses finishing together never orphan a file.
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await prisma.$transaction(async (tx) => {
        const current = await tx.portrait.findUnique({
          where: { id: portrait.id },
          select: { maskKey: true, cutoutPreviewKey: true },
        });
        if (!current) return { gone: true as const };
        const { count } = await tx.portrait.updateMany({ where: { id: portrait.id, maskKey: current.maskKey }, data });
        if (count === 0) return null;
        const releaseMask = current.maskKey !== null && !(await isPortraitMaskInUse(tx, current.maskKey));
        return {
          gone: false as const,
          release: [current.cutoutPreviewKey, releaseMask ? current.maskKey : null].filter((k): k is string => k !== null),
        };
      });
      if (!outcome) continue;
      if (outcome.gone) {
        await Promise.allSettled(newKeys.map((key) => storage.delete(key)));
        return false;
      }
      await Promise.all(outcome.release.map((key) => storage.delete(key)));
      return true;
    }
    throw new Error(`portrait ${portrait.id}: its mask kept changing while saving a new one`);
  } catch (error) {
    await Promise.allSettled(newKeys.map((key) => storage.delete(key)));
    throw error;
  }
}

/**
 * Analyses a portrait this process has claimed (an upload, or the job) and
 * stores the outcome. Never throws: a failure is logged and recorded as
 * status "failed".
 */
export async function analyzeClaimedPortrait(portrait: AnalysedPortrait): Promise<AnalysisStatus | "gone"> {
  try {
    const analysis = await analyzePortraitOnThread(portrait.image);
    return (await saveAnalysis(portrait, analysis)) ? "done" : "gone";
  } catch (error) {
    logger.error({ err: error, portraitId: portrait.id }, "person analysis failed");
    await prisma.portrait
      .updateMany({
        where: { id: portrait.id, analysisStatus: { not: "done" } },
        data: { analysisStatus: "failed", analyzedAt: new Date(), analysisLeaseExpiresAt: null },
      })
      .catch((cause) => logger.error({ err: cause, portraitId: portrait.id }, "could not record the failed analysis"));
    return "failed";
  }
}

export class FaceChoiceError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/**
 * Builds the cut-out around another of the portrait's faces (a new mask,
 * the old one released by the rule of decision 004). Null when the portrait
 * is not the user's; FaceChoiceError when that face cannot be chosen.
 */
export async function choosePortraitFace(userId: string, portraitId: string, faceIndex: number) {
  const portrait = await prisma.portrait.findFirst({
    where: { id: portraitId, userId },
    select: { normalizedKey: true, analysisStatus: true, faces: true, faceIndex: true },
  });
  if (!portrait) return null;
  if (portrait.analysisStatus === "pending") {
    throw new FaceChoiceError("This portrait is still being analysed. Wait a moment and try again.", 409);
  }
  if (portrait.analysisStatus === "failed") {
    throw new FaceChoiceError("The analysis of this portrait failed, so there is no face to choose.", 409);
  }
  const faces = parseFaces(portrait.faces);
  if (faceIndex >= faces.length) {
    throw new FaceChoiceError(
      faces.length === 0
        ? "No face was found in this portrait, so there is none to choose."
        : `This portrait has ${faces.length} face${faces.length === 1 ? "" : "s"}: choose face 1${faces.length > 1 ? ` to ${faces.length}` : ""}.`,
    );
  }
  if (portrait.faceIndex === faceIndex) return { id: portraitId, faceIndex };
  const image = await storage.read(portrait.normalizedKey);
  if (!image) throw new FaceChoiceError("The photo of this portrait is missing from storage.", 500);
  let analysis: PortraitAnalysis;
  try {
    analysis = await analyzePortraitOnThread(image, { faceIndex });
  } catch (error) {
    logger.error({ err: error, portraitId, faceIndex }, "analysis for a chosen face failed");
    throw new FaceChoiceError("The cut-out for that face could not be made. The previous one is kept.", 500);
  }
  const saved = await saveAnalysis({ id: portraitId, userId, image }, analysis);
  return saved ? { id: portraitId, faceIndex: analysis.faceIndex } : null;
}

/** Turns the portrait's cut-out on or off for new generations. Null when not the user's. */
export async function setPortraitCutout(userId: string, portraitId: string, enabled: boolean) {
  const { count } = await prisma.portrait.updateMany({
    where: { id: portraitId, userId },
    data: { cutoutEnabled: enabled },
  });
  return count === 1 ? { id: portraitId, cutoutEnabled: enabled } : null;
}
