// Signatures against the Standard Webhooks reference: the known-answer vector
// below is the one in standard-webhooks/standard-webhooks,
// libraries/javascript/src/webhook.test.ts ("sign function works"), also
// used by its Python tests (same id, secret and payload).
import { describe, expect, test } from "vitest";
import { generateWebhookSecret, signWebhook, verifyWebhook, webhookHeaders } from "./signing.server";

const REFERENCE = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  test("the reference implementation's known answer", () => {
    expect(signWebhook(REFERENCE.secret, REFERENCE.id, REFERENCE.timestamp, REFERENCE.body)).toBe(REFERENCE.signature);
  });

  test("headers carry the id, the attempt's unix seconds and the signature over both and the body", () => {
    const headers = webhookHeaders(REFERENCE.secret, REFERENCE.id, REFERENCE.body, new Date(REFERENCE.timestamp * 1000 + 999));
    expect(headers).toEqual({ "webhook-id": REFERENCE.id, "webhook-timestamp": String(REFERENCE.timestamp), "webhook-signature": REFERENCE.signature });
  });

  test("verify accepts the reference, and refuses another body, id, secret, or a stale timestamp", () => {
    const headers = { "webhook-id": REFERENCE.id, "webhook-timestamp": String(REFERENCE.timestamp), "webhook-signature": REFERENCE.signature };
    const now = new Date(REFERENCE.timestamp * 1000 + 60_000);
    expect(verifyWebhook(REFERENCE.secret, headers, REFERENCE.body, { now })).toBe(true);
    // A rotated header lists several signatures; one match is enough.
    expect(verifyWebhook(REFERENCE.secret, { ...headers, "webhook-signature": `v1,bm90IGl0 ${REFERENCE.signature}` }, REFERENCE.body, { now })).toBe(true);
    expect(verifyWebhook(REFERENCE.secret, headers, '{"test": 2432232315}', { now })).toBe(false);
    expect(verifyWebhook(REFERENCE.secret, { ...headers, "webhook-id": "msg_other" }, REFERENCE.body, { now })).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers, REFERENCE.body, { now })).toBe(false);
    expect(verifyWebhook(REFERENCE.secret, headers, REFERENCE.body, { now: new Date(REFERENCE.timestamp * 1000 + 10 * 60_000) })).toBe(false);
  });

  test("a new secret is whsec_ and 32 random bytes, different every time", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
