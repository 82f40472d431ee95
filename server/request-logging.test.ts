// The log lines real requests produce, read off stdout as JSON: the request
// id ties the request log to the domain logs written while handling it, and
// nothing secret is in any line.
import { describe, expect, test, vi } from "vitest";
import { logger, scrubSecrets } from "~/utils/logger.server";
import { loggedAppServer } from "#tests/support/logged-app-server";
import { rawRequest } from "#tests/support/raw-http";
import { createTestUser } from "#tests/utils";

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string };

const logged = loggedAppServer();

const output = () => logged.written.join("");
const lines = (): LogLine[] =>
  output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

/** The request's lines, once its request log line (written when the response finished) is there. */
async function linesOf(requestId: string) {
  return vi.waitFor(() => {
    const mine = lines().filter((line) => line.requestId === requestId);
    if (!mine.some((line) => line.msg === "request completed")) throw new Error(`no request log for ${requestId} yet`);
    return mine;
  });
}

const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("request logs", () => {
  test("a log in: the request log and the domain log carry the request id; no password, cookie or Set-Cookie value", async () => {
    const user = await createTestUser({ password: "a very secret passphrase" });
    // An old cookie the browser still sends, and a header a client should never send us.
    const sentCookie = "__session=cookie-value-that-must-not-be-logged";
    const reply = await rawRequest(logged.app.port, {
      path: "/login",
      headers: { ...form, Origin: logged.app.origin, "X-Request-Id": "login-req-1", Cookie: sentCookie, Authorization: "Bearer header-token-1234" },
      body: new URLSearchParams({ email: user.email, password: user.password }).toString(),
    });
    expect(reply.status, reply.body).toBe(302);
    expect(reply.headers["x-request-id"]).toBe("login-req-1");
    const setCookie = ([] as string[]).concat(reply.headers["set-cookie"] ?? []);
    expect(setCookie.length).toBeGreaterThan(0);

    const mine = await linesOf("login-req-1");
    expect(mine).toContainEqual(
      expect.objectContaining({ msg: "request completed", req: expect.objectContaining({ method: "POST", url: "/login" }), res: { statusCode: 302 } }),
    );
    expect(mine).toContainEqual(expect.objectContaining({ msg: "password check passed", userId: user.id }));

    const text = output();
    expect(text).not.toContain(user.password);
    expect(text).not.toContain("cookie-value-that-must-not-be-logged");
    expect(text).not.toContain("header-token-1234");
    for (const cookie of setCookie) expect(text).not.toContain(cookie.split(";")[0].split("=")[1]);
    expect(text.toLowerCase()).not.toContain("set-cookie");
  });

  test("the kie.ai callback token in the URL is redacted", async () => {
    const token = "kiecallbacktoken0123456789abcdef";
    const reply = await rawRequest(logged.app.port, {
      path: `/resources/kie/callback/${token}`,
      headers: { "Content-Type": "application/json", "X-Request-Id": "callback-req-1" },
      body: JSON.stringify({ code: 200, data: { taskId: "unknown-task", state: "success" } }),
    });
    expect(reply.status).toBeLessThan(500);
    const [line] = (await linesOf("callback-req-1")).filter((each) => each.msg === "request completed");
    expect(line.req).toMatchObject({ url: "/resources/kie/callback/[redacted]" });
    expect(output()).not.toContain(token);
  });

  test("without a usable X-Request-Id one is generated, echoed and logged", async () => {
    for (const sent of [undefined, "has spaces in it", "x".repeat(200)]) {
      const reply = await rawRequest(logged.app.port, { method: "GET", path: "/login", headers: sent ? { "X-Request-Id": sent } : {} });
      const id = String(reply.headers["x-request-id"]);
      expect(id, String(sent)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect((await linesOf(id)).length).toBeGreaterThan(0);
    }
  });
});

describe("what the logger censors in any line", () => {
  test("secret fields by name, wherever a domain log puts them", async () => {
    logger.warn(
      { password: "pw-field-1", user: { newPassword: "pw-field-2" }, headers: { cookie: "c=jar-1", authorization: "Basic b64-1" }, apiKey: "key-field-1" },
      "fields",
    );
    const [line] = lines().filter((each) => each.msg === "fields");
    expect(line).toMatchObject({ password: "[redacted]", user: { newPassword: "[redacted]" }, headers: { cookie: "[redacted]", authorization: "[redacted]" }, apiKey: "[redacted]" });
  });

  test("tokens and configured keys in free text (an error message, a URL)", () => {
    const scrubbed = scrubSecrets(
      "fetch https://logged.app.example/resources/kie/callback/tok_123?x=1 failed; Authorization: Bearer abc.def; /x?token=t0k&key=k3y; the key sk-live-9876543210 was refused",
      ["sk-live-9876543210"],
    );
    expect(scrubbed).toBe(
      "fetch https://logged.app.example/resources/kie/callback/[redacted]?x=1 failed; Authorization: Bearer [redacted]; /x?token=[redacted]&key=[redacted]; the key [redacted] was refused",
    );
  });
});
