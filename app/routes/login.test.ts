import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle, uniqueEmail } from "#tests/utils";
import { loader as accountLoader } from "./account";
import { createLoginMarker } from "~/modules/auth/cookie-security.server";
import { env } from "~/utils/env.server";
import { action, loader } from "./login";
import { action as logoutAction } from "./logout";
import { loader as sessionCheckLoader } from "./session-check";

async function login(fields: Record<string, string>) {
  return settle(action({ request: formRequest("/login", fields), params: {}, context: {} }));
}

/** Where a successful log in leads once /session-check has seen the cookie come back. */
function nextPage(response: Response) {
  const location = new URL(response.headers.get("Location")!, "http://localhost");
  expect(location.pathname).toBe("/session-check");
  return location.searchParams.get("redirectTo");
}

async function formErrorsOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error ?? {};
}

describe("log in", () => {
  test("signs in with the right password and goes to Generate", async () => {
    const user = await createTestUser();
    const response = await login({ email: user.email, password: user.password });
    expect(response.status).toBe(302);
    expect(nextPage(response)).toBe("/generate");
    expect(response.headers.get("Set-Cookie")).toContain("__thumbsmith_session=");
  });

  test("accepts the email in any case and with spaces", async () => {
    const user = await createTestUser();
    const response = await login({ email: ` ${user.email.toUpperCase()} `, password: user.password });
    expect(response.status).toBe(302);
  });

  test("says the email or password is wrong, and sets no cookie", async () => {
    const user = await createTestUser();
    const response = await login({ email: user.email, password: "not the password" });
    expect(response.headers.get("Set-Cookie")).toBeNull();
    expect((await formErrorsOf(response))[""]).toEqual(["Wrong email or password."]);
  });

  test("gives the same answer for an email without an account", async () => {
    const response = await login({ email: "nobody-here@example.com", password: "whatever123" });
    expect((await formErrorsOf(response))[""]).toEqual(["Wrong email or password."]);
  });

  test("asks for both fields on an empty form", async () => {
    const errors = await formErrorsOf(await login({ email: "", password: "" }));
    expect(errors.email).toEqual(["Enter your email address."]);
    expect(errors.password).toEqual(["Enter your password."]);
  });

  test("goes back to the page that asked for login, but never off-site", async () => {
    const user = await createTestUser();
    const back = await login({ email: user.email, password: user.password, redirectTo: "/account?page=2" });
    expect(nextPage(back)).toBe("/account?page=2");
    const offsite = await login({ email: user.email, password: user.password, redirectTo: "//evil.example/x" });
    expect(nextPage(offsite)).toBe("/generate");
  });
});

describe("the redirect after log in stays on this site (issue 21)", () => {
  // What the browser does: /login?redirectTo=... posts the value back, then follows /session-check.
  async function landingAfterLogin(redirectTo: string) {
    const user = await createTestUser();
    const loggedIn = await login({ email: user.email, password: user.password, redirectTo });
    const cookie = loggedIn.headers.get("Set-Cookie")!.split(";")[0];
    const check = new URL(loggedIn.headers.get("Location")!, "http://localhost");
    const response = await settle(sessionCheckLoader({ request: getRequest(`${check.pathname}${check.search}`, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    return response.headers.get("Location")!;
  }

  test("a TAB, LF or CR between the slashes lands on Generate, not on another site", async () => {
    for (const query of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%0D%0A%2Fevil.example", "%2F%5Cevil.example"]) {
      const redirectTo = new URLSearchParams(`redirectTo=${query}`).get("redirectTo")!;
      const location = await landingAfterLogin(redirectTo);
      expect(location, query).toBe("/generate");
      expect(new URL(location, "http://localhost").origin).toBe("http://localhost");
    }
  });

  test("/session-check itself refuses the same values when they come in its own query", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    for (const query of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%2Fevil.example"]) {
      const response = await settle(sessionCheckLoader({ request: getRequest(`/session-check?redirectTo=${query}`, { cookie }), params: {}, context: {} }));
      expect(response.headers.get("Location"), query).toBe("/generate");
    }
  });
});

describe("a log in whose cookie did not come back", () => {
  const problemAt = async (url: string) => {
    const response = await loader({ request: new Request(url), params: {}, context: {} });
    return ((await response.json()) as { cookieProblem: { title: string; reason: string; fix: string } | null }).cookieProblem;
  };

  test("over plain HTTP with COOKIE_SECURE=true, says the cookie is HTTPS-only and what to change", async () => {
    const saved = env.COOKIE_SECURE;
    env.COOKIE_SECURE = "true";
    try {
      const problem = await problemAt(`http://thumbsmith-box.lan:3000/login?cookie=${createLoginMarker()}`);
      expect(problem?.title).toBe("Your browser refused the log in cookie");
      expect(problem?.reason).toContain("marked Secure (HTTPS only) because COOKIE_SECURE=true");
      expect(problem?.reason).toContain("plain HTTP at thumbsmith-box.lan:3000");
      expect(problem?.fix).toContain("COOKIE_SECURE=false");
    } finally {
      env.COOKIE_SECURE = saved;
    }
  });

  test("with an https PUBLIC_URL opened over HTTP, points to PUBLIC_URL", async () => {
    const saved = env.PUBLIC_URL;
    env.PUBLIC_URL = "https://thumbs.example.com";
    try {
      const problem = await problemAt(`http://192.168.1.20:3000/login?cookie=${createLoginMarker()}`);
      expect(problem?.reason).toContain("because PUBLIC_URL is https://thumbs.example.com");
      expect(problem?.fix).toContain("set PUBLIC_URL to http://192.168.1.20:3000");
    } finally {
      env.PUBLIC_URL = saved;
    }
  });

  test("when the cookie was not Secure, says cookies are blocked for this address", async () => {
    const problem = await problemAt(`http://thumbsmith-box.lan:3000/login?cookie=${createLoginMarker()}`);
    expect(problem?.title).toBe("Your browser did not keep the log in cookie");
    expect(problem?.fix).toContain("Allow cookies for thumbsmith-box.lan:3000");
  });

  test("says nothing for a forged, stale or missing marker", async () => {
    const [issuedAt] = createLoginMarker().split(".");
    expect(await problemAt(`http://localhost/login?cookie=${issuedAt}.forgedsignature00000000`)).toBeNull();
    expect(await problemAt(`http://localhost/login?cookie=${createLoginMarker(Date.now() - 10 * 60_000)}`)).toBeNull();
    expect(await problemAt("http://localhost/login")).toBeNull();
  });
});

describe("protected pages and log out", () => {
  test("a protected page redirects a visitor to log in, remembering where they were", async () => {
    const response = await settle(accountLoader({ request: getRequest("/account?page=1"), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%3Fpage%3D1");
  });

  test("a signed-in user sees their balance and ledger", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    const data = (await response.json()) as { statement: { balance: number; entries: { reason: string }[] } };
    expect(data.statement.balance).toBe(10);
    expect(data.statement.entries.map((e) => e.reason)).toEqual(["signup_grant"]);
  });

  test("a cookie signed with an older secret still works (rotation)", async () => {
    const user = await createTestUser();
    const { createCookieSessionStorage } = await import("@remix-run/node");
    const old = createCookieSessionStorage({ cookie: { name: "__thumbsmith_session", secrets: ["test-secret-old"] } });
    const { createSession } = await import("~/modules/auth/user-sessions.server");
    const session = await old.getSession();
    session.set("sessionId", (await createSession(user.id, null)).id);
    const cookie = (await old.commitSession(session)).split(";")[0];
    const response = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(200);
  });

  test("old cookie after log out: a copy of the cookie no longer opens a page", async () => {
    const user = await createTestUser();
    const loggedIn = await login({ email: user.email, password: user.password });
    const cookie = loggedIn.headers.get("Set-Cookie")!.split(";")[0];
    const before = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    expect(before.status).toBe(200);

    await settle(logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));

    const copied = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    expect(copied.status).toBe(302);
    expect(copied.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });

  test("a cookie naming no session, or one signed with an unknown secret, is a visitor", async () => {
    const { createCookieSessionStorage } = await import("@remix-run/node");
    const user = await createTestUser();
    const forged = createCookieSessionStorage({ cookie: { name: "__thumbsmith_session", secrets: ["not-our-secret"] } });
    const { createSession } = await import("~/modules/auth/user-sessions.server");
    const session = await forged.getSession();
    session.set("sessionId", (await createSession(user.id, null)).id);
    const forgedCookie = (await forged.commitSession(session)).split(";")[0];
    const ours = createCookieSessionStorage({ cookie: { name: "__thumbsmith_session", secrets: ["test-secret-one"] } });
    const made = await ours.getSession();
    made.set("sessionId", "no-such-session");
    const unknownCookie = (await ours.commitSession(made)).split(";")[0];
    for (const cookie of [forgedCookie, unknownCookie]) {
      const response = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
      expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
    }
  });

  test("a page opened with the cookie of an ended session renders for a visitor and removes the cookie", async () => {
    const { loader: rootLoader } = await import("~/root");
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    await settle(logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));

    const response = await settle(rootLoader({ request: getRequest("/login", { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { user: unknown }).user).toBeNull();
    expect(response.headers.get("Set-Cookie")).toMatch(/__thumbsmith_session=;.*Expires=Thu, 01 Jan 1970/);

    const live = await sessionCookieFor(user.id);
    const signedIn = await settle(rootLoader({ request: getRequest("/generate", { cookie: live }), params: {}, context: {} }));
    expect(((await signedIn.json()) as { user: { id: string } }).user.id).toBe(user.id);
    expect(signedIn.headers.get("Set-Cookie")).toBeNull();
  });

  test("log out clears the session cookie", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await settle(logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/__thumbsmith_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});

describe("per-account throttling on the log in page", () => {
  const LOCKED = "Too many failed attempts for this account. Try again in 15 minutes.";

  // The per-address limit lives in Express (server/rate-limit.ts); the
  // action itself never sees an address, so these could come from anywhere.
  async function loginFrom(address: string, fields: Record<string, string>) {
    const request = formRequest("/login", fields);
    request.headers.set("X-Forwarded-For", address);
    return settle(action({ request, params: {}, context: {} }));
  }

  test("failures for one email from many addresses lock it, even for the right password, as a form error", async () => {
    const user = await createTestUser();
    const neighbour = await createTestUser();
    for (let i = 0; i < 5; i++) {
      const response = await loginFrom(`203.0.113.${i + 1}`, { email: user.email, password: `guess ${i}` });
      expect((await formErrorsOf(response))[""]).toEqual(["Wrong email or password."]);
    }
    const right = await loginFrom("198.51.100.7", { email: user.email.toUpperCase(), password: user.password });
    expect(right.headers.get("Set-Cookie")).toBeNull();
    expect((await formErrorsOf(right))[""]).toEqual([LOCKED]);

    const other = await loginFrom("203.0.113.1", { email: neighbour.email, password: neighbour.password });
    expect(other.status).toBe(302);
  });

  test("an email without an account is locked with the same words", async () => {
    const email = uniqueEmail("ghost");
    for (let i = 0; i < 5; i++) await loginFrom(`203.0.113.${i + 1}`, { email, password: `guess ${i}` });
    expect((await formErrorsOf(await loginFrom("203.0.113.9", { email, password: "guess 6" })))[""]).toEqual([LOCKED]);
  });

  test("once the lock is over the right password works", async () => {
    const user = await createTestUser();
    for (let i = 0; i < 5; i++) await loginFrom(`203.0.113.${i + 1}`, { email: user.email, password: `guess ${i}` });
    expect((await loginFrom("203.0.113.9", { email: user.email, password: user.password })).status).toBe(400);

    // The lock and its window, as they would be 15 minutes from now.
    const past = new Date(Date.now() - 16 * 60_000);
    await prisma.loginThrottle.update({ where: { email: user.email }, data: { windowStartedAt: past, lockedUntil: past } });
    expect((await loginFrom("203.0.113.9", { email: user.email, password: user.password })).status).toBe(302);
  });
});
