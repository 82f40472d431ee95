import type { AddressInfo } from "node:net";
import compression from "compression";
import express from "express";
import { afterEach, describe, expect, test } from "vitest";
import { shouldCompress } from "./app";

let close: (() => void) | undefined;
afterEach(() => close?.());

describe("compression", () => {
  test("compresses pages but sends event streams as they are written, uncompressed", async () => {
    const app = express();
    app.use(compression({ filter: shouldCompress, threshold: 0 }));
    app.get("/page", (_req, res) => res.type("html").send("<p>hello</p>".repeat(200)));
    app.get("/events", (_req, res) => {
      res.setHeader("Content-Type", "text/event-stream");
      res.write("event: snapshot\ndata: {}\n\n");
      // Never ends: a buffering middleware would hold this chunk back.
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    close = () => server.closeAllConnections?.() ?? server.close();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const page = await fetch(`${base}/page`, { headers: { "Accept-Encoding": "gzip" } });
    expect(page.headers.get("Content-Encoding")).toBe("gzip");

    const controller = new AbortController();
    const events = await fetch(`${base}/events`, { headers: { "Accept-Encoding": "gzip" }, signal: controller.signal });
    expect(events.headers.get("Content-Encoding")).toBeNull();
    const reader = events.body!.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe("event: snapshot\ndata: {}\n\n");
    controller.abort();
  });
});
