import { json } from "@remix-run/node";
import { checkReadiness } from "~/modules/ops/readiness.server";

// Readiness: 200 when the database and the image store both answer, 503
// naming the one that does not. Public like /healthz: it says nothing a
// load balancer should not know.
export async function loader() {
  const readiness = await checkReadiness();
  return json(readiness, { status: readiness.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
