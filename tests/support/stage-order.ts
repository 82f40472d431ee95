import { expect } from "vitest";

/**
 * A cell's events follow the stages in order and end done. Through the
 * in-process bus (SQLite) each stage arrives as published; through
 * PostgreSQL's the row is read on receipt, so one may be overtaken by the next.
 */
export function expectStatesInOrder(seen: string[], order: string[]) {
  if (process.env.TEST_DATABASE !== "postgres") return expect(seen).toEqual(order);
  const ranks = seen.map((state) => order.indexOf(state));
  expect(ranks, seen.join(", ")).not.toContain(-1);
  expect([...ranks].sort((a, b) => a - b), seen.join(", ")).toEqual(ranks);
  expect(seen.at(-1)).toBe(order.at(-1));
}
