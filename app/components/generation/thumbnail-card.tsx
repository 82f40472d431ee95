import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import { CompareIcon, CopyIcon, DownloadIcon, ExpandIcon, EyeIcon, MoreIcon, TrashIcon } from "~/components/icons";
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

type Props = {
  generationId: string;
  thumbnail: ThumbnailSnapshot;
  label: string;
  running: boolean;
  selected: boolean;
  onPreview(): void;
};

/** One finished thumbnail with its actions: download, full size, copy the prompt, preview in the feed, start a Test & Compare set, delete. */
export function ThumbnailCard({ generationId, thumbnail, label, running, selected, onPreview }: Props) {
  const deleter = useFetcher();
  const [copied, setCopied] = useState(false);
  const src = `/resources/thumbnails/${thumbnail.id}`;
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
              <a href={`${src}?download`} download>
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
                <a href={`${src}?download`} download>
                  <DownloadIcon /> Download JPEG
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <a href={src} target="_blank" rel="noreferrer">
                  <ExpandIcon /> Open full size
                </a>
              </DropdownMenuItem>
              <DropdownMenuItem onSelect={copyPrompt}>
                <CopyIcon /> {copied ? "Prompt copied" : "Copy prompt"}
              </DropdownMenuItem>
              <DropdownMenuItem asChild>
                <Link to={`/compare/new?pick=${thumbnail.id}`}>
                  <CompareIcon /> Add to Test & Compare
                </Link>
              </DropdownMenuItem>
              <DropdownMenuSeparator />
              <DropdownMenuItem destructive disabled={running} onSelect={remove}>
                <TrashIcon /> Delete thumbnail
              </DropdownMenuItem>
            </DropdownMenuContent>
          </DropdownMenu>
        </div>
      </div>
    </li>
  );
}
