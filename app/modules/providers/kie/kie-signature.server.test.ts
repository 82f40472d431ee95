// kie.ai's callback signature, checked against known answers. kie.ai documents
// the scheme (docs.kie.ai/common-api/webhook-verification):
//   X-Webhook-Timestamp: Unix seconds
//   X-Webhook-Signature: base64(HMAC-SHA256(taskId + "." + timestamp, webhookHmacKey))
// The signatures below were computed once, outside the app, with
//   printf '%s' 'task_4o_b3f1c2d9e8a7.1790000000' | openssl dgst -sha256 -hmac hook-key -binary | base64
// so a change to the message, the hash, the key or the encoding fails here
// even if signing and verifying still agree with each other.
import { describe, expect, test } from "vitest";
import { signAsKie } from "#tests/support/fake-kie-server";
import { SIGNATURE_TOLERANCE_SECONDS, signKieCallback, verifyKieSignature } from "./kie-signature.server";

const secret = "hook-key";
const taskId = "task_4o_b3f1c2d9e8a7";
const timestamp = "1790000000";
/** HMAC-SHA256("task_4o_b3f1c2d9e8a7.1790000000", "hook-key"), base64. */
const SIGNATURE = "fth1vDuuJd0hTH/UQU+INLCus9jkHmsm8ffY4GTnXdw=";
/** The same message signed with "other-key". */
const SIGNATURE_OTHER_KEY = "nMqNyx8GHHx7+ZplMe2WNqAlp3CIQvp0vCtuPmL4DKI=";
/** HMAC-SHA256("task_4o_b3f1c2d9e8a7.1790000001", "hook-key"), base64. */
const SIGNATURE_NEXT_SECOND = "pVbWye+CIQzbtYe76ia0HabGQRfjC8yMm9vFPJcsOiU=";
/** HMAC-SHA256("task_4o_b3f1c2d9e8a7.1789999000", "hook-key"), base64: a callback sent 1000 s earlier. */
const SIGNATURE_OLD = "JiyOpfFMXjgaqDT/pzNf6jTEj4Y/qVEhWUXqc9xhUlU=";

// Ten seconds after the callback was sent.
const now = 1_790_000_010_000;

describe("known answers from kie.ai's documented scheme", () => {
  test("the app signs taskId.timestamp exactly as kie.ai does", () => {
    expect(signKieCallback(taskId, timestamp, secret)).toBe(SIGNATURE);
    expect(signKieCallback(taskId, "1790000001", secret)).toBe(SIGNATURE_NEXT_SECOND);
    expect(signKieCallback(taskId, timestamp, "other-key")).toBe(SIGNATURE_OTHER_KEY);
  });

  test("the fake kie.ai the tests run against signs with its own code, and gets the same known answers", () => {
    expect(signAsKie(taskId, timestamp, secret)).toBe(SIGNATURE);
    expect(signAsKie(taskId, timestamp, "other-key")).toBe(SIGNATURE_OTHER_KEY);
    expect(signAsKie(taskId, "1790000001", secret)).toBe(SIGNATURE_NEXT_SECOND);
  });

  test("kie.ai's signature is accepted", () => {
    expect(verifyKieSignature({ taskId, timestamp, signature: SIGNATURE, secret, now })).toBe(true);
    expect(verifyKieSignature({ taskId, timestamp: "1790000001", signature: SIGNATURE_NEXT_SECOND, secret, now })).toBe(true);
  });

  test("a signature made with another key is refused", () => {
    expect(verifyKieSignature({ taskId, timestamp, signature: SIGNATURE_OTHER_KEY, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp, signature: SIGNATURE, secret: "other-key", now })).toBe(false);
  });

  test("a tampered timestamp is refused", () => {
    expect(verifyKieSignature({ taskId, timestamp: "1790000001", signature: SIGNATURE, secret, now })).toBe(false);
  });

  test("a signature for another task is refused", () => {
    expect(verifyKieSignature({ taskId: "task_4o_b3f1c2d9e8a8", timestamp, signature: SIGNATURE, secret, now })).toBe(false);
  });

  test("an expired timestamp is refused even with its correct signature", () => {
    const old = "1789999000";
    // Correctly signed: accepted while it is fresh ...
    expect(verifyKieSignature({ taskId, timestamp: old, signature: SIGNATURE_OLD, secret, now: 1_789_999_000_000 })).toBe(true);
    // ... and refused as a replay 1010 seconds later.
    expect(verifyKieSignature({ taskId, timestamp: old, signature: SIGNATURE_OLD, secret, now })).toBe(false);
  });

  test("a timestamp from the future beyond the tolerance is refused", () => {
    expect(verifyKieSignature({ taskId, timestamp, signature: SIGNATURE, secret, now: 1_789_999_000_000 })).toBe(false);
  });

  test("the signature must be the base64 text itself, not another encoding of the same bytes", () => {
    const hex = Buffer.from(SIGNATURE, "base64").toString("hex");
    const base64url = Buffer.from(SIGNATURE, "base64").toString("base64url");
    expect(verifyKieSignature({ taskId, timestamp, signature: hex, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp, signature: base64url, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp, signature: SIGNATURE.slice(0, -1), secret, now })).toBe(false);
  });
});

describe("what a callback must carry", () => {
  test("a missing timestamp or signature is refused", () => {
    expect(verifyKieSignature({ taskId, timestamp: null, signature: SIGNATURE, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp: "", signature: SIGNATURE, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp, signature: null, secret, now })).toBe(false);
    expect(verifyKieSignature({ taskId, timestamp, signature: "", secret, now })).toBe(false);
  });

  test("a timestamp that is not plain Unix seconds or milliseconds is refused", () => {
    for (const bad of [" 1790000000", "1790000000 ", "+1790000000", "1790000000.5", "12345678", "17900000000000", "1.79e9"]) {
      const signature = signKieCallback(taskId, bad, secret);
      expect(verifyKieSignature({ taskId, timestamp: bad, signature, secret, now }), bad).toBe(false);
    }
  });

  test("a timestamp in milliseconds is read as milliseconds", () => {
    const ms = "1790000000000";
    const signature = signKieCallback(taskId, ms, secret);
    expect(verifyKieSignature({ taskId, timestamp: ms, signature, secret, now })).toBe(true);
  });

  test("the tolerance is five minutes either way, inclusive", () => {
    expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
    const at = (seconds: number) => verifyKieSignature({ taskId, timestamp, signature: SIGNATURE, secret, now: 1_790_000_000_000 + seconds * 1000 });
    expect(at(300)).toBe(true);
    expect(at(-300)).toBe(true);
    expect(at(301)).toBe(false);
    expect(at(-301)).toBe(false);
  });
});
