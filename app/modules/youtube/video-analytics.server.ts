// Daily views of one video around a thumbnail change, from the YouTube
// Analytics API (reports.query, scope yt-analytics.readonly). Views are what
// the API gives per video and day; click-through rate (impressions) is not
// in it, which the page says.
import { z } from "zod";
import { googleUrl } from "./google-hosts.server";
import { getGoogleJson } from "./youtube-api.server";
import { withAccessToken } from "./youtube-connection.server";
import { YoutubeError } from "./youtube-errors.server";

/** Days shown before and after the change. */
export const VIEWS_WINDOW_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

const ReportSchema = z.object({
  columnHeaders: z.array(z.object({ name: z.string() }).passthrough()),
  // A video with no views in the range has no rows at all.
  rows: z
    .array(z.array(z.union([z.string(), z.number()])))
    .optional()
    .default([]),
});

export type DailyViews = { day: string; views: number | null };

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Views per day from 7 days before the change to 7 days after (or today, if
 * sooner). A day the API has no row for is null: YouTube's numbers come a
 * day or two late, so the last days are usually still missing.
 */
export async function dailyViewsAround(userId: string, videoId: string, changedAt: Date, now = new Date()): Promise<{ changeDay: string; days: DailyViews[] }> {
  const start = new Date(changedAt.getTime() - VIEWS_WINDOW_DAYS * DAY_MS);
  const end = new Date(Math.min(changedAt.getTime() + VIEWS_WINDOW_DAYS * DAY_MS, now.getTime()));
  const report = await withAccessToken(userId, (accessToken) =>
    getGoogleJson(
      googleUrl("youtubeAnalytics", "/v2/reports"),
      {
        ids: "channel==MINE",
        startDate: isoDay(start),
        endDate: isoDay(end),
        metrics: "views",
        dimensions: "day",
        filters: `video==${videoId}`,
        sort: "day",
      },
      accessToken,
      ReportSchema,
    ),
  );
  const dayColumn = report.columnHeaders.findIndex((c) => c.name === "day");
  const viewsColumn = report.columnHeaders.findIndex((c) => c.name === "views");
  if (dayColumn < 0 || viewsColumn < 0) throw new YoutubeError("unavailable", "the Analytics report has no day or views column");
  const byDay = new Map<string, number>();
  for (const row of report.rows) {
    const views = Number(row[viewsColumn]);
    if (typeof row[dayColumn] === "string" && Number.isFinite(views)) byDay.set(row[dayColumn] as string, views);
  }
  const days: DailyViews[] = [];
  for (let t = Date.parse(isoDay(start)); t <= Date.parse(isoDay(end)); t += DAY_MS) {
    const day = isoDay(new Date(t));
    days.push({ day, views: byDay.get(day) ?? null });
  }
  return { changeDay: isoDay(changedAt), days };
}
