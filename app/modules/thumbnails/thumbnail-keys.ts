// Where a thumbnail's files live. Every file of a generation sits under its
// own prefix, so deleting an account can sweep a generation's folder. A key
// is never rewritten with other content once a row points at it: each
// version gets its own, and the plate is written once.

function cellPrefix(generationId: string, promptIndex: number, backgroundIndex: number) {
  return `thumbnails/${generationId.toLowerCase()}/${promptIndex}-${backgroundIndex}`;
}

/**
 * A key carries a tag unique to the attempt that writes it: two saves racing
 * for the same number, or a cell rendered again by another runner, must not
 * write, or clean up, each other's file. Untagged keys are what rows stored
 * before tags name (version 1 was `<cell>.jpg`).
 */
export function versionKey(generationId: string, promptIndex: number, backgroundIndex: number, version: number, tag?: string) {
  const prefix = cellPrefix(generationId, promptIndex, backgroundIndex);
  if (tag) return `${prefix}-v${version}-${tag}.jpg`;
  return version === 1 ? `${prefix}.jpg` : `${prefix}-v${version}.jpg`;
}

/** An AI thumbnail's text-free image, tagged like its version 1. */
export function plateKey(generationId: string, promptIndex: number, backgroundIndex: number, tag?: string) {
  return `${cellPrefix(generationId, promptIndex, backgroundIndex)}-plate${tag ? `-${tag}` : ""}.jpg`;
}

/** The select that finds every file a thumbnail owns. */
export const thumbnailFilesSelect = { storagePath: true, plateKey: true, versions: { select: { storagePath: true } } } as const;

export function thumbnailFiles(row: { storagePath: string | null; plateKey: string | null; versions: { storagePath: string }[] }) {
  const keys = new Set<string>();
  for (const key of [row.storagePath, row.plateKey, ...row.versions.map((v) => v.storagePath)]) if (key) keys.add(key);
  return [...keys];
}
