import { prisma } from "~/utils/db.server";
import { checkPasswordThrottled, WRONG_CREDENTIALS_MESSAGE } from "./login-throttle.server";
import { hashPassword } from "./password.server";

export const WRONG_CURRENT_PASSWORD_MESSAGE = "That is not your current password.";

type ChangePasswordResult = { ok: true; endedSessions: number } | { ok: false; message: string };

/**
 * Sets a new password once the current one is proven, and ends the user's
 * other sessions (whoever else held one may be why the password changes).
 * The session making the change stays. The current-password check counts
 * towards the same per-account lock as log in, so a stolen session cannot
 * guess it at leisure.
 */
export async function changePassword(
  { userId, sessionId, currentPassword, newPassword }: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const { email } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  const check = await checkPasswordThrottled(email, currentPassword, now);
  if (!check.ok) {
    return { ok: false, message: check.message === WRONG_CREDENTIALS_MESSAGE ? WRONG_CURRENT_PASSWORD_MESSAGE : check.message };
  }
  const hash = await hashPassword(newPassword);
  const [, ended] = await prisma.$transaction([
    prisma.password.upsert({ where: { userId }, create: { userId, hash }, update: { hash }, select: { userId: true } }),
    prisma.session.deleteMany({ where: { userId, id: { not: sessionId } } }),
  ]);
  return { ok: true, endedSessions: ended.count };
}
