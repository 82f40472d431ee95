// What the settings alone say about Secure cookies, for the cookies set where
// no request is at hand (the toast's flash cookie). The per-request decision
// for the session cookie builds on this in modules/auth/cookie-security.server.ts.
import { env } from "./env.server";

export type CookieSetting = "true" | "false" | undefined;
export type CookieSettings = { setting: CookieSetting; publicUrl: string | undefined };

export const cookieSettings = (): CookieSettings => ({ setting: env.COOKIE_SECURE, publicUrl: env.PUBLIC_URL });

export function publicUrlIsHttps(publicUrl: string | undefined) {
  return publicUrl !== undefined && new URL(publicUrl).protocol === "https:";
}

/**
 * Secure only when the settings say every request is HTTPS: COOKIE_SECURE=true,
 * or COOKIE_SECURE unset and an https PUBLIC_URL.
 */
export function cookieSecureEverywhere(settings = cookieSettings()) {
  return settings.setting === "true" || (settings.setting === undefined && publicUrlIsHttps(settings.publicUrl));
}
