// Keyset paging over newest-first lists (createdAt desc, id desc): a page
// starts after the last row the previous page showed, so rows added or
// deleted meanwhile never shift an item onto two pages or off both.

/** Where the previous page ended: its last row's createdAt and id. */
export type Keyset = { createdAt: Date; id: string };

/** The newest-first order every keyset-paged list uses. */
export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** A Prisma where clause for the rows after `after` in NEWEST_FIRST order; everything without one. */
export function olderThan(after: Keyset | null | undefined) {
  if (!after) return {};
  return { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] };
}
