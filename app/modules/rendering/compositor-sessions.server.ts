// One compositor session per generation: its portrait, mask and face in
// shared memory, read once, that every render thread draws the
// generation's cells, previews and plate letterings from. The runner opens
// it with what it already read for the batch; the editor opens it from the
// generation's stored snapshot when no batch has.
import { LRUCache } from "lru-cache";
import type { Recipe } from "~/modules/design/recipe";
import type { BatchPortrait, CellRequest } from "~/modules/providers/provider";
import { runRenderTask } from "./render-pool.server";
import type { SessionRef, SharedTopic } from "./render-tasks.server";
import { bufferOf, shareBytes } from "./shared-bytes";

const sharedPortrait = (portrait: BatchPortrait) => ({
  bytes: shareBytes(portrait.bytes),
  hasAlpha: portrait.hasAlpha,
  mask: portrait.mask && shareBytes(portrait.mask),
  face: portrait.face,
});

// A few generations rendered or edited at once; idle ones let their memory go.
const sessions = new LRUCache<string, Promise<SessionRef>>({ max: 8, ttl: 10 * 60_000, updateAgeOnGet: true });

function sessionApi(ref: Promise<SessionRef>) {
  const plateOf = (plate: Uint8Array | null) => (plate ? shareBytes(plate) : null);
  return {
    /** A cell as the batch plan draws it, with the batch's topic images (shared once: see shareTopics). */
    async renderCell(cell: CellRequest, topics: SharedTopic[] = []) {
      const { image, spec } = await runRenderTask<"cell">({ kind: "cell", session: await ref, cell, topics });
      // Buffers arrive from a thread as plain Uint8Arrays (moved, not copied).
      return { image: bufferOf(image), spec };
    },
    /** Starts preparing a batch's cells on a thread (LocalBatch.prepare); render asks for each cell. */
    prepare(cells: CellRequest[], topics: SharedTopic[] = []) {
      void ref.then((session) => runRenderTask<"prepare">({ kind: "prepare", session, cells, topics })).catch(() => undefined);
    },
    /** A recipe drawn (on its AI plate, or with its topic image, when it names one), with its legibility checks when `measure`. */
    async drawRecipe(spec: Recipe, options: { plate?: Uint8Array | null; topic?: Uint8Array | null; measure?: boolean } = {}) {
      const drawing = await runRenderTask<"recipe">({
        kind: "recipe",
        session: await ref,
        spec,
        plate: plateOf(options.plate ?? null),
        topic: plateOf(options.topic ?? null),
        measure: options.measure ?? false,
      });
      return { ...drawing, jpeg: bufferOf(drawing.jpeg) };
    },
    /** The legibility checks of a stored JPEG drawn from this recipe (the recipe says where to look). */
    async measureRecipe(spec: Recipe, jpeg: Uint8Array, plate: Uint8Array | null = null, topic: Uint8Array | null = null) {
      return runRenderTask<"measure-recipe">({ kind: "measure-recipe", session: await ref, spec, plate: plateOf(plate), topic: plateOf(topic), jpeg });
    },
    /** Draws ahead, on a thread, what an editor of this recipe likely asks for next. Failures only cost a later preview its time. */
    warm(spec: Recipe) {
      void ref.then((session) => runRenderTask<"warm">({ kind: "warm", session, spec })).catch(() => undefined);
    },
  };
}

export type CompositorSession = ReturnType<typeof sessionApi>;

/** A batch's topic images in shared memory, once per batch: every cell's task hands the threads the same copy. */
export const shareTopics = (topics: { key: string; bytes: Uint8Array }[]): SharedTopic[] => topics.map(({ key, bytes }) => ({ key, bytes: shareBytes(bytes) }));

/** The generation's session, made from the batch's portrait (the runner has it in hand). */
export function openCompositorSession(generationId: string, portrait: BatchPortrait): CompositorSession {
  const ref = Promise.resolve({ id: generationId, portrait: sharedPortrait(portrait) });
  sessions.set(generationId, ref);
  return sessionApi(ref);
}

/** The generation's session, opened with `load` (the stored snapshot) when none is. A failed load is not kept. */
export function compositorSession(generationId: string, load: () => Promise<BatchPortrait>): CompositorSession {
  let ref = sessions.get(generationId);
  if (!ref) {
    const loading = load().then((portrait) => ({ id: generationId, portrait: sharedPortrait(portrait) }));
    loading.catch(() => sessions.get(generationId) === loading && sessions.delete(generationId));
    sessions.set(generationId, loading);
    ref = loading;
  }
  return sessionApi(ref);
}
