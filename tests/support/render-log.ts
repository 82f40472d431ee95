// Counts renders across processes: a provider wrapped by recordRenders appends
// one line, "<generationId>:<promptIndex>-<backgroundIndex>", to a file each
// time a cell starts rendering. The restart test reads what each worker did.
import fs from "node:fs";
import type { ThumbnailProvider } from "~/modules/providers/provider";

/** Wraps the provider's batches in place, so whoever holds it records its renders. */
export function recordRenders(provider: ThumbnailProvider, file: string) {
  const startBatch = provider.startBatch.bind(provider);
  (provider as { startBatch: ThumbnailProvider["startBatch"] }).startBatch = async (input) => {
    const batch = await startBatch(input);
    return {
      render(cell, context) {
        fs.appendFileSync(file, `${input.generationId}:${cell.prompt.index}-${cell.background.index}\n`);
        return batch.render(cell, context);
      },
    };
  };
}

/** The cells of one generation rendered according to a log, in order, one entry per render. */
export function readRenderLog(file: string, generationId: string) {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.startsWith(`${generationId}:`))
    .map((line) => line.slice(generationId.length + 1));
}
