import { describe, expect, test } from "vitest";
import { createTestUser, formRequest, getRequest, sessionCookieFor, settle } from "#tests/utils";
import { loader as accountLoader } from "./account";
import { action } from "./login";
import { action as logoutAction } from "./logout";

async function login(fields: Record<string, string>) {
  return settle(action({ request: formRequest("/login", fields), params: {}, context: {} }));
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
    expect(response.headers.get("Location")).toBe("/generate");
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
    expect(back.headers.get("Location")).toBe("/account?page=2");
    const offsite = await login({ email: user.email, password: user.password, redirectTo: "//evil.example/x" });
    expect(offsite.headers.get("Location")).toBe("/generate");
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
    const session = await old.getSession();
    session.set("userId", user.id);
    const cookie = (await old.commitSession(session)).split(";")[0];
    const response = await settle(accountLoader({ request: getRequest("/account", { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(200);
  });

  test("log out clears the session cookie", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await settle(logoutAction({ request: formRequest("/logout", {}, { cookie }), params: {}, context: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Set-Cookie")).toMatch(/__thumbsmith_session=;.*Expires=Thu, 01 Jan 1970/);
  });
});
