import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { StatusBadge } from "~/components/status-badge";
import { panelClass } from "~/components/panel";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { Progress } from "~/components/ui/progress";
import { Tooltip } from "~/components/ui/tooltip";
import { DownloadIcon } from "~/components/icons";
import { isRunning, isThumbnailFinished, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { cn } from "~/utils/misc";
import { describeActivity, formatElapsed, formatEstimate } from "./activity";
import { NotifyWhenDone, useElapsed, useProgressTitle } from "./batch-watch";
import { FeedPreview } from "./feed-preview";
import { ThumbnailCard, thumbnailSrc } from "./thumbnail-card";
import { UnfinishedCell } from "./unfinished-cell";
import { useLiveGeneration, type LiveGeneration } from "./use-live-generation";

export type GenerationViewData = LiveGeneration & {
  promptCount: number;
  backgroundCount: number;
  providerLabel: string;
  /** A problem with the provider's setup, read when the page loaded (e.g. kie.ai callbacks refused). */
  providerNotice?: string | null;
  createdAt: string;
  /** The YouTube video the batch was started from, as its owner's page loaded it; null otherwise. */
  sourceVideo?: { id: string; title: string } | null;
};

/** A generation as the creator watches it: live progress, thumbnails as they arrive, and what to do with them. */
export function GenerationView({ initial }: { initial: GenerationViewData }) {
  const generation = useLiveGeneration(initial);
  const navigation = useNavigation();
  const running = isRunning(generation.status);
  const done = generation.thumbnails.filter((t) => t.status === ThumbnailStatus.success);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const preview = done.find((t) => t.id === previewId) ?? done[0];
  const busy = navigation.state !== "idle" && navigation.formAction === `/gallery/${generation.id}`;
  const slots = Array.from({ length: Math.max(0, generation.thumbnailCount - generation.thumbnails.length) });
  const labelOf = (t: { promptIndex: number; backgroundIndex: number }) =>
    `Headline ${t.promptIndex + 1}, background ${t.backgroundIndex + 1}`;
  // Counted from the cells, so the bar never moves without a finished image;
  // indeterminate (null) while work has started but nothing is finished.
  const finished = generation.thumbnails.filter((t) => isThumbnailFinished(t.status)).length;
  const total = generation.thumbnailCount;
  const progressValue = !running ? 100 : finished > 0 && total > 0 ? (finished / total) * 100 : null;
  const elapsed = useElapsed(initial.createdAt, running);
  const estimate = running ? formatEstimate(generation.estimatedSeconds) : null;
  useProgressTitle(finished, total, running);

  return (
    <div className="flex flex-col gap-8">
      <section aria-label="Progress" className={cn("flex flex-col gap-3", panelClass)}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-center gap-3 text-sm text-zinc-400">
            <StatusBadge status={generation.status} />
            <span>
              {generation.promptCount} headlines × {generation.backgroundCount} backgrounds · {done.length} of{" "}
              {generation.thumbnailCount} ready · {generation.providerLabel}
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            {done.length > 0 ? (
              <Button asChild size="sm">
                <a href={`/resources/generations/${generation.id}/zip`} download>
                  <DownloadIcon /> Download all (ZIP)
                </a>
              </Button>
            ) : null}
            {done.length > 0 ? (
              <form id="zip-selection" method="get" action={`/resources/generations/${generation.id}/zip`}>
                <input type="hidden" name="selection" value="1" />
                <Tooltip content="Tick thumbnails first, then download them together">
                  <Button type="submit" size="sm" variant="secondary">
                    Download selected
                  </Button>
                </Tooltip>
              </form>
            ) : null}
            <Form method="post" action={`/gallery/${generation.id}`}>
              <Tooltip content="A new batch with the same portrait and settings (costs credits)">
                <Button type="submit" name="intent" value="regenerate" size="sm" variant="secondary" disabled={busy}>
                  Regenerate
                </Button>
              </Tooltip>
            </Form>
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="ghost" disabled={running}>
                  Delete
                </Button>
              }
              title="Delete this batch?"
              description="All its thumbnails are deleted too. This cannot be undone."
              action={
                <Form method="post" action={`/gallery/${generation.id}`}>
                  <Button type="submit" name="intent" value="delete" variant="danger">
                    Delete batch
                  </Button>
                </Form>
              }
            />
          </div>
        </div>
        <Progress value={progressValue} aria-label="Generation progress" />
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1">
          <p className="text-sm text-zinc-300">
            {/* Only the step is announced; the ticking clock would be read out every second. */}
            <span data-testid="current-step" aria-live="polite">
              {running
                ? (describeActivity(generation.thumbnails, initial.providerLabel) ?? generation.currentStep ?? "Waiting for a free renderer…")
                : generation.currentStep}
            </span>
            {running && elapsed !== null ? (
              <span className="text-zinc-400">
                {" · "}
                <span data-testid="elapsed" className="tabular-nums">
                  {formatElapsed(elapsed)}
                </span>{" "}
                elapsed
              </span>
            ) : null}
            {estimate ? (
              <span className="text-zinc-400" data-testid="estimate">
                {" · "}
                {estimate}
              </span>
            ) : null}
          </p>
          <NotifyWhenDone running={running} summary={`${done.length} of ${total} thumbnails ready: ${generation.keywords}`} />
        </div>
        {running && initial.providerNotice ? (
          <p role="status" data-testid="provider-notice" className="text-sm text-amber-300">
            {initial.providerNotice}
          </p>
        ) : null}
        {generation.errorMessage ? (
          <p role="status" className="text-sm text-amber-300">
            {generation.errorMessage}
          </p>
        ) : null}
      </section>

      <ul aria-label="Thumbnails" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {generation.thumbnails.map((t) =>
          t.status === ThumbnailStatus.success ? (
            <ThumbnailCard
              key={t.id}
              generationId={generation.id}
              thumbnail={t}
              label={labelOf(t)}
              running={running}
              selected={preview?.id === t.id}
              onPreview={() => setPreviewId(t.id)}
            />
          ) : (
            <UnfinishedCell
              key={t.id}
              status={t.status}
              stage={t.stage}
              generationStatus={generation.status}
              providerLabel={initial.providerLabel}
              label={labelOf(t)}
            />
          ),
        )}
        {slots.map((_, i) => (
          <UnfinishedCell key={`slot-${i}`} status={null} generationStatus={generation.status} />
        ))}
      </ul>

      {preview ? (
        <FeedPreview
          src={thumbnailSrc(preview)}
          // From a video: its real title, and its current thumbnail (through the app: the CSP keeps images on 'self').
          title={initial.sourceVideo?.title || `${generation.keywords} | I did not expect this`}
          current={initial.sourceVideo ? { src: `/resources/youtube/video-picture/${initial.sourceVideo.id}` } : null}
        />
      ) : null}
    </div>
  );
}
