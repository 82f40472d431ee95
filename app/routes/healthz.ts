import { json } from "@remix-run/node";
import { providerNotices } from "~/modules/providers/registry.server";
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";

// For Docker's HEALTHCHECK and load balancers: the process answers and the
// database does too (the status code says which). The body also carries
// `notices`: problems with a provider's setup that slow batches down without
// stopping them (e.g. kie.ai callbacks refused for a wrong
// KIE_WEBHOOK_HMAC_KEY), for the self-hoster who looks here.
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  const notices = providerNotices();
  try {
    await prisma.user.count({ take: 1 });
    return json({ status: "ok", database: "ok", notices }, { headers });
  } catch (error) {
    logger.error({ err: error }, "healthz: the database check failed");
    return json({ status: "unavailable", database: "unavailable", notices }, { status: 503, headers });
  }
}
