// Server-side sessions: one row per signed-in browser. Deleting a row ends
// that session at once, wherever its cookie was copied to.
import crypto from "node:crypto";
import { prisma } from "~/utils/db.server";
import { deviceLabel } from "./device-label";

const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
// A session in use slides its expiry forward, but at most this often, so
// that a busy page does not write the row on every request. It is also how
// fresh "last seen" on the Account page is.
export const SESSION_REFRESH_MS = 60 * 60 * 1000;

export async function createSession(userId: string, userAgent: string | null, now = new Date()) {
  return prisma.session.create({
    data: {
      id: crypto.randomBytes(32).toString("base64url"),
      userId,
      deviceLabel: deviceLabel(userAgent),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    },
    select: { id: true },
  });
}

/** The user of a session that exists and has not expired, else null. Slides the expiry when it is due. */
export async function findActiveSession(sessionId: string, now = new Date()) {
  const session = await prisma.session.findUnique({
    where: { id: sessionId },
    select: { userId: true, expiresAt: true, lastSeenAt: true, user: { select: { disabledAt: true } } },
  });
  // Disabling an account deletes its sessions; this also covers a log in that
  // passed its check just before the account was disabled.
  if (!session || session.expiresAt <= now || session.user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_REFRESH_MS) {
    // updateMany: the row may be deleted in between (log out elsewhere), which is not an error here.
    await prisma.session.updateMany({
      where: { id: sessionId },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) },
    });
  }
  return { userId: session.userId };
}

export async function deleteSession(sessionId: string) {
  await prisma.session.deleteMany({ where: { id: sessionId } });
}

/** Ends every session of the user except the one given; returns how many ended. */
export async function deleteOtherSessions(userId: string, keepSessionId: string) {
  const { count } = await prisma.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  return count;
}

/** The user's live sessions for the Account page, newest use first. Ids stay on the server. */
export async function listSessions(userId: string, currentSessionId: string, now = new Date()) {
  const sessions = await prisma.session.findMany({
    where: { userId, expiresAt: { gt: now } },
    select: { id: true, deviceLabel: true, createdAt: true, lastSeenAt: true },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
  });
  return sessions.map(({ id, ...session }) => ({ ...session, isCurrent: id === currentSessionId }));
}

/** Removes sessions past their expiry; returns how many. */
export async function deleteExpiredSessions(now = new Date()) {
  const { count } = await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
