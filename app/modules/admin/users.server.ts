// Accounts as the admin page sees them: every user, not one owner's rows.
// Only callers behind requireAdmin may use this module.
import { normalizeEmail } from "~/utils/email";
import { prisma } from "~/utils/db.server";

export const USERS_PAGE_SIZE = 25;

const adminUserSelect = {
  id: true,
  email: true,
  credits: true,
  createdAt: true,
  disabledAt: true,
  _count: { select: { generations: true } },
} as const;

type AdminUserRow = {
  id: string;
  email: string;
  credits: number;
  createdAt: Date;
  disabledAt: Date | null;
  _count: { generations: number };
};

function toAdminUser({ _count, ...user }: AdminUserRow) {
  return { ...user, generationCount: _count.generations };
}

/** A page of accounts, newest first, optionally those whose email contains `query`. */
export async function listUsers({ query = "", page = 1 }: { query?: string; page?: number } = {}) {
  // Emails are stored normalized, so a normalized query matches the same way on SQLite and PostgreSQL.
  const search = normalizeEmail(query);
  const where = search ? { email: { contains: search } } : {};
  const [users, total] = await Promise.all([
    prisma.user.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * USERS_PAGE_SIZE,
      take: USERS_PAGE_SIZE,
      select: adminUserSelect,
    }),
    prisma.user.count({ where }),
  ]);
  return {
    users: users.map(toAdminUser),
    query: search,
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / USERS_PAGE_SIZE)),
  };
}

/** One account for its admin page, or null when there is none with this id. */
export async function getUserForAdmin(userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: adminUserSelect });
  return user ? toAdminUser(user) : null;
}
