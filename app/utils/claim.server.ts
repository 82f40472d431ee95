// Claiming shared work without a lock, for the jobs that several processes
// run against one table (the generation runner on SQLite, portrait
// analysis): read the oldest row that may be claimed, then update it on the
// same condition. The conditional update makes the claim exclusive: of two
// processes racing for one row, one updates it and the other reads again.

/**
 * The oldest claimable row, claimed, or null when there is none. `find`
 * reads a candidate; `take` updates it only if it is still claimable and
 * says whether it did. After `attempts` lost races it returns null and the
 * caller polls again later, rather than spinning against busier claimers.
 */
export async function claimOldest<T>({
  find,
  take,
  attempts = 5,
}: {
  find: (now: Date) => Promise<T | null>;
  take: (candidate: T, now: Date) => Promise<boolean>;
  attempts?: number;
}): Promise<T | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    // One clock reading per try: the read and the update agree on which leases have expired.
    const now = new Date();
    const candidate = await find(now);
    if (!candidate) return null;
    if (await take(candidate, now)) return candidate;
  }
  return null;
}
