// Where a thumbnail's files live. Every file of a generation sits under its
// own prefix, so deleting an account can sweep a generation's folder. A key
// is never rewritten with other content once a row points at it: each
// version gets its own, and the plate is written once.

function cellPrefix(generationId: string, promptIndex: number, backgroundIndex: number) {
  return `thumbnails/${generationId.toLowerCase()}/${promptIndex}-${backgroundIndex}`;
}

/**
 * Version 1 keeps the name it always had: a resumed render overwrites it, never duplicates.
 * A saved edit's key also carries a tag unique to the save: two saves racing for
 * the same number must not write, or clean up, each other's file.
 */
export function versionKey(generationId: string, promptIndex: number, backgroundIndex: number, version: number, tag?: string) {
  const prefix = cellPrefix(generationId, promptIndex, backgroundIndex);
  if (version === 1) return `${prefix}.jpg`;
  return tag ? `${prefix}-v${version}-${tag}.jpg` : `${prefix}-v${version}.jpg`;
}

/** An AI thumbnail's text-free image. */
export function plateKey(generationId: string, promptIndex: number, backgroundIndex: number) {
  return `${cellPrefix(generationId, promptIndex, backgroundIndex)}-plate.jpg`;
}

/** The select that finds every file a thumbnail owns. */
export const thumbnailFilesSelect = { storagePath: true, plateKey: true, versions: { select: { storagePath: true } } } as const;

export function thumbnailFiles(row: { storagePath: string | null; plateKey: string | null; versions: { storagePath: string }[] }) {
  const keys = new Set<string>();
  for (const key of [row.storagePath, row.plateKey, ...row.versions.map((v) => v.storagePath)]) if (key) keys.add(key);
  return [...keys];
}
