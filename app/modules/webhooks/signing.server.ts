// Standard Webhooks signatures (https://www.standardwebhooks.com, spec
// section "Signature scheme"): HMAC-SHA256 over "<id>.<timestamp>.<body>"
// with the endpoint's secret, sent as "v1,<base64>". The secret is shown to
// the user as "whsec_<base64>", the format their libraries take.
import crypto from "node:crypto";

const SECRET_PREFIX = "whsec_";
// The spec allows 24 to 64 bytes; 32 is what an HMAC-SHA256 key wants.
const SECRET_BYTES = 32;

export function generateWebhookSecret() {
  return `${SECRET_PREFIX}${crypto.randomBytes(SECRET_BYTES).toString("base64")}`;
}

function keyOf(secret: string) {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  if (key.length === 0) throw new Error("empty webhook secret");
  return key;
}

/** The webhook-signature header's value for one attempt. */
export function signWebhook(secret: string, id: string, timestamp: number, body: string) {
  const mac = crypto.createHmac("sha256", keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three headers of one attempt; the timestamp is the attempt's, the id and body are the delivery's. */
export function webhookHeaders(secret: string, id: string, body: string, now = new Date()) {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signWebhook(secret, id, timestamp, body),
  };
}

/**
 * What a receiver does (docs/webhooks.md shows it in a few lines): true when
 * one of the header's signatures matches and the timestamp is within
 * toleranceSeconds of now, which stops an old request from being replayed.
 */
export function verifyWebhook(
  secret: string,
  headers: { "webhook-id"?: string; "webhook-timestamp"?: string; "webhook-signature"?: string },
  body: string,
  { now = new Date(), toleranceSeconds = 5 * 60 } = {},
) {
  const { "webhook-id": id, "webhook-timestamp": stamp, "webhook-signature": signatures } = headers;
  if (!id || !stamp || !signatures || !/^\d+$/.test(stamp)) return false;
  const timestamp = Number(stamp);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, id, timestamp, body));
  return signatures
    .split(" ")
    .map((signature) => Buffer.from(signature))
    .some((given) => given.length === expected.length && crypto.timingSafeEqual(given, expected));
}
