import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { parseEnv } from "~/utils/env.server";
import { startAppServer } from "#tests/support/app-server";
import { rawRequest } from "#tests/support/raw-http";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { CROSS_ORIGIN_MESSAGE } from "./origin-check";

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.close());

const form = { "Content-Type": "application/x-www-form-urlencoded" };

async function signedInWithPortrait() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  const login = await rawRequest(app.port, {
    path: "/login",
    headers: { ...form, Origin: app.origin },
    body: new URLSearchParams({ email: user.email, password: user.password }).toString(),
  });
  expect(login.status, login.body).toBe(302);
  const cookie = ([] as string[]).concat(login.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  return { portrait, cookie };
}

function rename(portraitId: string, cookie: string, headers: Record<string, string>, name = "renamed") {
  return rawRequest(app.port, {
    path: `/portraits/${portraitId}`,
    headers: { ...form, Cookie: cookie, ...headers },
    body: new URLSearchParams({ intent: "rename", name }).toString(),
  });
}

const nameOf = async (id: string) => (await prisma.portrait.findUniqueOrThrow({ where: { id }, select: { name: true } })).name;

describe("state-changing requests must come from the app's own pages", () => {
  test("a rename posted from another site is refused with 403 and the portrait keeps its name", async () => {
    const { portrait, cookie } = await signedInWithPortrait();
    const reply = await rename(portrait.id, cookie, { Origin: "http://evil.example" });
    expect(reply.status).toBe(403);
    expect(reply.headers["content-type"]).toMatch(/^text\/plain/);
    expect(reply.body).toBe(CROSS_ORIGIN_MESSAGE);
    expect(await nameOf(portrait.id)).toBe(portrait.name);
  });

  test("a sibling on the same host (another port, another scheme) is another origin", async () => {
    const { portrait, cookie } = await signedInWithPortrait();
    for (const origin of [`http://127.0.0.1:${app.port + 1}`, `https://127.0.0.1:${app.port}`, `http://localhost:${app.port}`, "null"]) {
      expect((await rename(portrait.id, cookie, { Origin: origin })).status, origin).toBe(403);
    }
    expect(await nameOf(portrait.id)).toBe(portrait.name);
  });

  test("the same origin passes", async () => {
    const { portrait, cookie } = await signedInWithPortrait();
    const reply = await rename(portrait.id, cookie, { Origin: app.origin }, "same origin");
    expect(reply.status, reply.body).toBe(200);
    expect(await nameOf(portrait.id)).toBe("same origin");
  });

  test("without Origin, Sec-Fetch-Site decides: cross-site and same-site are refused, same-origin passes", async () => {
    const { portrait, cookie } = await signedInWithPortrait();
    expect((await rename(portrait.id, cookie, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await rename(portrait.id, cookie, { "Sec-Fetch-Site": "same-site" })).status).toBe(403);
    expect(await nameOf(portrait.id)).toBe(portrait.name);
    expect((await rename(portrait.id, cookie, { "Sec-Fetch-Site": "same-origin" }, "fetch metadata")).status).toBe(200);
    expect(await nameOf(portrait.id)).toBe("fetch metadata");
  });

  test("a request with neither header (curl, a script) passes: no browser page sent it", async () => {
    const { portrait, cookie } = await signedInWithPortrait();
    expect((await rename(portrait.id, cookie, {}, "from curl")).status).toBe(200);
    expect(await nameOf(portrait.id)).toBe("from curl");
  });

  test("pages are read from anywhere: GET is never checked", async () => {
    const reply = await rawRequest(app.port, { method: "GET", path: "/login", headers: { Origin: "http://evil.example" } });
    expect(reply.status).toBe(200);
  });

  test("kie.ai's callback route is not blocked (it has its own authentication)", async () => {
    const reply = await rawRequest(app.port, {
      path: "/resources/kie/callback/unknown-token",
      headers: { "Content-Type": "application/json", Origin: "https://api.kie.ai", "Sec-Fetch-Site": "cross-site" },
      body: JSON.stringify({ code: 200, data: { taskId: "t" } }),
    });
    expect(reply.status).not.toBe(403);
    expect(reply.body).not.toBe(CROSS_ORIGIN_MESSAGE);
  });
});

describe("the app's own origin behind a proxy", () => {
  let proxied: Awaited<ReturnType<typeof startAppServer>> | undefined;
  afterEach(async () => {
    await proxied?.close();
    proxied = undefined;
  });

  const post = (port: number, headers: Record<string, string>) =>
    rawRequest(port, { path: "/login", headers: { ...form, ...headers }, body: "email=a%40b.c&password=x" });

  test("PUBLIC_URL is the app's origin, scheme included, even when TRUST_PROXY is not set", async () => {
    proxied = await startAppServer({ publicUrl: "https://thumbs.example.com/" });
    // A TLS proxy in front: the app itself sees plain HTTP on another host.
    const proxy = { "X-Forwarded-Host": "thumbs.example.com" };
    // The login action runs (and refuses the password): the origin check let it through.
    expect((await post(proxied.port, { ...proxy, Origin: "https://thumbs.example.com" })).status).toBe(400);
    expect((await post(proxied.port, { ...proxy, Origin: "https://other.example.com" })).status).toBe(403);
    expect((await post(proxied.port, { ...proxy, Origin: "http://thumbs.example.com" })).status).toBe(403);
  });

  test("X-Forwarded-Proto and X-Forwarded-Host count only with TRUST_PROXY", async () => {
    const forwarded = { Origin: "https://thumbs.example.com", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "thumbs.example.com" };
    proxied = await startAppServer({ publicUrl: undefined, trustProxy: undefined });
    expect((await post(proxied.port, forwarded)).status).toBe(403);
    await proxied.close();

    proxied = await startAppServer({ publicUrl: undefined, trustProxy: "loopback" });
    expect((await post(proxied.port, forwarded)).status).toBe(400);
    await proxied.close();

    // TRUST_PROXY=1, as the compose file sets it: the one proxy in front counts.
    proxied = await startAppServer({ publicUrl: undefined, trustProxy: parseEnv({ ...process.env, TRUST_PROXY: "1" }).TRUST_PROXY });
    expect((await post(proxied.port, forwarded)).status).toBe(400);
  });
});
