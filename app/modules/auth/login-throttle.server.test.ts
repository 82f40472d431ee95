import bcrypt from "bcryptjs";
import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser, uniqueEmail } from "#tests/utils";
import {
  checkPasswordThrottled,
  deleteStaleLoginThrottles,
  LOGIN_LOCK_MS,
  LOGIN_MAX_ATTEMPTS,
  LOGIN_WINDOW_MS,
} from "./login-throttle.server";
import { getDummyPasswordHash, hashPassword } from "./password.server";

const MINUTE = 60_000;
const WRONG = "Wrong email or password.";
const locked = (minutes: number) =>
  `Too many failed attempts for this account. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;

async function failTimes(email: string, times: number, now: Date) {
  const messages: string[] = [];
  for (let i = 0; i < times; i++) {
    const result = await checkPasswordThrottled(email, `wrong guess ${i}`, now);
    messages.push(result.ok ? "ok" : result.message);
  }
  return messages;
}

describe("per-account login throttling", () => {
  test("5 failures in 15 minutes lock the email, even for the right password; another email is unaffected", async () => {
    const user = await createTestUser();
    const neighbour = await createTestUser();
    const now = new Date("2030-01-01T10:00:00Z");
    expect(LOGIN_MAX_ATTEMPTS).toBe(5);
    expect(LOGIN_WINDOW_MS).toBe(15 * MINUTE);

    expect(await failTimes(user.email, 5, now)).toEqual(Array(5).fill(WRONG));
    expect(await checkPasswordThrottled(user.email, user.password, new Date(now.getTime() + MINUTE))).toEqual({
      ok: false,
      message: locked(14),
    });
    expect(await checkPasswordThrottled(neighbour.email, neighbour.password, now)).toEqual({ ok: true, userId: neighbour.id });
  });

  test("the lock ends after its time, and then the right password works and resets the count", async () => {
    const user = await createTestUser();
    const now = new Date("2030-01-01T10:00:00Z");
    await failTimes(user.email, 5, now);
    const justBefore = new Date(now.getTime() + LOGIN_LOCK_MS - 1);
    expect(await checkPasswordThrottled(user.email, user.password, justBefore)).toEqual({ ok: false, message: locked(1) });

    const after = new Date(now.getTime() + LOGIN_LOCK_MS);
    expect(await checkPasswordThrottled(user.email, user.password, after)).toEqual({ ok: true, userId: user.id });
    expect(await prisma.loginThrottle.findUnique({ where: { email: user.email } })).toBeNull();
    // A fresh count: four more failures do not lock it.
    expect(await failTimes(user.email, 4, after)).toEqual(Array(4).fill(WRONG));
    expect((await checkPasswordThrottled(user.email, user.password, after)).ok).toBe(true);
  });

  test("failures spread wider than the window do not add up", async () => {
    const user = await createTestUser();
    let now = new Date("2030-01-01T10:00:00Z");
    for (let i = 0; i < 3; i++) {
      expect(await failTimes(user.email, 4, now)).toEqual(Array(4).fill(WRONG));
      now = new Date(now.getTime() + LOGIN_WINDOW_MS);
    }
    expect((await checkPasswordThrottled(user.email, user.password, now)).ok).toBe(true);
  });

  test("an email without an account is counted and locked the same way, with the same message", async () => {
    const nobody = uniqueEmail("nobody");
    const now = new Date("2030-01-01T10:00:00Z");
    expect(await failTimes(nobody, 6, now)).toEqual([...Array(5).fill(WRONG), locked(15)]);
  });

  test("parallel guesses from many places get no more than 5 password checks", async () => {
    const user = await createTestUser();
    const now = new Date("2030-01-01T10:00:00Z");
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => checkPasswordThrottled(user.email, `guess ${i}`, now)),
    );
    const checked = results.filter((r) => !r.ok && r.message === WRONG).length;
    expect(checked).toBeLessThanOrEqual(LOGIN_MAX_ATTEMPTS);
    expect(await checkPasswordThrottled(user.email, user.password, now)).toMatchObject({ ok: false });
  });

  test("rows whose window and lock are over are cleaned up; a running lock is kept", async () => {
    const stale = uniqueEmail("stale");
    const lockedEmail = uniqueEmail("locked");
    const now = new Date("2030-01-01T10:00:00Z");
    await failTimes(stale, 2, now);
    // Its window starts now, its lock 10 minutes later: at the window's end the lock still runs.
    await failTimes(lockedEmail, 1, now);
    await failTimes(lockedEmail, 4, new Date(now.getTime() + 10 * MINUTE));
    const later = new Date(now.getTime() + LOGIN_WINDOW_MS);
    expect(await deleteStaleLoginThrottles(later)).toBeGreaterThanOrEqual(1);
    const left = await prisma.loginThrottle.findMany({ where: { email: { in: [stale, lockedEmail] } }, select: { email: true } });
    expect(left).toEqual([{ email: lockedEmail }]);
  });
});

describe("an unknown email costs as much as a known one", () => {
  test("the dummy hash is made at the same bcrypt cost as real password hashes", async () => {
    const real = await hashPassword("any password at all");
    expect(bcrypt.getRounds(await getDummyPasswordHash())).toBe(bcrypt.getRounds(real));
  });

  test("the dummy hash is a well-formed bcrypt hash, so comparing against it does the full work", async () => {
    const dummy = await getDummyPasswordHash();
    expect(dummy).toMatch(/^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/);
    expect(await bcrypt.compare("whatever", dummy)).toBe(false);
  });
});
