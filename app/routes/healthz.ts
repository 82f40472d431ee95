import { prisma } from "~/utils/db.server";

// For Docker's HEALTHCHECK and load balancers: the process answers and the
// database does too.
export async function loader() {
  try {
    await prisma.user.count({ take: 1 });
    return new Response("OK", { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    console.error("healthz: database check failed", error);
    return new Response("Database unavailable", { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
