import { describe, expect, test } from "vitest";
import { claimOldest } from "./claim.server";

// A table of jobs in memory, claimed the way the runner and the portrait
// analysis claim rows: the conditional update is a compare-and-set.
function jobs(ids: string[]) {
  const owner = new Map<string, string>();
  return {
    owner,
    find: async () => ids.find((id) => !owner.has(id)) ?? null,
    take: (claimer: string) => async (id: string) => {
      if (owner.has(id)) return false;
      owner.set(id, claimer);
      return true;
    },
  };
}

describe("claimOldest", () => {
  test("claims the oldest free job, and null when none is left", async () => {
    const table = jobs(["a", "b"]);
    expect(await claimOldest({ find: table.find, take: table.take("one") })).toBe("a");
    expect(await claimOldest({ find: table.find, take: table.take("one") })).toBe("b");
    expect(await claimOldest({ find: table.find, take: table.take("one") })).toBeNull();
  });

  test("a race lost to another claimer moves on to the next job; each job goes to one claimer", async () => {
    const table = jobs(["a", "b", "c"]);
    // Every claimer reads before any updates: all but one lose their first race.
    const reads = await Promise.all(["x", "y", "z"].map(async () => table.find()));
    expect(reads).toEqual(["a", "a", "a"]);
    const claimed = await Promise.all(
      ["x", "y", "z"].map((claimer) => {
        let first = true;
        const find = async () => (first ? ((first = false), "a") : table.find());
        return claimOldest({ find, take: table.take(claimer) });
      }),
    );
    expect(claimed.sort()).toEqual(["a", "b", "c"]);
    expect(new Set(table.owner.values()).size).toBe(3);
  });

  test("gives up after `attempts` lost races instead of spinning", async () => {
    let reads = 0;
    const claimed = await claimOldest({ find: async () => (reads++, "always taken"), take: async () => false, attempts: 3 });
    expect(claimed).toBeNull();
    expect(reads).toBe(3);
  });

  test("the read and the update see the same clock", async () => {
    const seen: Date[] = [];
    await claimOldest({ find: async (now) => (seen.push(now), "a"), take: async (_, now) => (seen.push(now), true) });
    expect(seen[0]).toBe(seen[1]);
  });
});
