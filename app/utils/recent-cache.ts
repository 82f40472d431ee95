/**
 * A map that keeps the `limit` most recently used entries: the compositor's
 * caches (backgrounds, cut-outs, headline art), which an editing session
 * would otherwise grow with every word typed and every nudge.
 */
export function recentCache<T>(limit: number) {
  const entries = new Map<string, T>();
  return {
    /** The entry for `key`, made with `make` when missing; a promise that rejects is not kept. */
    get(key: string, make: () => T): T {
      const hit = entries.get(key);
      if (hit !== undefined) {
        // Refresh its place: the map's order is the eviction order.
        entries.delete(key);
        entries.set(key, hit);
        return hit;
      }
      const made = make();
      if (made instanceof Promise) made.catch(() => entries.get(key) === made && entries.delete(key));
      entries.set(key, made);
      if (entries.size > limit) entries.delete(entries.keys().next().value!);
      return made;
    },
    get size() {
      return entries.size;
    },
  };
}
