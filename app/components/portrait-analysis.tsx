// What person analysis found in a portrait, on its card: the cut-out or the
// original (with the detected faces to choose from), the cut-out switch, and
// a notice when thumbnails will use a framed photo instead.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorList } from "~/components/forms";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import type { DetectedFace } from "~/modules/portraits/analysis/types";
import type { action as portraitAction } from "~/routes/portraits_.$portraitId";
import { cn } from "~/utils/misc";

export type PortraitAnalysisView = {
  status: "pending" | "done" | "failed";
  faces: DetectedFace[];
  faceIndex: number | null;
  cutoutEnabled: boolean;
  /** Changes with the cut-out preview; null when there is none. */
  cutoutVersion: string | null;
};

export type AnalysedPortrait = {
  id: string;
  name: string;
  width: number;
  height: number;
  hasAlpha: boolean;
  analysis: PortraitAnalysisView;
};

const CHECKERBOARD =
  "bg-[conic-gradient(#27272a_25%,#3f3f46_0_50%,#27272a_0_75%,#3f3f46_0)] bg-[length:20px_20px]";

function errorsOf(data: { result?: { error?: Record<string, string[] | null> | null } } | undefined) {
  return Object.values(data?.result?.error ?? {}).flat();
}

/** A box the size of the image, centred in the square frame, so overlays line up with the pixels. */
function ImageFrame({ portrait, checkerboard, children }: { portrait: AnalysedPortrait; checkerboard: boolean; children: React.ReactNode }) {
  const landscape = portrait.width >= portrait.height;
  return (
    <div className={cn("flex aspect-square items-center justify-center", checkerboard ? CHECKERBOARD : "bg-ink-800")}>
      <div
        className="relative max-h-full max-w-full"
        style={{ aspectRatio: `${portrait.width} / ${portrait.height}`, width: landscape ? "100%" : "auto", height: landscape ? "auto" : "100%" }}
      >
        {children}
      </div>
    </div>
  );
}

/** The face boxes over the original; each is a button that rebuilds the cut-out around that face. */
function FaceBoxes({ portrait, onChosen }: { portrait: AnalysedPortrait; onChosen: () => void }) {
  const fetcher = useFetcher<typeof portraitAction>();
  const busy = fetcher.state !== "idle";
  const pendingIndex = fetcher.formData ? Number(fetcher.formData.get("faceIndex")) : null;
  const chosen = pendingIndex ?? portrait.analysis.faceIndex;
  // Once per accepted choice: show the new cut-out.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || fetcher.data?.result?.status !== "success" || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    onChosen();
  }, [fetcher.state, fetcher.data, onChosen]);

  return (
    <fetcher.Form method="post" action={`/portraits/${portrait.id}`} className="contents">
      <input type="hidden" name="intent" value="set-face" />
      {portrait.analysis.faces.map((face, index) => (
        <button
          key={index}
          type="submit"
          name="faceIndex"
          value={index}
          disabled={busy}
          aria-pressed={chosen === index}
          aria-label={`Use face ${index + 1}`}
          title={chosen === index ? `Face ${index + 1}: the cut-out is built around it` : `Use face ${index + 1}`}
          className={cn(
            "absolute rounded-md border-2 transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-white",
            chosen === index ? "border-brand-400 bg-brand-400/10" : "border-dashed border-white/80 hover:bg-white/10",
            busy && "cursor-wait",
          )}
          style={{
            left: `${(face.box.left / portrait.width) * 100}%`,
            top: `${(face.box.top / portrait.height) * 100}%`,
            width: `${(face.box.width / portrait.width) * 100}%`,
            height: `${(face.box.height / portrait.height) * 100}%`,
          }}
        >
          <span aria-hidden className="absolute -top-5 left-0 rounded bg-ink-900/80 px-1 text-xs font-semibold">
            {index + 1}
          </span>
        </button>
      ))}
      {busy ? (
        <p role="status" className="absolute inset-x-0 bottom-0 bg-ink-900/80 px-2 py-1 text-xs">
          Making the cut-out for face {(pendingIndex ?? 0) + 1}…
        </p>
      ) : null}
      <div className="absolute inset-x-0 bottom-0">
        <ErrorList errors={errorsOf(fetcher.data)} />
      </div>
    </fetcher.Form>
  );
}

/** The cut-out (on a checkerboard) and the original, with a switch between them. */
export function PortraitViews({ portrait }: { portrait: AnalysedPortrait }) {
  const { analysis } = portrait;
  const hasCutout = analysis.cutoutVersion !== null;
  const [view, setView] = useState<"cutout" | "original">(hasCutout && analysis.cutoutEnabled ? "cutout" : "original");
  const showCutout = () => setView("cutout");
  const original = (
    <ImageFrame portrait={portrait} checkerboard={portrait.hasAlpha}>
      <img
        src={`/resources/portraits/${portrait.id}/preview`}
        alt={`Portrait: ${portrait.name}`}
        className="absolute inset-0 h-full w-full"
        loading="lazy"
      />
      {analysis.faces.length > 1 ? <FaceBoxes portrait={portrait} onChosen={showCutout} /> : null}
    </ImageFrame>
  );
  if (!hasCutout) return original;

  return (
    <Tabs value={view} onValueChange={(value) => setView(value as typeof view)}>
      <TabsContent value="cutout" className="mt-0">
        <ImageFrame portrait={portrait} checkerboard>
          <img
            src={`/resources/portraits/${portrait.id}/cutout?v=${analysis.cutoutVersion}`}
            alt={`Cut-out: ${portrait.name}`}
            className="absolute inset-0 h-full w-full"
            loading="lazy"
          />
        </ImageFrame>
      </TabsContent>
      <TabsContent value="original" className="mt-0">
        {original}
      </TabsContent>
      <TabsList aria-label={`Show ${portrait.name} as`} className="mx-3 mt-3 flex">
        <TabsTrigger value="cutout" className="flex-1 px-2 text-xs">
          Cut-out
        </TabsTrigger>
        <TabsTrigger value="original" className="flex-1 px-2 text-xs">
          Original
        </TabsTrigger>
      </TabsList>
    </Tabs>
  );
}

/** Turns the cut-out off for this portrait's thumbnails (a framed photo instead), and back on. */
export function CutoutSwitch({ portrait }: { portrait: AnalysedPortrait }) {
  const fetcher = useFetcher<typeof portraitAction>();
  const pending = fetcher.formData?.get("enabled");
  const enabled = typeof pending === "string" ? pending === "true" : portrait.analysis.cutoutEnabled;
  return (
    <fetcher.Form method="post" action={`/portraits/${portrait.id}`} className="flex items-center justify-between gap-2">
      <input type="hidden" name="intent" value="set-cutout" />
      <input type="hidden" name="enabled" value={String(!enabled)} />
      <span id={`cutout-label-${portrait.id}`} className="text-xs text-zinc-300">
        Cut-out in thumbnails
      </span>
      <button
        type="submit"
        role="switch"
        aria-checked={enabled}
        aria-labelledby={`cutout-label-${portrait.id}`}
        className={cn(
          "relative h-5 w-9 shrink-0 rounded-full transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-400",
          enabled ? "bg-brand-500" : "bg-ink-700 ring-1 ring-white/10",
        )}
      >
        <span
          aria-hidden
          className={cn("absolute top-0.5 left-0.5 h-4 w-4 rounded-full bg-white transition-transform", enabled && "translate-x-4")}
        />
      </button>
    </fetcher.Form>
  );
}

/** Why thumbnails will not use the cut-out, or that analysis is still running. */
export function analysisNotice(portrait: AnalysedPortrait) {
  const { analysis } = portrait;
  if (analysis.status === "pending") return "Analysing…";
  if (analysis.status === "failed") return "Analysis failed: thumbnails will use a framed photo.";
  if (analysis.cutoutVersion === null) return "No person found: thumbnails will use a framed photo.";
  if (analysis.faces.length === 0) return "No face found: thumbnails will use a framed photo.";
  if (!analysis.cutoutEnabled) return "Cut-out off: thumbnails will use a framed photo.";
  return null;
}

export function AnalysisNotice({ portrait }: { portrait: AnalysedPortrait }) {
  const notice = analysisNotice(portrait);
  return (
    <p role="status" className={cn("text-xs", notice ? "text-amber-300" : "sr-only")}>
      {notice ?? ""}
    </p>
  );
}
