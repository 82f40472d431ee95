// The environment is checked at start: a wrong setting stops the process
// with a message that says what is accepted.
import { expect, test } from "vitest";
import { parseEnv } from "./env.server";

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
