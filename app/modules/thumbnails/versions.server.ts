// Editing a thumbnail: previews drawn on the server, saves that add a
// version, reverts that make an earlier version current. Every re-render is
// local (the compositor, on the stored portrait or AI plate): it never calls
// an image API and never costs credits (docs/decisions/019-thumbnail-recipes.md).
import crypto from "node:crypto";
import { undrawableTextErrors } from "~/modules/generations/drawable-text.server";
import { planGeneration } from "~/modules/design/plan";
import { topicProps } from "~/modules/design/props";
import { parseTopicImageKeys } from "~/modules/topic-images/topic-image-keys";
import { ThumbnailStatus } from "~/modules/generations/lifecycle";
import { storage } from "~/modules/storage/storage.server";
import { enqueueThumbnailVersionCreated } from "~/modules/webhooks/enqueue.server";
import { prisma } from "~/utils/db.server";
import { applyEdits, editsFromSpec, type ThumbnailEdits } from "./edits";
import { parseStoredChecks, type LegibilityCheck } from "./legibility";
import { measureStoredThumbnail, recipeSourceSelect, renderRecipe, warmRecipe, type RecipeSource } from "./render-thumbnail.server";
import { parseStoredRecipe, serializeRecipe, recipeForCell, type Recipe } from "~/modules/design/recipe";
import { versionKey } from "./thumbnail-keys";

/** Inside a save's transaction: the current version changed since the save read it. */
class SaveRaced extends Error {}

/** Something the creator can fix, in words for the editor. */
export class EditError extends Error {
  constructor(
    message: string,
    readonly field?: keyof ThumbnailEdits,
  ) {
    super(message);
  }
}

const editableSelect = {
  id: true,
  promptIndex: true,
  backgroundIndex: true,
  storagePath: true,
  byteSize: true,
  spec: true,
  version: true,
  checks: true,
  plateKey: true,
  generation: {
    select: { ...recipeSourceSelect, keywords: true, headline: true, promptCount: true, backgroundCount: true, provider: true, topicImageKeys: true },
  },
} as const;

async function findOwnThumbnail(userId: string, thumbnailId: string) {
  return prisma.thumbnail.findFirst({
    where: { id: thumbnailId, status: ThumbnailStatus.success, generation: { userId } },
    select: editableSelect,
  });
}

type OwnThumbnail = NonNullable<Awaited<ReturnType<typeof findOwnThumbnail>>>;

function sourceOf(thumbnail: OwnThumbnail): RecipeSource {
  const { id, ...rest } = thumbnail.generation;
  return { generationId: id, ...rest };
}

/**
 * The thumbnail's current recipe. Thumbnails made before recipes were
 * stored were drawn by the compositor from the plan, which is deterministic:
 * planning the cell again gives the recipe they were drawn from. An AI image
 * whose text the model drew has none (null): its text is pixels.
 */
function currentSpec(thumbnail: OwnThumbnail): Recipe | null {
  if (thumbnail.spec) return parseStoredRecipe(thumbnail.spec);
  if (thumbnail.plateKey || thumbnail.generation.provider !== "local") return null;
  const { generation } = thumbnail;
  const plan = planGeneration(generation);
  const prompt = plan.prompts[thumbnail.promptIndex];
  const background = plan.backgrounds[thumbnail.backgroundIndex];
  if (!prompt || !background) return null;
  return recipeForCell({ prompt, background }, { hasMask: Boolean(generation.portraitMaskKey) });
}

function editedSpec(thumbnail: OwnThumbnail, spec: Recipe, edits: ThumbnailEdits) {
  const undrawable = undrawableTextErrors({ keywords: "", headline: edits.headline });
  if (undrawable?.headline) throw new EditError(undrawable.headline[0], "headline");
  if (edits.treatment === "cutout" && !spec.plate && !thumbnail.generation.portraitMaskKey) {
    throw new EditError("This portrait has no cut-out (no person was found, or the cut-out was off): pick a frame.", "treatment");
  }
  // A cell drawn without its topic image (or one turned off) is given the batch's first one when the creator asks for it.
  return applyEdits(spec, edits, { prop: topicProps(thumbnail.generation.keywords)[0] ?? null, topic: spec.topic?.key ?? firstTopicImage(thumbnail) });
}

/** The batch's first topic image, which a cell drawn without one can be given in the editor. */
function firstTopicImage(thumbnail: OwnThumbnail) {
  return parseTopicImageKeys(thumbnail.generation.topicImageKeys)[0] ?? null;
}

/** Measures the checks of a thumbnail's current pixels. */
async function measure(thumbnail: OwnThumbnail, spec: Recipe | null, jpeg: Buffer): Promise<LegibilityCheck[]> {
  // Only where to look comes from the recipe: the stored JPEG is what is measured.
  return measureStoredThumbnail(sourceOf(thumbnail), spec, jpeg);
}

/** What the editor page shows. Null when not the user's (or not finished). */
export async function getThumbnailEditor(userId: string, thumbnailId: string) {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail) return null;
  const spec = currentSpec(thumbnail);
  const versions: { number: number; createdAt: Date | null; byteSize: number }[] = await prisma.thumbnailVersion.findMany({
    where: { thumbnailId },
    orderBy: { number: "desc" },
    select: { number: true, createdAt: true, byteSize: true },
  });
  return {
    id: thumbnail.id,
    generationId: thumbnail.generation.id,
    keywords: thumbnail.generation.keywords,
    promptIndex: thumbnail.promptIndex,
    backgroundIndex: thumbnail.backgroundIndex,
    version: thumbnail.version,
    spec,
    // A thumbnail never saved has no rows yet: its image as generated is its only version.
    versions: versions.length > 0 ? versions : [{ number: thumbnail.version, createdAt: null, byteSize: thumbnail.byteSize ?? 0 }],
    hasCutout: Boolean(thumbnail.generation.portraitMaskKey),
    propAvailable: Boolean(spec?.prompt.prop) || topicProps(thumbnail.generation.keywords).length > 0,
    // Not on an AI plate: its scene is the model's picture.
    topicAvailable: Boolean(spec && !spec.plate && (spec.topic || firstTopicImage(thumbnail))),
    checks: await checksOf(thumbnail, spec).finally(() => spec && warmRecipe(sourceOf(thumbnail), spec)),
  };
}

/** The edits drawn, not saved: the editor's live preview. Null edits draw the current recipe as it is. */
export async function previewThumbnail(userId: string, thumbnailId: string, edits: ThumbnailEdits | null) {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail) return null;
  const spec = currentSpec(thumbnail);
  if (!spec) throw new EditError("The model drew this thumbnail's text into the image, so it cannot be edited here.");
  return (await renderRecipe(sourceOf(thumbnail), edits ? editedSpec(thumbnail, spec, edits) : spec)).jpeg;
}

/**
 * Saves the edits as a new version and makes it current. Fields left out
 * keep the current recipe's (the editor sends them all; an API call may send
 * only the headline). Posting the same edits again (a double click) adds
 * nothing: the recipe already is that.
 */
export async function saveThumbnailVersion(userId: string, thumbnailId: string, changes: Partial<ThumbnailEdits>) {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail) return null;
  const spec = currentSpec(thumbnail);
  if (!spec) throw new EditError("The model drew this thumbnail's text into the image, so it cannot be edited here.");
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  const edits: ThumbnailEdits = { ...editsFromSpec(spec), ...given };
  const next = editedSpec(thumbnail, spec, edits);
  const json = serializeRecipe(next);
  if (thumbnail.spec === json) return { version: thumbnail.version, created: false };

  const { jpeg, checks: measured, shortenedTo: shown } = await renderRecipe(sourceOf(thumbnail), next, { measure: true });
  // The preview shows a cut headline as it is; a save keeps only what is drawn whole (the Generate form's rule).
  if (shown !== null) {
    throw new EditError(
      `This headline is too long to read on this thumbnail and would be cut to “${shown}”. Use shorter words or fewer of them, or another layout.`,
      "headline",
    );
  }
  const checks = JSON.stringify(measured);
  // The version this save follows: it becomes current only if that is still current.
  let base = thumbnail.version;
  for (let attempt = 0; attempt < 3; attempt++) {
    const latest = await prisma.thumbnailVersion.aggregate({ where: { thumbnailId }, _max: { number: true } });
    // Rows made before versions existed have none: their current image is version 1.
    const number = Math.max(latest._max.number ?? 0, thumbnail.version) + 1;
    const key = versionKey(thumbnail.generation.id, thumbnail.promptIndex, thumbnail.backgroundIndex, number, crypto.randomBytes(4).toString("hex"));
    await storage.put(key, jpeg, { contentType: "image/jpeg" });
    try {
      await prisma.$transaction(async (tx) => {
        if (latest._max.number === null && thumbnail.storagePath) {
          await tx.thumbnailVersion.create({
            data: { thumbnailId, number: thumbnail.version, spec: serializeRecipe(spec), storagePath: thumbnail.storagePath, byteSize: thumbnail.byteSize ?? 0, checks: thumbnail.checks },
            select: { id: true },
          });
        }
        await tx.thumbnailVersion.create({
          data: { thumbnailId, number, spec: json, storagePath: key, byteSize: jpeg.length, checks },
          select: { id: true },
        });
        const { count } = await tx.thumbnail.updateMany({
          where: { id: thumbnailId, version: base },
          data: { spec: json, version: number, storagePath: key, byteSize: jpeg.length, checks },
        });
        if (count === 0) throw new SaveRaced();
        await enqueueThumbnailVersionCreated(tx, { userId, thumbnailId, generationId: thumbnail.generation.id, version: number });
      });
      return { version: number, created: true };
    } catch (error) {
      // Another save (or a revert) got in first: this one's file and rows are undone.
      await storage.delete(key).catch(() => undefined);
      if (!(error instanceof SaveRaced) && (error as { code?: string }).code !== "P2002") throw error;
      const now = await prisma.thumbnail.findUnique({ where: { id: thumbnailId }, select: { spec: true, version: true } });
      if (!now) return null;
      // The same edits posted twice at once (a double click): the first one saved them.
      if (now.spec === json) return { version: now.version, created: false };
      base = now.version;
    }
  }
  throw new EditError("The thumbnail was being saved from somewhere else at the same time. Try again.");
}

/**
 * A thumbnail's current version as the editor's fields (null when the model
 * drew its text, so nothing can be edited), with its JPEG and its checks, for
 * callers that show or change a few of them: the MCP server. One read of the
 * row and one of the file. Null when not the user's (or not finished).
 */
export async function getThumbnailEdits(userId: string, thumbnailId: string) {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail?.storagePath) return null;
  const jpeg = await storage.read(thumbnail.storagePath);
  if (!jpeg) return null;
  const spec = currentSpec(thumbnail);
  return {
    id: thumbnail.id,
    generationId: thumbnail.generation.id,
    keywords: thumbnail.generation.keywords,
    version: thumbnail.version,
    edits: spec ? editsFromSpec(spec) : null,
    jpeg,
    checks: await checksOf(thumbnail, spec, jpeg),
  };
}

/**
 * Makes an earlier version current again. Nothing is deleted: versions after
 * it stay listed. "previous" is the undo: the highest version below the current one.
 */
export async function revertThumbnail(userId: string, thumbnailId: string, number: number | "previous") {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  if (!thumbnail) return null;
  const select = { number: true, spec: true, storagePath: true, byteSize: true, checks: true } as const;
  const version =
    number === "previous"
      ? await prisma.thumbnailVersion.findFirst({
          where: { thumbnailId, number: { lt: thumbnail.version } },
          orderBy: { number: "desc" },
          select,
        })
      : await prisma.thumbnailVersion.findUnique({ where: { thumbnailId_number: { thumbnailId, number } }, select });
  if (!version) {
    throw new EditError(number === "previous" ? "There is no earlier version to go back to." : `There is no version ${number} of this thumbnail.`);
  }
  // Counted: a thumbnail deleted meanwhile is not found (404), not P2025 (500).
  const { count } = await prisma.thumbnail.updateMany({
    where: { id: thumbnailId },
    data: { version: version.number, spec: version.spec, storagePath: version.storagePath, byteSize: version.byteSize, checks: version.checks },
  });
  if (count === 0) return null;
  return { version: version.number };
}

/**
 * The current version's legibility checks, measured once and stored (a
 * batch does not spend its time measuring: they are measured when asked).
 */
export async function thumbnailChecks(userId: string, thumbnailId: string): Promise<LegibilityCheck[] | null> {
  const thumbnail = await findOwnThumbnail(userId, thumbnailId);
  return thumbnail ? checksOf(thumbnail, currentSpec(thumbnail)) : null;
}

/** The checks of a thumbnail already read (the editor has it and its recipe at hand; `current`: its JPEG, if read already). */
async function checksOf(thumbnail: OwnThumbnail, spec: Recipe | null, current?: Buffer): Promise<LegibilityCheck[] | null> {
  if (!thumbnail.storagePath) return null;
  const stored = parseStoredChecks(thumbnail.checks);
  if (stored) return stored;
  const jpeg = current ?? (await storage.read(thumbnail.storagePath));
  if (!jpeg) return null;
  const checks = await measure(thumbnail, spec, jpeg);
  const json = JSON.stringify(checks);
  // Only if the version is still the one measured.
  await prisma.thumbnail.updateMany({ where: { id: thumbnail.id, version: thumbnail.version }, data: { checks: json } });
  await prisma.thumbnailVersion.updateMany({ where: { thumbnailId: thumbnail.id, number: thumbnail.version }, data: { checks: json } });
  return checks;
}
