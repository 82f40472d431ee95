import { json } from "@remix-run/node";
import { checkHealth } from "~/modules/ops/readiness.server";

// Liveness, for Docker's HEALTHCHECK: 200 when the database answers a query,
// 503 when it does not; the body names the check and carries the providers'
// `notices` (e.g. kie.ai callbacks refused for a wrong KIE_WEBHOOK_HMAC_KEY)
// for the self-hoster who looks here. /readyz also checks the image store.
export async function loader() {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
