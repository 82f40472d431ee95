// When a portrait's files may be deleted (docs/decisions/004-portrait-storage.md):
// a normalized image or a person mask is shared by reference between the
// portrait and the generations made from it, and is deleted only when the
// last of them lets go. Call these in the transaction that removes or
// replaces a reference, after the change.
import type { Tx } from "~/utils/db.server";

/** Whether a portrait or a generation still uses this normalized image. */
export async function isPortraitImageInUse(tx: Tx, key: string) {
  const [portraits, generations] = await Promise.all([
    tx.portrait.count({ where: { normalizedKey: key } }),
    tx.generation.count({ where: { portraitKey: key } }),
  ]);
  return portraits + generations > 0;
}

/** Whether a portrait or a generation still uses this person mask. */
export async function isPortraitMaskInUse(tx: Tx, key: string) {
  const [portraits, generations] = await Promise.all([
    tx.portrait.count({ where: { maskKey: key } }),
    tx.generation.count({ where: { portraitMaskKey: key } }),
  ]);
  return portraits + generations > 0;
}
