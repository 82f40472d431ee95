// The parts of the YouTube connection that need no database: the settings,
// the host mapping, the guarded Google fetch, sealed tokens, and that tokens
// never reach a log line.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseEnv } from "~/utils/env.server";
import { scrubSecrets } from "~/utils/logger.server";
import { GoogleUnreachableError, googleFetch } from "./google-fetch.server";
import { googleUrl, isGoogleUrl, oauthEndpoints } from "./google-hosts.server";
import { keysForSecrets, openToken, sealToken } from "./token-encryption.server";

describe("settings", () => {
  const base = { DATA_DIR: "/tmp/thumbsmith-youtube-env-test" };

  test("YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET come together, or not at all", () => {
    expect(parseEnv(base).YOUTUBE_CLIENT_ID).toBeUndefined();
    expect(() => parseEnv({ ...base, YOUTUBE_CLIENT_ID: "id.apps.googleusercontent.com", PUBLIC_URL: "https://t.example" })).toThrow(
      /set both YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET/,
    );
    expect(() => parseEnv({ ...base, YOUTUBE_CLIENT_SECRET: "secret", PUBLIC_URL: "https://t.example" })).toThrow(/set both/);
    const both = parseEnv({ ...base, YOUTUBE_CLIENT_ID: "id", YOUTUBE_CLIENT_SECRET: "secret", PUBLIC_URL: "https://t.example" });
    expect(both).toMatchObject({ YOUTUBE_CLIENT_ID: "id", YOUTUBE_CLIENT_SECRET: "secret" });
  });

  test("a YouTube client needs PUBLIC_URL, where Google sends users back", () => {
    expect(() => parseEnv({ ...base, YOUTUBE_CLIENT_ID: "id", YOUTUBE_CLIENT_SECRET: "secret" })).toThrow(/PUBLIC_URL\/youtube\/callback/);
  });

  test("a call to Google may go unanswered 15 s unless GOOGLE_REQUEST_TIMEOUT_MS says otherwise", () => {
    expect(parseEnv(base).GOOGLE_REQUEST_TIMEOUT_MS).toBe(15_000);
    expect(parseEnv({ ...base, GOOGLE_REQUEST_TIMEOUT_MS: "1000" }).GOOGLE_REQUEST_TIMEOUT_MS).toBe(1000);
    expect(() => parseEnv({ ...base, GOOGLE_REQUEST_TIMEOUT_MS: "soon" })).toThrow(/GOOGLE_REQUEST_TIMEOUT_MS/);
  });

  test("GOOGLE_API_ROOT_FOR_TESTS is an http(s) URL, kept without a trailing slash", () => {
    expect(parseEnv({ ...base, GOOGLE_API_ROOT_FOR_TESTS: "http://127.0.0.1:4000/" }).GOOGLE_API_ROOT_FOR_TESTS).toBe("http://127.0.0.1:4000");
    expect(() => parseEnv({ ...base, GOOGLE_API_ROOT_FOR_TESTS: "ftp://x" })).toThrow(/GOOGLE_API_ROOT_FOR_TESTS/);
  });
});

describe("Google's hosts", () => {
  test("every host keeps its path, and the test root replaces all of them", () => {
    const cases = [
      ["accounts", "/o/oauth2/v2/auth", "https://accounts.google.com/o/oauth2/v2/auth"],
      ["oauth2", "/token", "https://oauth2.googleapis.com/token"],
      ["oauth2", "/revoke", "https://oauth2.googleapis.com/revoke"],
      ["googleapis", "/youtube/v3/channels", "https://www.googleapis.com/youtube/v3/channels"],
      ["googleapis", "/upload/youtube/v3/thumbnails/set", "https://www.googleapis.com/upload/youtube/v3/thumbnails/set"],
      ["youtubeAnalytics", "/v2/reports", "https://youtubeanalytics.googleapis.com/v2/reports"],
      ["youtube", "/oembed", "https://www.youtube.com/oembed"],
      ["thumbnails", "/vi/abcdefghijk/mqdefault.jpg", "https://i.ytimg.com/vi/abcdefghijk/mqdefault.jpg"],
    ] as const;
    for (const [host, path, real] of cases) {
      expect(googleUrl(host, path, undefined).toString()).toBe(real);
      expect(googleUrl(host, path, "http://127.0.0.1:4000").toString()).toBe(`http://127.0.0.1:4000${path}`);
    }
    expect(oauthEndpoints("http://127.0.0.1:4000").token.toString()).toBe("http://127.0.0.1:4000/token");
  });

  test("only Google's hosts over https count as Google, or only the test root while it is set", () => {
    expect(isGoogleUrl(new URL("https://oauth2.googleapis.com/token"), undefined)).toBe(true);
    expect(isGoogleUrl(new URL("http://oauth2.googleapis.com/token"), undefined)).toBe(false);
    expect(isGoogleUrl(new URL("https://evil.example/token"), undefined)).toBe(false);
    expect(isGoogleUrl(new URL("https://oauth2.googleapis.com.evil.example/"), undefined)).toBe(false);
    expect(isGoogleUrl(new URL("http://127.0.0.1:4000/token"), "http://127.0.0.1:4000")).toBe(true);
    expect(isGoogleUrl(new URL("https://oauth2.googleapis.com/token"), "http://127.0.0.1:4000")).toBe(false);
  });
});

describe("the guarded Google fetch (no test root set in this file)", () => {
  let server: http.Server;
  let loopback: string;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end("{}"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    loopback = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("refuses an address that is not Google's", async () => {
    await expect(googleFetch(`${loopback}/token`)).rejects.toThrow(/not a Google address/);
  });

  test("a Google that cannot be reached is a GoogleUnreachableError (a clear message), not a crash", async () => {
    // Google's names do not resolve on this machine.
    const error = await googleFetch("https://oauth2.googleapis.com/token", { method: "POST", timeoutMs: 2000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleUnreachableError);
  });
});

describe("sealed tokens", () => {
  const keys = keysForSecrets(["current-secret-0123456789", "old-secret-0123456789"]);

  test("a token opens again and is not in the sealed text; two seals of one token differ", () => {
    const token = "1//0refresh-token-of-a-test";
    const sealed = sealToken(token, keys);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(token);
    expect(sealed).not.toBe(sealToken(token, keys));
    expect(openToken(sealed, keys)).toBe(token);
  });

  test("a token sealed under an older secret of the rotation still opens", () => {
    const old = sealToken("ya29.old", keysForSecrets(["old-secret-0123456789"]));
    expect(openToken(old, keys)).toBe("ya29.old");
  });

  test("a changed byte or another secret does not open", () => {
    const sealed = sealToken("ya29.token", keys);
    const last = sealed.at(-2) === "A" ? "B" : "A";
    expect(() => openToken(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, keys)).toThrow();
    expect(() => openToken(sealed, keysForSecrets(["another-secret-0123456789"]))).toThrow(/does not open/);
  });
});

describe("tokens never reach a log line", () => {
  const accessToken = "ya29.a0AfB_byC-accesstokenvalue_0123456789";
  const refreshToken = "1//0gRefreshTokenValue-0123456789abcdef";

  function logged(write: (log: pino.Logger) => void) {
    const lines: string[] = [];
    const log = pino(
      { redact: { paths: ["*.access_token", "*.refresh_token", "access_token", "refresh_token"], censor: "[redacted]" }, hooks: { streamWrite: (line) => scrubSecrets(line, []) } },
      { write: (line: string) => lines.push(line) },
    );
    write(log);
    return lines.join("");
  }

  test("in a token answer, a form body, a revoke URL, a callback URL and free text", () => {
    const text = logged((log) => {
      log.info({ data: { access_token: accessToken, refresh_token: refreshToken } }, "token answer");
      log.info(`POST /token grant_type=refresh_token&refresh_token=${encodeURIComponent(refreshToken)}&client_secret=s3cr3t-value`);
      log.info(`POST https://oauth2.googleapis.com/revoke?token=${refreshToken}`);
      log.info(`GET /youtube/callback?state=abc&code=4/0AQSTgQExampleCode&scope=x`);
      log.warn(`Google said: invalid token ${accessToken} for ${refreshToken}`);
      log.info({ err: { message: JSON.stringify({ access_token: accessToken }) } }, "gaxios error");
    });
    for (const secret of [accessToken, refreshToken, encodeURIComponent(refreshToken), "s3cr3t-value", "4/0AQSTgQExampleCode"]) expect(text).not.toContain(secret);
    expect(text).toContain("[redacted]");
  });
});
