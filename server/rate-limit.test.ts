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
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("rate limits", () => {
  test("the 11th auth post in a minute gets a 429 with a message a person understands", async () => {
    const base = await serve();
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await fetch(`${base}/login`, { method: "POST" })).status);
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    const limited = await fetch(`${base}/signup`, { method: "POST" });
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Too many attempts to log in or sign up.*Wait a minute/);
  });

  test("pages stay readable while auth posts are limited", async () => {
    const base = await serve();
    for (let i = 0; i < 11; i++) await fetch(`${base}/login`, { method: "POST" });
    expect((await fetch(`${base}/login`)).status).toBe(200);
  });

  test("the multiplier scales the limits", async () => {
    const base = await serve(2);
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await fetch(`${base}/login`, { method: "POST" })).status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
  });
});
