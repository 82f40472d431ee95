// Draws a stored recipe with the local compositor: the editor's previews and
// saves, and the lettering of AI plates. A generation's portrait, mask and
// face are read once and kept, with what the compositor prepared from them
// (cut-outs, backgrounds, headline art), for the few generations being edited
// at once: editing one word re-draws only what that word changes.
import { readPortraitAnalysis } from "~/modules/generations/portrait-snapshot.server";
import { startLocalBatch, type LocalBatch } from "~/modules/providers/local/compositor.server";
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

const KEEP = 4;
const IDLE_MS = 10 * 60_000;
const sessions = new Map<string, { batch: Promise<LocalBatch>; usedAt: number }>();

async function readPlate(key: string) {
  const bytes = await storage.read(key);
  if (!bytes) throw new MissingSourceError("the AI image this thumbnail was lettered on is missing from storage");
  return bytes;
}

async function openBatch(source: RecipeSource): Promise<LocalBatch> {
  const bytes = await storage.read(source.portraitKey);
  if (!bytes) throw new MissingSourceError("the portrait this thumbnail was made from is missing from storage");
  const analysis = await readPortraitAnalysis(source.generationId, source);
  return startLocalBatch({ portrait: { bytes, hasAlpha: source.portraitKey.endsWith(".png"), ...analysis } }, readPlate);
}

function batchFor(source: RecipeSource) {
  const now = Date.now();
  for (const [id, session] of sessions) if (now - session.usedAt > IDLE_MS) sessions.delete(id);
  let session = sessions.get(source.generationId);
  if (!session) {
    const batch = openBatch(source);
    // A failed open is not kept: the next request tries again.
    batch.catch(() => sessions.delete(source.generationId));
    session = { batch, usedAt: now };
    sessions.set(source.generationId, session);
    if (sessions.size > KEEP) {
      const oldest = [...sessions.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt)[0];
      sessions.delete(oldest[0]);
    }
  }
  session.usedAt = now;
  return session.batch;
}

/** The recipe planned, not drawn: what the legibility checks need to know where to look. */
export async function planRecipe(source: RecipeSource, spec: Recipe) {
  const batch = await batchFor(source);
  return { planned: await batch.planSpec(spec), batch };
}

/** The recipe drawn: the JPEG, plus the batch and plan the legibility checks measure with. */
export async function renderRecipe(source: RecipeSource, spec: Recipe) {
  const { planned, batch } = await planRecipe(source, spec);
  return { jpeg: await batch.draw(planned), planned, batch };
}

/** Prepares, in the background, what the editor of this recipe will likely draw next (see LocalBatch.warm). */
export function warmRecipe(source: RecipeSource, spec: Recipe) {
  void batchFor(source)
    .then((batch) => batch.warm(spec))
    .catch(() => undefined);
}
