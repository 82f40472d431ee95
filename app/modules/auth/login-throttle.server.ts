// Per-account login throttling, on top of the per-address limit in
// server/rate-limit.ts: guessing one account's password from many addresses
// gets LOGIN_MAX_ATTEMPTS tries per window, then a lock. Kept in the
// database so every process sees the same count. Emails without an account
// are counted and locked the same way, so a lock reveals nothing.
import { prisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { verifyUserPassword } from "./account.server";

const MINUTE_MS = 60_000;
export const LOGIN_MAX_ATTEMPTS = 5;
export const LOGIN_WINDOW_MS = 15 * MINUTE_MS;
export const LOGIN_LOCK_MS = 15 * MINUTE_MS;

export const WRONG_CREDENTIALS_MESSAGE = "Wrong email or password.";

export function lockedMessage(retryAfterMs: number) {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / MINUTE_MS));
  return `Too many failed attempts for this account. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts an attempt for this email before its password is checked, so that
 * parallel guesses each get their own number and only the first few reach
 * the check.
 */
export async function reserveLoginAttempt(email: string, now = new Date()): Promise<Reservation> {
  // A window that is over, with no lock running, starts again.
  await prisma.loginThrottle.updateMany({
    where: {
      email,
      windowStartedAt: { lte: new Date(now.getTime() - LOGIN_WINDOW_MS) },
      OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
    },
    data: { attempts: 0, windowStartedAt: now, lockedUntil: null },
  });
  // Not an upsert: Prisma makes that one INSERT ... ON CONFLICT only under
  // conditions it does not promise for every provider and engine. An
  // UPDATE ... SET attempts = attempts + 1 is atomic everywhere, and reading
  // afterwards sees at least our own increment, so a racing attempt can only
  // look later than it is, never earlier.
  if (!(await incrementAttempts(email))) {
    await prisma.loginThrottle
      .create({ data: { email, attempts: 0, windowStartedAt: now }, select: { email: true } })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code !== "P2002") throw error;
      });
    await incrementAttempts(email);
  }
  const row = await prisma.loginThrottle.findUnique({ where: { email }, select: { attempts: true, lockedUntil: true } });
  // Gone already: a parallel log in succeeded and reset the count.
  if (!row) return { allowed: true };
  if (row.lockedUntil && row.lockedUntil > now) {
    return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime() };
  }
  // Past the limit but not locked yet: a parallel attempt is about to lock it.
  if (row.attempts > LOGIN_MAX_ATTEMPTS) return { allowed: false, retryAfterMs: LOGIN_LOCK_MS };
  return { allowed: true };
}

async function incrementAttempts(email: string) {
  const { count } = await prisma.loginThrottle.updateMany({ where: { email }, data: { attempts: { increment: 1 } } });
  return count > 0;
}

/** After a wrong password: the attempt that reaches the limit locks the email. */
export async function recordLoginFailure(email: string, now = new Date()) {
  await prisma.loginThrottle.updateMany({
    where: { email, attempts: { gte: LOGIN_MAX_ATTEMPTS }, lockedUntil: null },
    data: { lockedUntil: new Date(now.getTime() + LOGIN_LOCK_MS) },
  });
}

export async function clearLoginAttempts(email: string) {
  await prisma.loginThrottle.deleteMany({ where: { email } });
}

/** Rows whose window and lock are both over; they would restart from zero anyway. */
export async function deleteStaleLoginThrottles(now = new Date()) {
  const { count } = await prisma.loginThrottle.deleteMany({
    where: {
      windowStartedAt: { lte: new Date(now.getTime() - LOGIN_WINDOW_MS) },
      OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }],
    },
  });
  return count;
}

export type PasswordCheck = { ok: true; userId: string } | { ok: false; message: string };

/**
 * The password check behind log in (and behind "current password" on the
 * Account page): throttled per email, and the same answer for an unknown
 * email as for a wrong password. A success resets the count.
 */
export async function checkPasswordThrottled(email: string, password: string, now = new Date()): Promise<PasswordCheck> {
  const reservation = await reserveLoginAttempt(email, now);
  // Who tried is left out: an email is personal, and a guessed one may be anyone's.
  if (!reservation.allowed) {
    logger.warn("password check refused: too many failed attempts for this email");
    return { ok: false, message: lockedMessage(reservation.retryAfterMs) };
  }
  const user = await verifyUserPassword(email, password);
  if (!user) {
    await recordLoginFailure(email, now);
    logger.info("password check failed: wrong email or password");
    return { ok: false, message: WRONG_CREDENTIALS_MESSAGE };
  }
  await clearLoginAttempts(email);
  logger.info({ userId: user.id }, "password check passed");
  return { ok: true, userId: user.id };
}
