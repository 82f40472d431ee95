// The step line and the clock of a running batch, from its cells' states.
import { describe, expect, test } from "vitest";
import { describeActivity, formatElapsed, formatEstimate } from "./activity";

const cell = (status: string, stage: string | null = null) => ({ status, stage });

describe("the step line", () => {
  test("names the provider and what it is doing with how many images", () => {
    const cells = Array.from({ length: 9 }, () => cell("rendering", "generating"));
    expect(describeActivity(cells, "kie.ai")).toBe("kie.ai is generating 9 images");
    expect(describeActivity([cell("rendering", "generating")], "built-in compositor")).toBe("built-in compositor is generating 1 image");
  });

  test("counts every stage in flight, and the queue behind them", () => {
    const cells = [
      cell("rendering", "sent"),
      cell("rendering", "sent"),
      cell("rendering", "generating"),
      cell("rendering", "downloading"),
      cell("rendering"),
      cell("pending"),
      cell("success", "generating"),
      cell("failed", "sent"),
    ];
    expect(describeActivity(cells, "kie.ai")).toBe(
      "kie.ai is generating 1 image, 2 images sent to kie.ai, waiting to start, downloading 1 image, starting 1 image, 1 queued",
    );
  });

  test("a line that does not start with the provider starts with a capital", () => {
    expect(describeActivity([cell("rendering", "downloading"), cell("pending")], "kie.ai")).toBe("Downloading 1 image, 1 queued");
  });

  test("with nothing in flight it says nothing, so the runner's own step shows", () => {
    expect(describeActivity([cell("pending"), cell("success", "generating")], "kie.ai")).toBeNull();
  });
});

describe("the clock", () => {
  test("elapsed time as minutes and seconds, hours when it comes to that", () => {
    expect(formatElapsed(7_400)).toBe("0:07");
    expect(formatElapsed(125_000)).toBe("2:05");
    expect(formatElapsed(3_729_000)).toBe("1:02:09");
    expect(formatElapsed(-5_000)).toBe("0:00");
  });

  test("an estimate in round words, and nothing without history", () => {
    expect(formatEstimate(null)).toBeNull();
    expect(formatEstimate(2)).toBe("usually about 5 s");
    expect(formatEstimate(42)).toBe("usually about 40 s");
    expect(formatEstimate(130)).toBe("usually about 2 min");
    expect(formatEstimate(5400)).toBe("usually about 1.5 h");
  });
});
