// A tile without an image says what is true: where the cell is while the
// generation runs (as its provider reported); once it is terminal, never
// that it is still working.
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { GenerationStatus, RUNNING_STATUSES, TERMINAL_STATUSES, ThumbnailStage, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { UnfinishedCell } from "./unfinished-cell";

const text = (status: string | null, generationStatus: string, stage: string | null = null) =>
  renderToString(
    <UnfinishedCell status={status} stage={stage} generationStatus={generationStatus} providerLabel="kie.ai" label="Headline 1, background 1" />,
  ).replace(/<[^>]*>/g, "");

describe("an unfinished cell's tile", () => {
  test.each(RUNNING_STATUSES)("while the generation is %s, a cell shows the state its provider reported", (generationStatus) => {
    expect(text(ThumbnailStatus.pending, generationStatus)).toBe("Queued");
    expect(text(ThumbnailStatus.rendering, generationStatus)).toBe("Starting…");
    expect(text(ThumbnailStatus.rendering, generationStatus, ThumbnailStage.sent)).toBe("Sent to kie.ai");
    expect(text(ThumbnailStatus.rendering, generationStatus, ThumbnailStage.generating)).toBe("Generating…");
    expect(text(ThumbnailStatus.rendering, generationStatus, ThumbnailStage.downloading)).toBe("Downloading…");
  });

  test.each(TERMINAL_STATUSES)("once the generation is %s, a cell that never finished shows Not rendered", (generationStatus) => {
    expect(text(ThumbnailStatus.pending, generationStatus)).toBe("Not rendered");
    expect(text(ThumbnailStatus.rendering, generationStatus)).toBe("Not rendered");
    expect(text(ThumbnailStatus.rendering, generationStatus, ThumbnailStage.generating)).toBe("Not rendered");
    // A slot the runner never planned either.
    expect(text(null, generationStatus)).toBe("Not rendered");
    expect(renderToString(<UnfinishedCell status={null} generationStatus={generationStatus} />)).not.toContain("animate-pulse");
  });

  test("a failed cell says so whatever the generation's status", () => {
    for (const generationStatus of Object.values(GenerationStatus)) {
      expect(text(ThumbnailStatus.failed, generationStatus)).toBe("Could not be made");
    expect(text(ThumbnailStatus.failed, generationStatus, ThumbnailStage.downloading)).toBe("Could not be made");
    }
  });

  test("a slot of a running generation is an empty placeholder, hidden from assistive technology", () => {
    const html = renderToString(<UnfinishedCell status={null} generationStatus={GenerationStatus.processing} />);
    expect(html).toContain('aria-hidden="true"');
    expect(html).toContain("animate-pulse");
    expect(html.replace(/<[^>]*>/g, "")).toBe("");
  });
});
