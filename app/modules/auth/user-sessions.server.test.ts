import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser } from "#tests/utils";
import { cleanUpAuthRows, startAuthCleanupJob } from "./auth-cleanup.server";
import {
  createSession,
  deleteExpiredSessions,
  deleteOtherSessions,
  findActiveSession,
  listSessions,
  SESSION_LIFETIME_MS,
  SESSION_REFRESH_MS,
} from "./user-sessions.server";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

function rowOf(id: string) {
  return prisma.session.findUnique({ where: { id }, select: { expiresAt: true, lastSeenAt: true, deviceLabel: true } });
}

describe("server-side sessions", () => {
  test("a new session has an unguessable id, a device label and expires in 30 days", async () => {
    const user = await createTestUser();
    const now = new Date("2030-01-01T00:00:00Z");
    const { id } = await createSession(user.id, CHROME_LINUX, now);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await rowOf(id)).toEqual({
      deviceLabel: "Chrome on Linux",
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + 30 * DAY),
    });
    expect(SESSION_LIFETIME_MS).toBe(30 * DAY);
  });

  test("an expired session is refused", async () => {
    const user = await createTestUser();
    const start = new Date("2030-01-01T00:00:00Z");
    const { id } = await createSession(user.id, null, start);
    expect(await findActiveSession(id, new Date(start.getTime() + 1))).toEqual({ userId: user.id });
    expect(await findActiveSession(id, new Date(start.getTime() + 30 * DAY))).toBeNull();
    // An expired session is not brought back to life by being presented.
    expect(await rowOf(id)).toMatchObject({ lastSeenAt: start });
  });

  test("use slides the expiry forward, writing at most once per refresh interval", async () => {
    const user = await createTestUser();
    const start = new Date("2030-01-01T00:00:00Z");
    const { id } = await createSession(user.id, null, start);

    // Within the interval nothing is written.
    await findActiveSession(id, new Date(start.getTime() + SESSION_REFRESH_MS - 1));
    expect(await rowOf(id)).toMatchObject({ lastSeenAt: start, expiresAt: new Date(start.getTime() + 30 * DAY) });

    // Used every 20 days, it never expires: each use pushes the end 30 days on.
    let now = start;
    for (let i = 0; i < 3; i++) {
      now = new Date(now.getTime() + 20 * DAY);
      expect(await findActiveSession(id, now)).toEqual({ userId: user.id });
      expect(await rowOf(id)).toMatchObject({ lastSeenAt: now, expiresAt: new Date(now.getTime() + 30 * DAY) });
    }
  });

  test("the sessions of a deleted user go with it", async () => {
    const user = await createTestUser();
    const { id } = await createSession(user.id, null);
    await prisma.user.delete({ where: { id: user.id } });
    expect(await rowOf(id)).toBeNull();
  });

  test("the list marks this device, hides ids and expired sessions, and log out elsewhere keeps this one", async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const start = new Date("2030-01-01T00:00:00Z");
    const here = await createSession(user.id, CHROME_LINUX, start);
    await createSession(user.id, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", new Date(start.getTime() + HOUR));
    await createSession(user.id, null, new Date(start.getTime() - 31 * DAY));
    const stranger = await createSession(other.id, null, start);

    const listed = await listSessions(user.id, here.id, new Date(start.getTime() + 2 * HOUR));
    expect(listed.map((s) => [s.deviceLabel, s.isCurrent])).toEqual([
      ["Firefox on Windows", false],
      ["Chrome on Linux", true],
    ]);
    expect(JSON.stringify(listed)).not.toContain(here.id);

    expect(await deleteOtherSessions(user.id, here.id)).toBe(2);
    expect(await prisma.session.findMany({ where: { userId: user.id }, select: { id: true } })).toEqual([{ id: here.id }]);
    expect(await rowOf(stranger.id)).not.toBeNull();
  });

  test("deleteExpiredSessions removes only sessions past their expiry", async () => {
    const user = await createTestUser();
    const now = new Date("2030-06-01T00:00:00Z");
    const expired = await createSession(user.id, null, new Date(now.getTime() - 30 * DAY));
    const live = await createSession(user.id, null, new Date(now.getTime() - 30 * DAY + 1));
    expect(await deleteExpiredSessions(now)).toBeGreaterThanOrEqual(1);
    expect(await rowOf(expired.id)).toBeNull();
    expect(await rowOf(live.id)).not.toBeNull();
  });

  test("the cleanup job sweeps at start and again every interval until stopped", async () => {
    const user = await createTestUser();
    const longAgo = new Date(Date.now() - 31 * DAY);
    const first = await createSession(user.id, null, longAgo);
    const live = await createSession(user.id, null);

    const sweeps: Array<() => void> = [];
    let swept = 0;
    const nextSweep = () => new Promise<void>((resolve) => sweeps.push(resolve));
    const started = nextSweep();
    const job = startAuthCleanupJob({
      intervalMs: 20,
      onSweep: () => {
        swept += 1;
        sweeps.shift()?.();
      },
    });
    try {
      await started;
      expect(await rowOf(first.id)).toBeNull();

      const second = await createSession(user.id, null, longAgo);
      // The next sweep may have read before this insert; the one after it began later.
      await nextSweep();
      await nextSweep();
      expect(await rowOf(second.id)).toBeNull();
      expect(await rowOf(live.id)).not.toBeNull();
    } finally {
      await job.stop();
    }
    expect(swept).toBeGreaterThanOrEqual(2);
  });

  test("cleanUpAuthRows reports what it removed", async () => {
    const user = await createTestUser();
    const now = new Date("2031-01-01T00:00:00Z");
    await createSession(user.id, null, new Date(now.getTime() - 40 * DAY));
    expect((await cleanUpAuthRows(now)).sessions).toBeGreaterThanOrEqual(1);
    expect((await cleanUpAuthRows(now)).sessions).toBe(0);
  });
});
