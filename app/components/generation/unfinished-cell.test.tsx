// A tile without an image says what is true: still rendering only while the
// generation runs; once it is terminal, never "Rendering…".
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { GenerationStatus, RUNNING_STATUSES, TERMINAL_STATUSES, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { UnfinishedCell } from "./unfinished-cell";

const text = (status: string | null, generationStatus: string) =>
  renderToString(<UnfinishedCell status={status} generationStatus={generationStatus} label="Headline 1, background 1" />).replace(/<[^>]*>/g, "");

describe("an unfinished cell's tile", () => {
  test.each(RUNNING_STATUSES)("while the generation is %s, a pending or rendering cell shows Rendering…", (generationStatus) => {
    expect(text(ThumbnailStatus.pending, generationStatus)).toBe("Rendering…");
    expect(text(ThumbnailStatus.rendering, generationStatus)).toBe("Rendering…");
  });

  test.each(TERMINAL_STATUSES)("once the generation is %s, a cell that never finished shows Not rendered", (generationStatus) => {
    expect(text(ThumbnailStatus.pending, generationStatus)).toBe("Not rendered");
    expect(text(ThumbnailStatus.rendering, generationStatus)).toBe("Not rendered");
    // A slot the runner never planned either.
    expect(text(null, generationStatus)).toBe("Not rendered");
    expect(renderToString(<UnfinishedCell status={null} generationStatus={generationStatus} />)).not.toContain("animate-pulse");
  });

  test("a failed cell says so whatever the generation's status", () => {
    for (const generationStatus of Object.values(GenerationStatus)) {
      expect(text(ThumbnailStatus.failed, generationStatus)).toBe("Could not be made");
    }
  });

  test("a slot of a running generation is an empty placeholder, hidden from assistive technology", () => {
    const html = renderToString(<UnfinishedCell status={null} generationStatus={GenerationStatus.processing} />);
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain("animate-pulse");
    expect(html.replace(/<[^>]*>/g, "")).toBe("");
  });
});
