// The API reference page at /api/docs: the OpenAPI document rendered by
// Scalar's browser bundle, served by the app itself (no CDN). Everything
// Scalar would fetch from the internet is turned off, so the page works on
// a LAN without one and tells no third party who reads it.
import crypto from "node:crypto";
import fs from "node:fs";
import { SCALAR_BUNDLE_FILE, scalarPackageBundle } from "./api-docs-bundle";

export const SCALAR_BUNDLE_PATH = "/api/docs/scalar.js";
const OPENAPI_PATH = "/api/v1/openapi.json";

let bundle: { bytes: Uint8Array<ArrayBuffer>; version: string } | undefined;

/** Scalar's standalone browser bundle, read once, with a digest of its bytes that versions its URL. */
export function scalarBundle() {
  if (!bundle) {
    const file = fs.existsSync(SCALAR_BUNDLE_FILE) ? SCALAR_BUNDLE_FILE : scalarPackageBundle();
    // Copied into a plain Uint8Array once: a Response body takes it as it is.
    const bytes = new Uint8Array(fs.readFileSync(file));
    bundle = { bytes, version: crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 16) };
  }
  return bundle;
}

export const scalarBundleUrl = () => `${SCALAR_BUNDLE_PATH}?v=${scalarBundle().version}`;

/** Scalar's options: the document, and nothing that calls out (https://scalar.com/products/api-references/configuration). */
export const SCALAR_CONFIGURATION = {
  url: OPENAPI_PATH,
  // The default fonts come from fonts.scalar.com.
  withDefaultFonts: false,
  telemetry: false,
  // The "Ask AI" agent and the MCP and developer-tools panels talk to scalar.com.
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: "never",
  // Its sidebar button opens client.scalar.com with this document's address.
  hideClientButton: true,
  // proxyUrl stays unset: "Test request" goes straight to this origin, never through proxy.scalar.com.
  // A few tags: every operation shown at once reads like a reference.
  defaultOpenAllTags: true,
  darkMode: true,
  hideDarkModeToggle: true,
  documentDownloadType: "json",
  metaData: { title: "Thumbsmith API reference" },
} as const;

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");
const escapeAttribute = (value: string) => value.replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page. Scalar bundles Zod 4, which probes for eval (`Function("")`) to
 * compile its parsers: the CSP refuses it and reports a violation. Zod's own
 * global config (what z.config({ jitless: true }) sets, shared by every copy
 * of Zod on the page) tells it not to try.
 */
export function apiDocsHtml(nonce: string) {
  const n = escapeAttribute(nonce);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${n}">
<title>Thumbsmith API reference</title>
<style>
  body { margin: 0; background: #0b0b10; }
  .app-bar { display: flex; gap: 1.5rem; align-items: center; padding: 0.6rem 1.25rem; font: 14px/1.4 system-ui, sans-serif; background: #111118; border-bottom: 1px solid #ffffff14; }
  .app-bar a { color: #e4e4e7; text-decoration: none; }
  .app-bar a:hover { text-decoration: underline; }
  .app-bar .spacer { flex: 1; }
</style>
</head>
<body>
<nav class="app-bar" aria-label="Thumbsmith">
  <a href="/">← Back to Thumbsmith</a>
  <span class="spacer"></span>
  <a href="/account">Create a token on the Account page</a>
  <a href="${OPENAPI_PATH}">OpenAPI document (JSON)</a>
</nav>
<main id="reference"></main>
<script nonce="${n}">globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });</script>
<script src="${escapeAttribute(scalarBundleUrl())}" nonce="${n}"></script>
<script nonce="${n}">Scalar.createApiReference("#reference", ${scriptJson(SCALAR_CONFIGURATION)});</script>
</body>
</html>
`;
}
