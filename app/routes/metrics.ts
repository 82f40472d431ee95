import type { LoaderFunctionArgs } from "@remix-run/node";
import { scrapeMetrics } from "~/modules/ops/metrics.server";
import { env } from "~/utils/env.server";

// Prometheus scrapes with `Authorization: Bearer $METRICS_TOKEN`; no session.
// Without the setting the route does not exist (404).
export async function loader({ request }: LoaderFunctionArgs) {
  const answer = await scrapeMetrics(request.headers.get("Authorization"), env.METRICS_TOKEN);
  if (answer.status === 404) throw new Response("Not found", { status: 404 });
  if (answer.status === 401) {
    throw new Response("Unauthorized", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  return new Response(answer.body, { headers: { "Content-Type": answer.contentType, "Cache-Control": "no-store" } });
}
