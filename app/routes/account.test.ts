import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle, TEST_PASSWORD } from "#tests/utils";
import { action, loader } from "./account";
import { action as loginAction } from "./login";

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
const CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

async function accountAction(fields: Record<string, string>, cookie: string) {
  return settle(action({ request: formRequest("/account", fields, { cookie }), params: {}, context: {} }));
}

async function opensAccount(cookie: string) {
  const response = await settle(loader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
  return response.status === 200;
}

async function fieldErrorsOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error ?? {};
}

async function logIn(email: string, password: string) {
  return settle(loginAction({ request: formRequest("/login", { email, password }), params: {}, context: {} }));
}

describe("account sessions", () => {
  test("lists the user's sessions with device, dates and which one is this device", async () => {
    const user = await createTestUser();
    const stranger = await createTestUser();
    await sessionCookieFor(user.id, { userAgent: FIREFOX });
    await sessionCookieFor(stranger.id, { userAgent: FIREFOX });
    const cookie = await sessionCookieFor(user.id, { userAgent: CHROME });

    const response = await settle(loader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    const data = (await response.json()) as {
      sessions: { deviceLabel: string; isCurrent: boolean; createdAt: string; lastSeenAt: string; id?: string }[];
    };
    expect(data.sessions.map((s) => ({ device: s.deviceLabel, current: s.isCurrent })).sort((a, b) => a.device.localeCompare(b.device))).toEqual([
      { device: "Chrome on Linux", current: true },
      { device: "Firefox on Windows", current: false },
    ]);
    expect(data.sessions.every((s) => s.id === undefined && !Number.isNaN(Date.parse(s.createdAt)) && !Number.isNaN(Date.parse(s.lastSeenAt)))).toBe(true);
  });

  test("log out everywhere else ends the other sessions and keeps this one", async () => {
    const user = await createTestUser();
    const stranger = await createTestUser();
    const here = await sessionCookieFor(user.id);
    const laptop = await sessionCookieFor(user.id);
    const phone = await sessionCookieFor(user.id);
    const strangers = await sessionCookieFor(stranger.id);

    const response = await accountAction({ intent: "log-out-others" }, here);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    expect(response.headers.get("Set-Cookie")).toContain("th_toast=");

    expect(await opensAccount(here)).toBe(true);
    expect(await opensAccount(laptop)).toBe(false);
    expect(await opensAccount(phone)).toBe(false);
    expect(await opensAccount(strangers)).toBe(true);
  });

  test("a visitor cannot post to the account page", async () => {
    const response = await settle(action({ request: formRequest("/account", { intent: "log-out-others" }), params: {}, context: {} }));
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  test("an unknown intent is refused with a message", async () => {
    const user = await createTestUser();
    const response = await accountAction({ intent: "make-me-admin" }, await sessionCookieFor(user.id));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "Unknown action on the Account page." });
  });
});

describe("change password", () => {
  test("with the current password: sets the new one, ends the other sessions, keeps this one, confirms with a toast", async () => {
    const user = await createTestUser();
    const here = await sessionCookieFor(user.id);
    const elsewhere = await sessionCookieFor(user.id);
    const newPassword = "a brand new passphrase";

    const response = await accountAction({ intent: "change-password", currentPassword: TEST_PASSWORD, newPassword }, here);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/account");
    expect(response.headers.get("Set-Cookie")).toContain("th_toast=");

    expect(await opensAccount(here)).toBe(true);
    expect(await opensAccount(elsewhere)).toBe(false);
    expect((await logIn(user.email, TEST_PASSWORD)).status).toBe(400);
    expect((await logIn(user.email, newPassword)).status).toBe(302);
  });

  test("a wrong current password changes nothing and says so on its field", async () => {
    const user = await createTestUser();
    const here = await sessionCookieFor(user.id);
    const elsewhere = await sessionCookieFor(user.id);
    const response = await accountAction({ intent: "change-password", currentPassword: "not my password", newPassword: "a brand new passphrase" }, here);
    expect((await fieldErrorsOf(response)).currentPassword).toEqual(["That is not your current password."]);
    expect(await opensAccount(elsewhere)).toBe(true);
    expect((await logIn(user.email, TEST_PASSWORD)).status).toBe(302);
  });

  test("the new password is validated like sign up, and both fields are required", async () => {
    const user = await createTestUser();
    const here = await sessionCookieFor(user.id);
    const short = await accountAction({ intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: "short" }, here);
    expect((await fieldErrorsOf(short)).newPassword).toEqual(["Use at least 8 characters for your password."]);

    const same = await accountAction({ intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }, here);
    expect((await fieldErrorsOf(same)).newPassword).toEqual(["Choose a password different from your current one."]);

    const empty = await accountAction({ intent: "change-password", currentPassword: "", newPassword: "" }, here);
    const errors = await fieldErrorsOf(empty);
    expect(errors.currentPassword).toEqual(["Enter your current password."]);
    expect(errors.newPassword).toEqual(["Choose a password."]);
    expect((await logIn(user.email, TEST_PASSWORD)).status).toBe(302);
  });

  test("never echoes a password back", async () => {
    const user = await createTestUser();
    const here = await sessionCookieFor(user.id);
    const response = await accountAction({ intent: "change-password", currentPassword: "secret-current-1", newPassword: "zq9x" }, here);
    const text = await response.text();
    expect(text).not.toContain("secret-current-1");
    expect(text).not.toContain("zq9x");
  });

  test("guesses of the current password count towards the account's lock", async () => {
    const user = await createTestUser();
    const here = await sessionCookieFor(user.id);
    for (let i = 0; i < 5; i++) {
      await accountAction({ intent: "change-password", currentPassword: `guess ${i}`, newPassword: "a brand new passphrase" }, here);
    }
    const locked = await accountAction({ intent: "change-password", currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" }, here);
    expect((await fieldErrorsOf(locked)).currentPassword).toEqual(["Too many failed attempts for this account. Try again in 15 minutes."]);
    const hash = await prisma.password.findUniqueOrThrow({ where: { userId: user.id }, select: { hash: true } });
    const { verifyPassword } = await import("~/modules/auth/password.server");
    expect(await verifyPassword(TEST_PASSWORD, hash.hash)).toBe(true);
  });
});

describe("API tokens on the Account page", () => {
  test("a new token is shown once, listed by name and prefix, and only its hash is stored", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await accountAction({ intent: "create-token", name: "n8n flow", scopes: "read" }, cookie);
    expect(response.status).toBe(200);
    const { created } = (await response.json()) as { created: { name: string; token: string } };
    expect(created.name).toBe("n8n flow");
    expect(created.token).toMatch(/^tsk_[A-Za-z0-9_-]{43}$/);

    const page = (await (await settle(loader({ request: getRequest("/account", { cookie }), params: {}, context: {} }))).json()) as {
      tokens: { name: string; prefix: string; scopes: string[]; lastUsedAt: string | null }[];
    };
    expect(page.tokens).toEqual([expect.objectContaining({ name: "n8n flow", prefix: created.token.slice(0, 8), scopes: ["read"], lastUsedAt: null })]);
    expect(JSON.stringify(page)).not.toContain(created.token);
    const rows = await prisma.apiToken.findMany({ where: { userId: user.id } });
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(8));
  });

  test("a token needs a name and at least one scope, and says so", async () => {
    const cookie = await sessionCookieFor((await createTestUser()).id);
    const errors = await fieldErrorsOf(await accountAction({ intent: "create-token", name: " " }, cookie));
    expect(errors.name?.[0]).toMatch(/Name the token/);
    expect(errors.scopes?.[0]).toMatch(/at least one/);
  });

  test("revoking another user's token changes nothing; revoking one's own stops it", async () => {
    const owner = await createTestUser();
    const stranger = await createTestUser();
    const ownerCookie = await sessionCookieFor(owner.id);
    await accountAction({ intent: "create-token", name: "script", scopes: "read" }, ownerCookie);
    const [token] = await prisma.apiToken.findMany({ where: { userId: owner.id }, select: { id: true } });
    await accountAction({ intent: "revoke-token", tokenId: token.id }, await sessionCookieFor(stranger.id));
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeNull();
    const revoked = await accountAction({ intent: "revoke-token", tokenId: token.id }, ownerCookie);
    expect(revoked.status).toBe(302);
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).toBeInstanceOf(Date);
  });
});
