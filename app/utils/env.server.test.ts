// The environment is checked at start: a wrong setting stops the process
// with a message that says what is accepted.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { parseEnv, readKieSettings, SETTING_NAMES } from "./env.server";

test("a KIE_MODEL Thumbsmith cannot build requests for stops the start, listing the models it can", () => {
  expect(() => parseEnv({ ...process.env, KIE_MODEL: "google/nano-banana" })).toThrow(
    "Invalid environment variables:\nKIE_MODEL: KIE_MODEL must be one of: google/nano-banana-edit, nano-banana-pro, seedream/4.5-edit",
  );
  expect(() => parseEnv({ ...process.env, KIE_QUALITY: "ultra" })).toThrow("KIE_QUALITY: KIE_QUALITY must be one of: basic, high");
  expect(parseEnv({ ...process.env, KIE_MODEL: "seedream/4.5-edit" })).toMatchObject({ KIE_MODEL: "seedream/4.5-edit", KIE_RESOLUTION: "2K", KIE_QUALITY: "basic" });
});

test("an empty COOKIE_SECURE (compose passes one through) leaves the cookie to be decided per request; a wrong one stops the start", () => {
  expect(parseEnv({ ...process.env, COOKIE_SECURE: "" }).COOKIE_SECURE).toBeUndefined();
  expect(parseEnv({ ...process.env, COOKIE_SECURE: "false" }).COOKIE_SECURE).toBe("false");
  expect(() => parseEnv({ ...process.env, COOKIE_SECURE: "yes" })).toThrow(/COOKIE_SECURE/);
});

test("the server's own settings are parsed here, with the defaults they had", () => {
  const clean = { DATA_DIR: "/tmp/thumbsmith-env-test" };
  const defaults = parseEnv(clean);
  // Unset NODE_ENV runs as production; TRUST_PROXY unset trusts no proxy.
  expect(defaults.NODE_ENV).toBeUndefined();
  expect(defaults.TRUST_PROXY).toBeUndefined();
  expect(defaults).toMatchObject({
    PORT: 3000,
    HOST: "0.0.0.0",
    SKIP_MIGRATIONS: false,
    RATE_LIMIT_MULTIPLIER: 1,
    BCRYPT_COST: 10,
    WORKER_SLOTS: 1,
    SHUTDOWN_TIMEOUT_SECONDS: 20,
    DATA_DIR: "/tmp/thumbsmith-env-test",
    DATABASE_URL: "file:/tmp/thumbsmith-env-test/thumbsmith.db",
  });
  expect(parseEnv({ ...clean, SKIP_MIGRATIONS: "1", TRUST_PROXY: "loopback", PORT: "8080", SHUTDOWN_TIMEOUT_SECONDS: "2.5" })).toMatchObject({
    SKIP_MIGRATIONS: true,
    TRUST_PROXY: "loopback",
    PORT: 8080,
    SHUTDOWN_TIMEOUT_SECONDS: 2.5,
  });
  // Compose passes an unset TRUST_PROXY through as "".
  expect(parseEnv({ ...clean, TRUST_PROXY: "" }).TRUST_PROXY).toBeUndefined();
  // A hop count is a number for Express; as text it would name the address 0.0.0.1.
  expect(parseEnv({ ...clean, TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
  expect(parseEnv({ ...clean, TRUST_PROXY: "true" }).TRUST_PROXY).toBe(true);
  expect(parseEnv({ ...clean, TRUST_PROXY: "loopback, 10.0.0.0/8" }).TRUST_PROXY).toBe("loopback, 10.0.0.0/8");
  expect(() => parseEnv({ ...clean, RATE_LIMIT_MULTIPLIER: "0" })).toThrow("RATE_LIMIT_MULTIPLIER: RATE_LIMIT_MULTIPLIER must be a number above 0");
  expect(() => parseEnv({ ...clean, SHUTDOWN_TIMEOUT_SECONDS: "soon" })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  expect(() => parseEnv({ ...clean, BCRYPT_COST: "2" })).toThrow(/BCRYPT_COST/);
  expect(() => parseEnv({ ...clean, WORKER_SLOTS: "0" })).toThrow(/WORKER_SLOTS/);
  expect(() => parseEnv({ ...clean, PORT: "http" })).toThrow(/PORT/);
});

test("kie.ai's settings are checked at start too, and read again when kie.ai is used", () => {
  expect(() => parseEnv({ ...process.env, KIE_TASK_TIMEOUT: "-1" })).toThrow(/KIE_TASK_TIMEOUT/);
  expect(readKieSettings({ KIE_API_KEY: " key " })).toMatchObject({ KIE_API_KEY: "key", KIE_TASK_TIMEOUT: 900, KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS: false });
  expect(() => readKieSettings({ KIE_POLL_INTERVAL_MS: "1" })).toThrow("Invalid kie.ai settings: KIE_POLL_INTERVAL_MS");
});

test("docs/configuration.md documents every setting", () => {
  const docs = fs.readFileSync("docs/configuration.md", "utf8");
  expect(SETTING_NAMES.filter((name) => !docs.includes(`\`${name}\``))).toEqual([]);
});

// The one home for settings: a raw read elsewhere would escape the start-up
// check (a typo found at the first batch, not at start) and the defaults here.
test("nothing in app/ or server/ reads process.env but this file", () => {
  // Passes the whole environment on to the Prisma CLI child process (PATH,
  // proxies), which is not a setting of the app.
  const allowed = new Set(["app/utils/env.server.ts", "server/prisma-cli.ts"]);
  const offenders: string[] = [];
  for (const dir of ["app", "server"]) {
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      const relative = path.join(dir, file);
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file) || relative.startsWith("app/generated/") || allowed.has(relative)) continue;
      const text = fs.readFileSync(relative, "utf8");
      if (/process\.env\b/.test(text)) offenders.push(relative);
    }
  }
  expect(offenders).toEqual([]);
});
