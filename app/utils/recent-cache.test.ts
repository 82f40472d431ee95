import { describe, expect, test } from "vitest";
import { recentCache } from "./recent-cache";

describe("recentCache", () => {
  test("keeps the most recently used entries and makes each once while kept", () => {
    const cache = recentCache<string>(2);
    let made = 0;
    const make = (v: string) => () => (made++, v);
    cache.get("a", make("A"));
    cache.get("b", make("B"));
    expect(cache.get("a", make("A2"))).toBe("A");
    cache.get("c", make("C"));
    // "b" was the least recently used: it is the one dropped.
    expect(cache.size).toBe(2);
    expect(cache.get("a", make("A3"))).toBe("A");
    expect(cache.get("b", make("B2"))).toBe("B2");
    expect(made).toBe(4);
  });

  test("a rejected promise is not kept", async () => {
    const cache = recentCache<Promise<number>>(4);
    await expect(cache.get("x", () => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await Promise.resolve();
    expect(await cache.get("x", () => Promise.resolve(1))).toBe(1);
  });
});
