import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterEach, describe, expect, test } from "vitest";
import { createRateLimiters } from "./rate-limit";

let close: (() => void) | undefined;
afterEach(() => close?.());

async function serve(multiplier = 1) {
  const app = express();
  app.use(createRateLimiters({ multiplier }));
  app.all("*", (_req, res) => res.send("ok"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  close = () => server.close();
  return (server.address() as AddressInfo).port;
}

type Reply = { status: number; body: string; headers: http.IncomingHttpHeaders };

/** One request from a given loopback address (every 127.x.y.z is this machine on Linux). */
function send(port: number, path: string, { method = "POST", from = "127.0.0.1", token = "" } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const headers = token ? { Authorization: `Bearer ${token}` } : {};
    const req = http.request({ host: "127.0.0.1", port, path, method, localAddress: from, agent: false, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function sendMany(port: number, count: number, path: string, options?: { method?: string; from?: string; token?: string }) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) statuses.push((await send(port, path, options)).status);
  return statuses;
}

describe("rate limits", () => {
  test("10 auth posts a minute pass; the 11th gets a 429 with a message a person understands and when to retry", async () => {
    const port = await serve();
    expect(await sendMany(port, 10, "/login")).toEqual(Array(10).fill(200));
    const limited = await send(port, "/signup");
    expect(limited.status).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^text\/plain/);
    expect(limited.body).toBe("Too many attempts to log in or sign up from your address. Wait a minute and try again.");
    // Standard headers (draft 7) say the policy and when the window resets.
    expect(limited.headers["ratelimit-policy"]).toBe("10;w=60");
    expect(limited.headers["ratelimit"]).toMatch(/^limit=10, remaining=0, reset=(60|[1-5]\d|[1-9])$/);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    // Legacy X-RateLimit-* headers are not sent.
    expect(limited.headers["x-ratelimit-limit"]).toBeUndefined();
  });

  test("another address is not affected by one that hit the limit", async () => {
    const port = await serve();
    expect((await sendMany(port, 11, "/login", { from: "127.0.0.1" })).at(-1)).toBe(429);
    const other = await send(port, "/login", { from: "127.0.0.2" });
    expect(other.status).toBe(200);
    expect(other.headers["ratelimit"]).toMatch(/^limit=10, remaining=9,/);
    expect((await send(port, "/login", { from: "127.0.0.1" })).status).toBe(429);
  });

  test("pages stay readable while auth posts are limited", async () => {
    const port = await serve();
    expect((await sendMany(port, 11, "/login")).at(-1)).toBe(429);
    const page = await send(port, "/login", { method: "GET" });
    expect(page.status).toBe(200);
    expect(page.body).toBe("ok");
  });

  test("generations: 20 a minute, then a 429 that says so; other writes still pass", async () => {
    const port = await serve();
    expect(await sendMany(port, 20, "/generate")).toEqual(Array(20).fill(200));
    const limited = await send(port, "/generate");
    expect(limited.status).toBe(429);
    expect(limited.body).toBe("Too many generations started from your address. Wait a minute and try again.");
    expect((await send(port, "/portraits")).status).toBe(200);
  });

  test("the multiplier scales the limits: the 21st auth post is the first refused", async () => {
    const port = await serve(2);
    const statuses = await sendMany(port, 21, "/login");
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(200));
    expect(statuses[20]).toBe(429);
  });

  test("kie.ai's callbacks are never limited by address", async () => {
    const port = await serve();
    expect(await sendMany(port, 105, "/resources/kie/callback/some-token")).toEqual(Array(105).fill(200));
  });

  test("a multiplier of 0 or below is refused, not a server that blocks everything", () => {
    expect(() => createRateLimiters({ multiplier: 0 })).toThrow("RATE_LIMIT_MULTIPLIER must be a number above 0");
    expect(() => createRateLimiters({ multiplier: Number.NaN })).toThrow("RATE_LIMIT_MULTIPLIER");
  });

  test("the API limits each token, whatever its address: 20 batches a minute, then a JSON 429 with Retry-After", async () => {
    const port = await serve();
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await send(port, "/api/v1/generations", { token: "tsk_a", from: `127.0.0.${(i % 5) + 1}` })).status);
    expect(statuses).toEqual(Array(20).fill(200));
    const limited = await send(port, "/api/v1/generations", { token: "tsk_a", from: "127.0.0.9" });
    expect(limited.status).toBe(429);
    expect(limited.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(limited.body)).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("Retry-After") } });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    // Another token from the same address has its own budget; the limited one may still read.
    expect((await send(port, "/api/v1/generations", { token: "tsk_b", from: "127.0.0.9" })).status).toBe(200);
    expect((await send(port, "/api/v1/generations", { token: "tsk_a", method: "GET" })).status).toBe(200);
  });

  test("the API's other writes: 120 a minute per token; reads 600", async () => {
    const port = await serve();
    expect((await sendMany(port, 121, "/api/v1/thumbnails/x/versions", { token: "tsk_w" })).slice(119)).toEqual([200, 429]);
    expect((await sendMany(port, 601, "/api/v1/me", { token: "tsk_r", method: "GET" })).slice(599)).toEqual([200, 429]);
  });
});
