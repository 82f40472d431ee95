import { describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { countUsers, createTestUser, formRequest, settle, uniqueEmail } from "#tests/utils";
import { action } from "./signup";

async function signup(fields: Record<string, string>) {
  return settle(action({ request: formRequest("/signup", fields), params: {}, context: {} }));
}

async function errorsOf(response: Response) {
  expect(response.status).toBe(400);
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error ?? {};
}

describe("sign up", () => {
  test("creates the account with 10 credits and a ledger row, and signs in", async () => {
    const email = uniqueEmail("new");
    const response = await signup({ email, password: "a good long password" });

    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/session-check\?redirectTo=%2Fgenerate&check=/);
    expect(response.headers.get("Set-Cookie")).toMatch(/__thumbsmith_session=.+HttpOnly.*SameSite=Lax/i);

    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      select: { credits: true, password: { select: { hash: true } }, ledger: { select: { delta: true, balanceAfter: true, reason: true } } },
    });
    expect(user.credits).toBe(10);
    expect(user.ledger).toEqual([{ delta: 10, balanceAfter: 10, reason: "signup_grant" }]);
    expect(user.password?.hash).toMatch(/^\$2[aby]\$/);
    expect(user.password?.hash).not.toContain("a good long password");
  });

  test("stores the email trimmed and lower-cased, so case does not make a second account", async () => {
    const email = uniqueEmail("Mixed");
    await signup({ email: `  ${email.toUpperCase()} `, password: "a good long password" });
    expect(await countUsers(email.toLowerCase())).toBe(1);

    const again = await signup({ email: email.toLowerCase(), password: "another long password" });
    expect((await errorsOf(again)).email).toEqual(["An account with this email already exists. Log in instead?"]);
    expect(await countUsers(email.toLowerCase())).toBe(1);
  });

  test("refuses a taken email with a clear message and creates nothing", async () => {
    const existing = await createTestUser();
    const before = await countUsers();
    const response = await signup({ email: existing.email, password: "a good long password" });
    expect((await errorsOf(response)).email).toEqual(["An account with this email already exists. Log in instead?"]);
    expect(await countUsers()).toBe(before);
  });

  test("refuses a short password with a clear message and creates nothing", async () => {
    const email = uniqueEmail();
    const response = await signup({ email, password: "short" });
    expect((await errorsOf(response)).password).toEqual(["Use at least 8 characters for your password."]);
    expect(await countUsers(email)).toBe(0);
  });

  test("refuses an empty form with a message for each field and creates nothing", async () => {
    const before = await countUsers();
    const response = await signup({ email: "", password: "" });
    const errors = await errorsOf(response);
    expect(errors.email).toEqual(["Enter your email address."]);
    expect(errors.password).toEqual(["Choose a password."]);
    expect(await countUsers()).toBe(before);
  });

  test("refuses a malformed email", async () => {
    const response = await signup({ email: "not-an-email", password: "a good long password" });
    expect((await errorsOf(response)).email).toEqual(["Enter a valid email address, like you@example.com."]);
  });

  test("never echoes the password back", async () => {
    const response = await signup({ email: "nope", password: "secret-password-123" });
    expect(await response.text()).not.toContain("secret-password-123");
  });

  test("two sign-ups for one email at once make one account", async () => {
    const email = uniqueEmail("race");
    const results = await Promise.all([
      signup({ email, password: "a good long password" }),
      signup({ email, password: "a good long password" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([302, 400]);
    expect(await countUsers(email)).toBe(1);
  });
});
