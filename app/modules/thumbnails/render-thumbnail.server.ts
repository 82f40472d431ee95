// Draws a stored recipe with the local compositor: the editor's previews and
// saves, and the lettering of AI plates. Drawing happens on the render
// threads, in the generation's compositor session: the one its batch opened
// with the portrait it had already read, or one opened here from the
// generation's snapshot. Editing one word re-draws only what that word changes.
import { LRUCache } from "lru-cache";
import { readPortraitAnalysis } from "~/modules/generations/portrait-snapshot.server";
import { measureImageOnThread } from "~/modules/rendering/analysis-on-thread.server";
import { compositorSession } from "~/modules/rendering/compositor-sessions.server";
import { storage } from "~/modules/storage/storage.server";
import type { Recipe } from "~/modules/design/recipe";

/** What a generation's recipes are drawn with: its immutable portrait snapshot. */
export type RecipeSource = {
  generationId: string;
  portraitKey: string;
  portraitMaskKey: string | null;
  portraitFace: string | null;
};

export const recipeSourceSelect = { id: true, portraitKey: true, portraitMaskKey: true, portraitFace: true } as const;

export class MissingSourceError extends Error {}

function sessionOf(source: RecipeSource) {
  return compositorSession(source.generationId, async () => {
    const bytes = await storage.read(source.portraitKey);
    if (!bytes) throw new MissingSourceError("the portrait this thumbnail was made from is missing from storage");
    const analysis = await readPortraitAnalysis(source.generationId, source);
    return { bytes, hasAlpha: source.portraitKey.endsWith(".png"), ...analysis };
  });
}

// An editing session re-draws on the same plate: its bytes are read once.
const plates = new LRUCache<string, Promise<Buffer>>({ max: 2 });

function plateOf(spec: Recipe, inHand?: Buffer): Promise<Buffer | null> {
  if (!spec.plate) return Promise.resolve(null);
  if (inHand) return Promise.resolve(inHand);
  const { key } = spec.plate;
  let read = plates.get(key);
  if (!read) {
    read = storage.read(key).then((bytes) => {
      if (!bytes) throw new MissingSourceError("the AI image this thumbnail was lettered on is missing from storage");
      return bytes;
    });
    read.catch(() => plates.get(key) === read && plates.delete(key));
    plates.set(key, read);
  }
  return read;
}

// Likewise the topic image an edited recipe shows (a generation has at most three).
const topics = new LRUCache<string, Promise<Buffer>>({ max: 3 });

function topicOf(spec: Recipe): Promise<Buffer | null> {
  if (!spec.topic || spec.plate) return Promise.resolve(null);
  const { key } = spec.topic;
  let read = topics.get(key);
  if (!read) {
    read = storage.read(key).then((bytes) => {
      if (!bytes) throw new MissingSourceError("the topic image this thumbnail shows is missing from storage");
      return bytes;
    });
    read.catch(() => topics.get(key) === read && topics.delete(key));
    topics.set(key, read);
  }
  return read;
}

/**
 * The recipe drawn: the JPEG, the words a headline too long to draw whole
 * was cut to (null when whole) and, with `measure`, its legibility checks
 * measured on the drawn pixels. `plate`: the plate's bytes when the caller
 * has them in hand (the runner, which just stored it).
 */
export async function renderRecipe(source: RecipeSource, spec: Recipe, options: { measure?: boolean; plate?: Buffer } = {}) {
  const [plate, topic] = await Promise.all([plateOf(spec, options.plate), topicOf(spec)]);
  return sessionOf(source).drawRecipe(spec, { plate, topic, measure: options.measure });
}

/** The legibility checks of a stored JPEG: from its recipe when it has one (where to look), from the pixels alone when not. */
export async function measureStoredThumbnail(source: RecipeSource, spec: Recipe | null, jpeg: Buffer) {
  if (!spec) return measureImageOnThread(jpeg);
  const [plate, topic] = await Promise.all([plateOf(spec), topicOf(spec)]);
  return sessionOf(source).measureRecipe(spec, jpeg, plate, topic);
}

/** Prepares, in the background, what the editor of this recipe will likely draw next. */
export function warmRecipe(source: RecipeSource, spec: Recipe) {
  if (!spec.plate) sessionOf(source).warm(spec);
}
