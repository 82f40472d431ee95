// Prometheus metrics (prom-client), served at /metrics when METRICS_TOKEN is
// set. Counters and histograms are per process; generations by status and
// the queue depth are read from the database at scrape time, so any one
// instance reports them for the whole install.
import crypto from "node:crypto";
import { Counter, Gauge, Histogram, collectDefaultMetrics, register, type Metric } from "prom-client";
import { GenerationStatus } from "~/modules/generations/lifecycle";
import { prisma } from "~/utils/db.server";

// Each bundle (server-build/ and build/) and each dev rebuild evaluates this
// module again, while prom-client's registry is one per process: a metric
// registered twice would throw, so an existing one is reused.
function once<T extends Metric>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

if (!register.getSingleMetric("process_cpu_user_seconds_total")) collectDefaultMetrics();

export const generationsByStatus = once(
  "thumbsmith_generations",
  () =>
    new Gauge({
      name: "thumbsmith_generations",
      help: "Generations in the database by status",
      labelNames: ["status"],
      async collect() {
        const groups = await prisma.generation.groupBy({ by: ["status"], _count: { _all: true } });
        // Every status, so a status that empties reads 0 rather than vanishing.
        for (const status of Object.values(GenerationStatus)) this.set({ status }, 0);
        for (const group of groups) this.set({ status: group.status }, group._count._all);
      },
    }),
);

export const queueDepth = once(
  "thumbsmith_generation_queue_depth",
  () =>
    new Gauge({
      name: "thumbsmith_generation_queue_depth",
      help: "Generations waiting for a runner (pending)",
      async collect() {
        this.set(await prisma.generation.count({ where: { status: GenerationStatus.pending } }));
      },
    }),
);

export const thumbnailRenderSeconds = once(
  "thumbsmith_thumbnail_render_seconds",
  () =>
    new Histogram({
      name: "thumbsmith_thumbnail_render_seconds",
      help: "Time to render and store one thumbnail, by provider",
      labelNames: ["provider"],
      // From the local compositor's fraction of a second to kie.ai's minutes.
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    }),
);

export const openEventStreams = once(
  "thumbsmith_sse_streams_open",
  () => new Gauge({ name: "thumbsmith_sse_streams_open", help: "Gallery event streams open on this process" }),
);

export const kieCalls = once(
  "thumbsmith_kie_calls_total",
  () =>
    new Counter({
      name: "thumbsmith_kie_calls_total",
      help: "Calls to kie.ai by endpoint and outcome",
      labelNames: ["endpoint", "outcome"],
    }),
);

export type MetricsAnswer = { status: 200; body: string; contentType: string } | { status: 401 } | { status: 404 };

function sameToken(sent: string, expected: string) {
  // Digests first: timingSafeEqual needs equal lengths, and the length must not leak either.
  const digest = (text: string) => crypto.createHash("sha256").update(text).digest();
  return crypto.timingSafeEqual(digest(sent), digest(expected));
}

/** The metrics for a scrape that sent `authorization`; 404 when no token is configured, 401 for a wrong one. */
export async function scrapeMetrics(authorization: string | null, token: string | undefined): Promise<MetricsAnswer> {
  if (!token) return { status: 404 };
  const sent = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1]?.trim();
  if (!sent || !sameToken(sent, token)) return { status: 401 };
  return { status: 200, body: await register.metrics(), contentType: register.contentType };
}
