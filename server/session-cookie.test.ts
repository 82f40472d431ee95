// The session cookie is Secure exactly when the browser reached the app over
// HTTPS (directly, or through a proxy TRUST_PROXY trusts) or PUBLIC_URL is
// https; COOKIE_SECURE forces either way. Real requests through Express.
import { afterEach, describe, expect, test } from "vitest";
import { env } from "~/utils/env.server";
import { startAppServer } from "#tests/support/app-server";
import { createTestUser } from "#tests/utils";

const saved = { cookieSecure: env.COOKIE_SECURE, publicUrl: env.PUBLIC_URL };
let app: Awaited<ReturnType<typeof startAppServer>> | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
  env.COOKIE_SECURE = saved.cookieSecure;
  env.PUBLIC_URL = saved.publicUrl;
});

async function start({ trustProxy }: { trustProxy?: string } = {}) {
  app = await startAppServer({ publicUrl: undefined, trustProxy });
  return app;
}

/** Logs a new user in; the session cookie's Set-Cookie value and where the browser goes next. */
async function logIn(headers: Record<string, string> = {}) {
  const user = await createTestUser();
  const response = await fetch(`${app!.origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ email: user.email, password: user.password }),
  });
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__thumbsmith_session="));
  expect(cookie).toBeDefined();
  return { cookie: cookie!, location: response.headers.get("Location")! };
}

const isSecure = (setCookie: string) => /;\s*Secure(;|$)/i.test(setCookie);

describe("the session cookie", () => {
  test("over plain HTTP it is not Secure, so a LAN address works; the check then goes on to Generate", async () => {
    await start();
    const { cookie, location } = await logIn();
    expect(isSecure(cookie)).toBe(false);
    expect(location).toMatch(/^\/session-check\?redirectTo=%2Fgenerate&check=/);

    const kept = await fetch(`${app!.origin}${location}`, { redirect: "manual", headers: { Cookie: cookie.split(";")[0] } });
    expect(kept.headers.get("Location")).toBe("/generate");
    // A browser that dropped it is sent to log in with the marker, which makes the page explain.
    const dropped = await fetch(`${app!.origin}${location}`, { redirect: "manual" });
    expect(dropped.headers.get("Location")).toMatch(/^\/login\?redirectTo=%2Fgenerate&cookie=[\w-]+\.[\w-]+$/);
  });

  test("over HTTPS through a proxy trusted by TRUST_PROXY it is Secure; an untrusted X-Forwarded-Proto changes nothing", async () => {
    await start({ trustProxy: "loopback" });
    expect(isSecure((await logIn({ "X-Forwarded-Proto": "https" })).cookie)).toBe(true);
    expect(isSecure((await logIn({ "X-Forwarded-Proto": "http" })).cookie)).toBe(false);
    await app!.close();

    await start();
    expect(isSecure((await logIn({ "X-Forwarded-Proto": "https" })).cookie)).toBe(false);
  });

  test("an https PUBLIC_URL makes it Secure whatever the request", async () => {
    env.PUBLIC_URL = "https://thumbs.example.com";
    await start();
    expect(isSecure((await logIn()).cookie)).toBe(true);
  });

  test("COOKIE_SECURE forces it: false is never Secure, even over HTTPS; true always is", async () => {
    env.COOKIE_SECURE = "false";
    env.PUBLIC_URL = "https://thumbs.example.com";
    await start({ trustProxy: "loopback" });
    expect(isSecure((await logIn({ "X-Forwarded-Proto": "https" })).cookie)).toBe(false);
    expect(isSecure((await logIn()).cookie)).toBe(false);

    env.COOKIE_SECURE = "true";
    env.PUBLIC_URL = undefined;
    expect(isSecure((await logIn()).cookie)).toBe(true);
  });
});
