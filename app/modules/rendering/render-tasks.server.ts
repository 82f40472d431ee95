// What a render thread does (render-thread.server.ts runs these; with
// RENDER_THREADS=0 the pool runs them on the calling thread): every piece of
// drawing and pixel measuring, so the web process's main thread only
// schedules, stores and publishes (docs/decisions/170-render-threads.md).
//
// A task carries everything it needs: the portrait as views of shared memory
// (no copy per task), the cell or recipe as plain data. Each thread keeps the
// compositor batches it opened, by generation, so a batch's cut-outs,
// backgrounds and headline art are prepared once per thread, not per cell.
import fs from "node:fs";
import os from "node:os";
import { LRUCache } from "lru-cache";
import type { Recipe } from "~/modules/design/recipe";
import { analyzePortrait } from "~/modules/portraits/analysis/analyze-portrait.server";
import { detectFaces } from "~/modules/portraits/analysis/face-detector.server";
import type { DetectedFace } from "~/modules/portraits/analysis/types";
import { startLocalBatch, type LocalBatch } from "~/modules/providers/local/compositor.server";
import type { CellRequest } from "~/modules/providers/provider";
import { measureImageLegibility, measureRecipeLegibility } from "~/modules/thumbnails/legibility.server";
import type { LegibilityCheck } from "~/modules/thumbnails/legibility";
import { bufferOf, type SharedBytes } from "./shared-bytes";

/** A generation's portrait as the threads read it. */
export type SharedPortrait = { bytes: SharedBytes; hasAlpha: boolean; mask: SharedBytes | null; face: DetectedFace | null };

/** A batch's topic image as the threads read it: its storage key, and its bytes in shared memory. */
export type SharedTopic = { key: string; bytes: SharedBytes };

/** The compositor batch a task draws with: one per generation, opened by whichever thread needs it first. */
export type SessionRef = { id: string; portrait: SharedPortrait };

export type RenderTask =
  /** `topics`: the batch's topic images, which the batch plan spreads over its cells. */
  | { kind: "cell"; session: SessionRef; cell: CellRequest; topics: SharedTopic[] }
  | { kind: "prepare"; session: SessionRef; cells: CellRequest[]; topics: SharedTopic[] }
  | {
      kind: "recipe";
      session: SessionRef;
      spec: Recipe;
      /** The AI image a plate recipe is lettered on, read by the main thread. */
      plate: SharedBytes | null;
      /** Draw it and measure its legibility checks on the drawn pixels. */
      measure: boolean;
      /** The topic image the recipe names, read by the main thread. */
      topic: SharedBytes | null;
    }
  | { kind: "measure-recipe"; session: SessionRef; spec: Recipe; plate: SharedBytes | null; topic: SharedBytes | null; jpeg: Uint8Array }
  | { kind: "measure-image"; jpeg: Uint8Array }
  | { kind: "warm"; session: SessionRef; spec: Recipe }
  | { kind: "analyze"; image: SharedBytes; faceIndex?: number }
  | { kind: "faces"; image: Uint8Array }
  | { kind: "ping" };

export type RecipeDrawing = {
  jpeg: Buffer;
  checks: LegibilityCheck[] | null;
  /** The words a headline that does not fit was cut to, or null when it is drawn whole. */
  shortenedTo: string | null;
};

export type RenderResults = {
  cell: { image: Buffer; spec: Recipe };
  prepare: null;
  recipe: RecipeDrawing;
  "measure-recipe": LegibilityCheck[];
  "measure-image": LegibilityCheck[];
  warm: null;
  analyze: Awaited<ReturnType<typeof analyzePortrait>>;
  faces: DetectedFace[];
  /** The thread's nice value (null where threads have none of their own). */
  ping: { nice: number | null };
};

export type RenderResult = RenderResults[keyof RenderResults];

/** This thread's id on Linux, where a thread's nice value is its own; null elsewhere. */
export function linuxThreadId(): number | null {
  try {
    return Number(fs.readlinkSync("/proc/thread-self").split("/").pop());
  } catch {
    return null;
  }
}

/** `topics`: kept while the session lives (a generation has at most three, and every cell and edit may draw one). */
type Session = { batch: LocalBatch; plates: Map<string, Buffer>; topics: Map<string, Buffer> };

// A few generations drawn or edited at once; a session idle this long is
// dropped with what it prepared (its layers are most of a thread's memory).
const sessions = new LRUCache<string, Session>({ max: 4, ttl: 10 * 60_000, updateAgeOnGet: true });

function sessionFor({ id, portrait }: SessionRef): Session {
  let session = sessions.get(id);
  if (!session) {
    const plates = new Map<string, Buffer>();
    const topics = new Map<string, Buffer>();
    const batch = startLocalBatch(
      { portrait: { bytes: bufferOf(portrait.bytes), hasAlpha: portrait.hasAlpha, mask: portrait.mask && bufferOf(portrait.mask), face: portrait.face } },
      // The batch asks for a plate only when the recipe it is planning names it: the task that carried it.
      async (key) => {
        const bytes = plates.get(key) ?? topics.get(key);
        if (!bytes) throw new Error(`the image ${key} was not sent with this task`);
        return bytes;
      },
    );
    session = { batch, plates, topics };
    sessions.set(id, session);
  }
  return session;
}

/** The session, with the batch's topic images at hand: the keys its cells are planned with. */
function withTopics(ref: SessionRef, topics: SharedTopic[]) {
  const session = sessionFor(ref);
  for (const { key, bytes } of topics) if (!session.topics.has(key)) session.topics.set(key, bufferOf(bytes));
  return { session, keys: topics.map((t) => t.key) };
}

/** Plans a recipe in its session, with its plate and topic image at hand when it has them. */
async function planned(ref: SessionRef, spec: Recipe, plate: SharedBytes | null, topic: SharedBytes | null) {
  const session = sessionFor(ref);
  if (spec.plate && plate) session.plates.set(spec.plate.key, bufferOf(plate));
  if (spec.topic && topic) session.topics.set(spec.topic.key, bufferOf(topic));
  try {
    return { session, planned: await session.batch.planSpec(spec) };
  } finally {
    if (spec.plate) session.plates.delete(spec.plate.key);
  }
}

function shortenedTo(plan: Awaited<ReturnType<LocalBatch["planSpec"]>>) {
  const cut = [plan.headline, ...plan.headline.parts].find((part) => part.layout.shortened);
  return cut ? cut.layout.lines.map((line) => line.words.map((w) => w.text).join(" ")).join(" ") : null;
}

export async function runRenderTask(task: RenderTask): Promise<RenderResult> {
  switch (task.kind) {
    case "cell": {
      const { session, keys } = withTopics(task.session, task.topics);
      return session.batch.render(task.cell, keys);
    }
    case "prepare": {
      // Answers at once: the planning goes on in this thread while cells arrive.
      const { session, keys } = withTopics(task.session, task.topics);
      session.batch.prepare(task.cells, keys);
      return null;
    }
    case "recipe": {
      const { session, planned: plan } = await planned(task.session, task.spec, task.plate, task.topic);
      const jpeg = await session.batch.draw(plan);
      const checks = task.measure ? await measureRecipeLegibility(jpeg, plan, session.batch) : null;
      return { jpeg, checks, shortenedTo: shortenedTo(plan) } satisfies RecipeDrawing;
    }
    case "measure-recipe": {
      const { session, planned: plan } = await planned(task.session, task.spec, task.plate, task.topic);
      return measureRecipeLegibility(bufferOf(task.jpeg), plan, session.batch);
    }
    case "measure-image":
      return measureImageLegibility(bufferOf(task.jpeg));
    case "warm":
      await sessionFor(task.session).batch.warm(task.spec);
      return null;
    case "analyze":
      return analyzePortrait(bufferOf(task.image), { faceIndex: task.faceIndex });
    case "faces":
      return detectFaces(bufferOf(task.image));
    case "ping": {
      const tid = linuxThreadId();
      return { nice: tid === null ? null : os.getPriority(tid) };
    }
  }
}
