import { LRUCache } from "lru-cache";

/**
 * The `limit` most recently used entries, each made on first use: the
 * compositor's caches (backgrounds, cut-outs, headline art), which an
 * editing session would otherwise grow with every word typed and every
 * nudge. lru-cache keeps the order; this adds the get-or-make every caller
 * wants, and drops a promise that rejects so the next use tries again.
 */
export function recentCache<T extends {}>(limit: number) {
  const entries = new LRUCache<string, T>({ max: limit });
  return {
    get(key: string, make: () => T): T {
      const hit = entries.get(key);
      if (hit !== undefined) return hit;
      const made = make();
      if (made instanceof Promise) made.catch(() => entries.peek(key) === made && entries.delete(key));
      entries.set(key, made);
      return made;
    },
    get size() {
      return entries.size;
    },
  };
}
