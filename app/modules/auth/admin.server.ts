// Who may open /admin: the accounts whose emails are in ADMIN_EMAILS. The
// list lives in the environment, not the database, so the self-hoster who
// runs the server is the one who names administrators.
import { prisma } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { requireUserId } from "./auth.server";
import { normalizeEmail } from "~/utils/email";

export function isAdminEmail(email: string) {
  return env.ADMIN_EMAILS.includes(normalizeEmail(email));
}

/**
 * The signed-in administrator's id. A visitor is sent to log in like
 * anywhere else; anyone else gets 404, not 403, so that the admin pages do
 * not reveal that they exist.
 */
export async function requireAdmin(request: Request) {
  const userId = await requireUserId(request);
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user || !isAdminEmail(user.email)) throw new Response("Not found", { status: 404 });
  return userId;
}
