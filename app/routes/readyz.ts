import { json } from "@remix-run/node";
import { checkReadiness } from "~/modules/ops/readiness.server";

// Readiness, for a load balancer: 200 when the database answers a query and
// the image store a listing, 503 naming the one that does not. Public like
// /healthz: it says nothing a load balancer should not know.
export async function loader() {
  const readiness = await checkReadiness();
  return json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
