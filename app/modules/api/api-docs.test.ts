// The reference page and its script over real HTTP: public, the page's
// scripts carry the request's CSP nonce, the bundle is versioned and cached.
import { afterAll, beforeAll, expect, test } from "vitest";
import { startApiClient, type ApiClient } from "#tests/support/api";
import { scalarBundle, SCALAR_CONFIGURATION } from "./api-docs.server";

let api: ApiClient;
beforeAll(async () => (api = await startApiClient()));
afterAll(() => api.close());

test("GET /api/docs is an HTML page without a token, whose scripts carry this response's CSP nonce", async () => {
  const response = await api.call(null, "/api/docs");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
  const nonce = /'nonce-([0-9a-f]+)'/.exec(response.headers.get("Content-Security-Policy") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThanOrEqual(2);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(html).toContain(`src="/api/docs/scalar.js?v=${scalarBundle().version}"`);
  expect(html).toContain('href="/"');
  expect(html).not.toMatch(/https?:\/\//);
  expect(SCALAR_CONFIGURATION).toMatchObject({ withDefaultFonts: false, telemetry: false });
});

test("the bundle is served from the app, cached for good at its versioned URL and briefly at any other", async () => {
  const { version, bytes } = scalarBundle();
  const current = await api.call(null, `/api/docs/scalar.js?v=${version}`);
  expect(current.status).toBe(200);
  expect(current.headers.get("Content-Type")).toBe("text/javascript; charset=utf-8");
  expect(current.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
  expect(Buffer.from(await current.arrayBuffer()).equals(bytes)).toBe(true);
  const stale = await api.call(null, "/api/docs/scalar.js?v=old");
  expect(stale.headers.get("Cache-Control")).toBe("public, max-age=300");
  await stale.arrayBuffer();
});
