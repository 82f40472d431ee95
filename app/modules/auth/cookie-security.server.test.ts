import { describe, expect, test } from "vitest";
import { cookieSecureEverywhere } from "~/utils/cookie-settings.server";
import { decideCookieSecurity, describeCookieMode } from "./cookie-security.server";

describe("the cookie mode", () => {
  test("unset: follows the request's scheme", () => {
    const settings = { setting: undefined, publicUrl: undefined };
    expect(decideCookieSecurity(settings, "http:")).toEqual({ secure: false, reason: "this request arrived over plain HTTP" });
    expect(decideCookieSecurity(settings, "https:")).toEqual({ secure: true, reason: "this request arrived over HTTPS" });
    expect(cookieSecureEverywhere(settings)).toBe(false);
    expect(describeCookieMode(settings, undefined)).toContain("Secure on requests that arrive over HTTPS, not on plain HTTP");
    expect(describeCookieMode(settings, undefined)).toContain("set TRUST_PROXY so that its X-Forwarded-Proto counts");
    expect(describeCookieMode(settings, "1")).toContain("through the proxy trusted by TRUST_PROXY=1 counts");
  });

  test("an https PUBLIC_URL: always Secure; an http one changes nothing", () => {
    const https = { setting: undefined, publicUrl: "https://thumbs.example.com" };
    expect(decideCookieSecurity(https, "http:")).toEqual({ secure: true, reason: "PUBLIC_URL is https://thumbs.example.com" });
    expect(cookieSecureEverywhere(https)).toBe(true);
    expect(describeCookieMode(https)).toContain("because PUBLIC_URL is https://thumbs.example.com");
    expect(decideCookieSecurity({ setting: undefined, publicUrl: "http://nas.lan:3000" }, "http:").secure).toBe(false);
  });

  test("COOKIE_SECURE wins over everything", () => {
    const off = { setting: "false" as const, publicUrl: "https://thumbs.example.com" };
    expect(decideCookieSecurity(off, "https:")).toEqual({ secure: false, reason: "COOKIE_SECURE=false" });
    expect(cookieSecureEverywhere(off)).toBe(false);
    expect(describeCookieMode(off)).toContain("never Secure (COOKIE_SECURE=false)");
    const on = { setting: "true" as const, publicUrl: undefined };
    expect(decideCookieSecurity(on, "http:")).toEqual({ secure: true, reason: "COOKIE_SECURE=true" });
    expect(cookieSecureEverywhere(on)).toBe(true);
    expect(describeCookieMode(on)).toContain("Secure on every request (COOKIE_SECURE=true)");
  });
});
