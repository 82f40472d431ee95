import { useState } from "react";
import { Panel } from "~/components/panel";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "~/components/ui/tabs";
import { cn } from "~/utils/misc";

export type FeedSize = { id: "home" | "sidebar" | "mobile"; label: string; width: number; height: number };

const SIZES: FeedSize[] = [
  { id: "home", label: "Home feed", width: 360, height: 202 },
  { id: "sidebar", label: "Up next sidebar", width: 168, height: 94 },
  { id: "mobile", label: "Mobile", width: 343, height: 193 },
];

/** The labels of the two tiles when a thumbnail is compared with the video's own. */
export const FEED_COMPARE_LABELS = { current: "Now on YouTube", candidate: "This thumbnail" } as const;

/**
 * How a thumbnail looks in YouTube's feed, at the real sizes (all, or the
 * ones named), in light and dark. With `current` (the picture a video has on
 * YouTube now), each size shows it first and the thumbnail beside it, so the
 * creator judges the candidate against what it would replace.
 */
export function FeedPreview({
  src,
  title,
  channel = "Your channel",
  sizes = SIZES.map((size) => size.id),
  current,
}: {
  src: string;
  title: string;
  channel?: string;
  sizes?: FeedSize["id"][];
  current?: { src: string } | null;
}) {
  const [theme, setTheme] = useState<"dark" | "light">("dark");
  const dark = theme === "dark";
  const shown = SIZES.filter((size) => sizes.includes(size.id));
  return (
    <Panel
      title="In the feed"
      titleId="feed-preview-heading"
      className="p-4 sm:p-6"
      aside={
        <Tabs value={theme} onValueChange={(v) => setTheme(v as "dark" | "light")}>
          <TabsList aria-label="Feed theme">
            <TabsTrigger value="dark">Dark</TabsTrigger>
            <TabsTrigger value="light">Light</TabsTrigger>
          </TabsList>
          <TabsContent value={theme} className="hidden" />
        </Tabs>
      }
    >
      <p className="mt-1 text-sm text-zinc-400">
        Real pixel sizes. Check that the headline reads and the duration badge hides nothing.
        {current ? " Beside each, the thumbnail the video has on YouTube now." : null}
      </p>
      <div
        className={cn(
          "mt-4 flex items-start gap-8 rounded-xl p-3 sm:p-5",
          // Pairs stack, one size a row, so the two tiles of a size stay side by side.
          current ? "flex-col" : "flex-wrap",
          dark ? "bg-[#0f0f0f] text-white" : "bg-white text-[#0f0f0f]",
        )}
      >
        {shown.map((size) =>
          current ? (
            <div key={size.id} role="group" aria-label={size.label} data-testid="feed-compare" className="flex flex-wrap items-start gap-6">
              {[
                { label: FEED_COMPARE_LABELS.current, src: current.src },
                { label: FEED_COMPARE_LABELS.candidate, src },
              ].map((tile) => (
                <div key={tile.label} className="flex max-w-full flex-col gap-2">
                  <span aria-hidden className={cn("text-xs font-semibold uppercase tracking-wide", dark ? "text-[#aaa]" : "text-[#606060]")}>
                    {tile.label}
                  </span>
                  <FeedTile src={tile.src} alt={`${tile.label}, ${size.label}`} title={title} channel={channel} size={size} dark={dark} />
                </div>
              ))}
            </div>
          ) : (
            <FeedTile key={size.id} src={src} alt={`${size.label} preview`} title={title} channel={channel} size={size} dark={dark} />
          ),
        )}
      </div>
    </Panel>
  );
}

/**
 * One video as YouTube's feed lays it out at one size: the title below the
 * thumbnail with the channel avatar (home, mobile), or beside it (sidebar).
 * Real sizes where they fit; where the screen is narrower it shrinks to the
 * width there is, as YouTube's own phone layout does.
 */
export function FeedTile({
  src,
  alt,
  title,
  channel = "Your channel",
  size,
  dark,
}: {
  src: string;
  alt: string;
  title: string;
  channel?: string;
  size: FeedSize;
  dark: boolean;
}) {
  const sidebar = size.id === "sidebar";
  return (
    <figure className={cn("flex max-w-full gap-3", sidebar ? "flex-row" : "flex-col")} style={{ width: sidebar ? 402 : size.width }}>
      <div
        className="relative max-w-full shrink-0 overflow-hidden rounded-xl"
        style={{ width: size.width, aspectRatio: `${size.width} / ${size.height}` }}
      >
        <img src={src} alt={alt} width={size.width} height={size.height} className="h-full w-full object-cover" />
        <span className="absolute bottom-1 right-1 rounded bg-black/80 px-1 text-[11px] font-semibold leading-4 text-white">12:07</span>
      </div>
      <figcaption className="flex min-w-0 gap-3">
        {!sidebar ? <span aria-hidden className="mt-0.5 h-9 w-9 shrink-0 rounded-full bg-gradient-to-br from-brand-400 to-brand-700" /> : null}
        <span className="min-w-0">
          <span className={cn("line-clamp-2 font-semibold leading-5", sidebar ? "text-sm" : "text-base")}>{title}</span>
          <span className={cn("mt-1 block text-xs", dark ? "text-[#aaa]" : "text-[#606060]")}>{channel} · 12K views · 3 hours ago</span>
          <span className="sr-only">{size.label}</span>
        </span>
      </figcaption>
    </figure>
  );
}
