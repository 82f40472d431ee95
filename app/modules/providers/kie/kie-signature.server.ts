import crypto from "node:crypto";

/** A callback older than this is refused as a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signKieCallback(taskId: string, timestamp: string, secret: string) {
  return crypto.createHmac("sha256", secret).update(`${taskId}.${timestamp}`).digest("base64");
}

/**
 * Checks kie.ai's callback signature: X-Webhook-Signature is the base64
 * HMAC-SHA256 of "<taskId>.<X-Webhook-Timestamp>" with the webhook key. The
 * timestamp must be recent, so a captured callback cannot be replayed later.
 */
export function verifyKieSignature({
  taskId,
  timestamp,
  signature,
  secret,
  now = Date.now(),
}: {
  taskId: string;
  timestamp: string | null;
  signature: string | null;
  secret: string;
  now?: number;
}) {
  if (!timestamp || !signature || !/^\d{9,13}$/.test(timestamp)) return false;
  const seconds = timestamp.length > 10 ? Number(timestamp) / 1000 : Number(timestamp);
  if (Math.abs(now / 1000 - seconds) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signKieCallback(taskId, timestamp, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
