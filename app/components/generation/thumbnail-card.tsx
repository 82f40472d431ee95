import { Link, useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useState } from "react";
import { ChecklistIcon, CompareIcon, CopyIcon, DownloadIcon, ExpandIcon, EyeIcon, MoreIcon, PencilIcon, TrashIcon, YoutubeIcon } from "~/components/icons";
import { LegibilityChecks } from "~/components/thumbnails/legibility-checks";
import { Button } from "~/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "~/components/ui/dropdown-menu";
import { Tooltip } from "~/components/ui/tooltip";
import type { ThumbnailSnapshot } from "~/modules/generations/lifecycle";
import type { LegibilityCheck } from "~/modules/thumbnails/legibility";
import type { RootLoaderData } from "~/root";

type Props = {
  generationId: string;
  thumbnail: ThumbnailSnapshot;
  label: string;
  running: boolean;
  selected: boolean;
  onPreview(): void;
};

/** The image URL of a thumbnail's current version: the image route is cached as immutable, so an edit needs a new URL. */
export function thumbnailSrc(thumbnail: Pick<ThumbnailSnapshot, "id" | "version">) {
  return `/resources/thumbnails/${thumbnail.id}?v=${thumbnail.version}`;
}

/** One finished thumbnail with its actions: edit, download, full size, checks, copy the prompt, preview in the feed, start a Test & Compare set, delete. */
export function ThumbnailCard({ generationId, thumbnail, label, running, selected, onPreview }: Props) {
  const deleter = useFetcher();
  const checks = useFetcher<{ checks: LegibilityCheck[] }>();
  // Offered only with a channel connected (the root loader knows).
  const hasYoutubeChannel = useRouteLoaderData<RootLoaderData>("root")?.user?.hasYoutubeChannel ?? false;
  const [copied, setCopied] = useState(false);
  const [showChecks, setShowChecks] = useState(false);
  const src = thumbnailSrc(thumbnail);
  const download = `/resources/thumbnails/${thumbnail.id}?download&v=${thumbnail.version}`;
  const openChecks = () => {
    setShowChecks(true);
    checks.load(`/resources/thumbnails/${thumbnail.id}/checks?v=${thumbnail.version}`);
  };
  const copyPrompt = async () => {
    await navigator.clipboard.writeText(thumbnail.prompt);
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const remove = () =>
    deleter.submit({ intent: "delete-thumbnail", thumbnailId: thumbnail.id }, { method: "post", action: `/gallery/${generationId}` });
  if (deleter.state !== "idle") return null;

  return (
    <li className="group overflow-hidden rounded-xl bg-ink-900 ring-1 ring-white/5" aria-label={label}>
      <img src={src} alt={`${label}: ${thumbnail.prompt}`} className="aspect-video w-full object-cover" loading="lazy" />
      {thumbnail.note ? (
        <p className="border-b border-white/5 px-3 py-1.5 text-xs text-amber-200" data-testid="thumbnail-note">
          {thumbnail.note}
        </p>
      ) : null}
      <div className="flex items-center justify-between gap-2 p-2">
        <label className="flex min-w-0 items-center gap-2 pl-1 text-xs text-zinc-400">
          <input
            type="checkbox"
            name="thumbnail"
            value={thumbnail.id}
            form="zip-selection"
            aria-label={`Select ${label}`}
            className="accent-brand-500"
          />
          <span className="truncate">{label}</span>
        </label>
        <div className="flex items-center gap-1">
          <Tooltip content="Download JPEG">
            <Button asChild variant="ghost" size="icon" aria-label={`Download ${label}`}>
              <a href={download} download>
                <DownloadIcon />
              </a>
            </Button>
          </Tooltip>
          <Tooltip content={selected ? "Shown in the feed preview" : "Preview in the YouTube feed"}>
            <Button variant="ghost" size="icon" aria-label={`Preview ${label} in the feed`} aria-pressed={selected} onClick={onPreview}>
              <EyeIcon className={selected ? "text-brand-400" : undefined} />
            </Button>
          </Tooltip>
          <DropdownMenu>
            <Tooltip content="More actions">
              <DropdownMenuTrigger asChild>
                <Button variant="ghost" size="icon" aria-label={`More actions for ${label}`}>
                  <MoreIcon />
                </Button>
              </DropdownMenuTrigger>
            </Tooltip>
            <DropdownMenuContent>
              <DropdownMenuItem asChild>
                <Link to={`/thumbnails/${thumbnail.id}/edit`}>
                  <PencilIcon /> Edit
                </Link>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={download} download>
                  <DownloadIcon /> Download JPEG
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={src} target="_blank" rel="noreferrer">
                  <ExpandIcon /> Open full size
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={openChecks}>
                <ChecklistIcon /> Checks
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={copyPrompt}>
                <CopyIcon /> {copied ? "Prompt copied" : "Copy prompt"}
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <Link to={`/compare/new?pick=${thumbnail.id}`}>
                  <CompareIcon /> Add to Test & Compare
                </Link>
              </DropdownMenuItem>
              {hasYoutubeChannel ? (
                <DropdownMenuItem asChild>
                  <Link to={`/thumbnails/${thumbnail.id}/set-on-youtube`}>
                    <YoutubeIcon /> Set on a YouTube video…
                  </Link>
                </DropdownMenuItem>
              ) : null}
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive disabled={running} onSelect={remove}>
                <TrashIcon /> Delete thumbnail
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
      {showChecks ? (
        <section aria-label={`Checks of ${label}`} className="border-t border-white/5 p-3">
          <div className="mb-2 flex items-center justify-between">
            <h3 className="text-sm font-semibold">Legibility checks</h3>
            <Button variant="ghost" size="sm" onClick={() => setShowChecks(false)}>
              Close
            </Button>
          </div>
          {checks.data ? (
            <LegibilityChecks checks={checks.data.checks} />
          ) : (
            <p role="status" className="text-sm text-zinc-400">
              {checks.state === "idle" ? "The checks could not be loaded." : "Measuring…"}
            </p>
          )}
        </section>
      ) : null}
    </li>
  );
}
