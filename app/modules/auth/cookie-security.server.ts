// Whether the session cookie is marked Secure, decided per request so that a
// home server works over plain HTTP on a LAN name out of the box while an
// HTTPS setup still gets Secure cookies. A browser drops a Secure cookie
// sent over plain HTTP to anything but localhost, which used to make log in
// loop silently. See docs/decisions/040-cookie-security-per-request.md.
import crypto from "node:crypto";
import { cookieSettings, publicUrlIsHttps, type CookieSettings } from "~/utils/cookie-settings.server";
import { env } from "~/utils/env.server";
import { resolveSessionSecrets } from "~/utils/session-secret.server";

export type CookieSecurity = { secure: boolean; reason: string };

/**
 * COOKIE_SECURE decides when set; otherwise an https PUBLIC_URL; otherwise the
 * scheme the request arrived with (https directly, or through a proxy
 * trusted by TRUST_PROXY, which is what Remix's request.url carries).
 */
export function decideCookieSecurity({ setting, publicUrl }: CookieSettings, protocol: string): CookieSecurity {
  if (setting === "true") return { secure: true, reason: "COOKIE_SECURE=true" };
  if (setting === "false") return { secure: false, reason: "COOKIE_SECURE=false" };
  if (publicUrlIsHttps(publicUrl)) return { secure: true, reason: `PUBLIC_URL is ${publicUrl}` };
  return protocol === "https:"
    ? { secure: true, reason: "this request arrived over HTTPS" }
    : { secure: false, reason: "this request arrived over plain HTTP" };
}

export function cookieSecurityFor(request: Request, settings = cookieSettings()) {
  return decideCookieSecurity(settings, new URL(request.url).protocol);
}

/** The one start-up line: which cookie mode applies and why. */
export function describeCookieMode(settings = cookieSettings(), trustProxy = env.TRUST_PROXY) {
  if (settings.setting === "true") {
    return "Session cookie: Secure on every request (COOKIE_SECURE=true), so logging in works only over HTTPS or on localhost.";
  }
  if (settings.setting === "false") {
    return "Session cookie: never Secure (COOKIE_SECURE=false), so logging in works over plain HTTP; use it only on a network you trust.";
  }
  if (publicUrlIsHttps(settings.publicUrl)) {
    return `Session cookie: Secure on every request, because PUBLIC_URL is ${settings.publicUrl}; open Thumbsmith at that address (plain HTTP on another address cannot log in).`;
  }
  const mode =
    "Session cookie: Secure on requests that arrive over HTTPS, not on plain HTTP (so a LAN address works), since neither COOKIE_SECURE nor an https PUBLIC_URL is set";
  return trustProxy
    ? `${mode}; HTTPS through the proxy trusted by TRUST_PROXY=${trustProxy} counts.`
    : `${mode}; behind a reverse proxy that terminates HTTPS, set TRUST_PROXY so that its X-Forwarded-Proto counts.`;
}

// A log in that just succeeded sends the browser to /session-check with this
// marker. Signed and short-lived, so only a log in of the last few minutes
// makes the log in page explain a missing cookie, never an old link.
const MARKER_TTL_MS = 5 * 60 * 1000;

function signMarker(issuedAt: string) {
  const [secret] = resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR);
  return crypto.createHmac("sha256", secret).update(`session-check:${issuedAt}`).digest("base64url").slice(0, 22);
}

export function createLoginMarker(now = Date.now()) {
  const issuedAt = now.toString(36);
  return `${issuedAt}.${signMarker(issuedAt)}`;
}

export function isFreshLoginMarker(marker: string | null, now = Date.now()) {
  const [issuedAt, signature] = (marker ?? "").split(".");
  if (!issuedAt || !signature) return false;
  const expected = signMarker(issuedAt);
  if (signature.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) return false;
  const age = now - parseInt(issuedAt, 36);
  return age >= 0 && age <= MARKER_TTL_MS;
}

/** Why the browser came back without the cookie it was just given, and what to change, in words. */
export function explainMissingCookie(request: Request, settings = cookieSettings()) {
  const url = new URL(request.url);
  const { secure, reason } = cookieSecurityFor(request, settings);
  if (secure && url.protocol === "http:") {
    const fix =
      settings.setting === "true"
        ? "Open Thumbsmith over HTTPS, or, to use it over plain HTTP on your own network, remove COOKIE_SECURE=true (or set COOKIE_SECURE=false) and restart it."
        : `Open Thumbsmith at ${settings.publicUrl}, or, to use it over plain HTTP at this address, set PUBLIC_URL to ${url.origin} (or set COOKIE_SECURE=false) and restart it.`;
    return {
      title: "Your browser refused the log in cookie",
      reason: `The session cookie is marked Secure (HTTPS only) because ${reason}, and this page was opened over plain HTTP at ${url.host}. Browsers drop such a cookie on HTTP to anything but localhost.`,
      fix,
    };
  }
  return {
    title: "Your browser did not keep the log in cookie",
    reason: `Your account is fine and the password was right, but the next page arrived at ${url.host} without the session cookie.`,
    fix: `Allow cookies for ${url.host} in your browser (private windows and some extensions block them), or check that a proxy in front of Thumbsmith passes the Cookie and Set-Cookie headers. Then log in again.`,
  };
}
