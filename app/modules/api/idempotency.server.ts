// Idempotency-Key on API creates (Stripe's rules, which API clients expect):
// the first request with a key runs; a later one with the same key and the
// same body gets the first answer again, marked Idempotent-Replayed, and
// spends nothing; the same key with another body or on another endpoint is a
// 409, as is a retry while the first is still running. Only successful
// answers are kept: a request that failed (no credits, a bad field) changed
// nothing, so a retry after fixing it runs. Keys are kept for a day.
import crypto from "node:crypto";
import { prisma } from "~/utils/db.server";
import { sealerFor } from "~/utils/sealing.server";
import { ApiError } from "./api-error";

// A kept answer can hold a secret shown once (a webhook's signing secret):
// it is sealed at rest like the secret itself.
const answers = sealerFor("idempotent-answers");

export const IDEMPOTENCY_HEADER = "Idempotency-Key";
export const IDEMPOTENCY_KEY_MAX = 255;
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A first request still unanswered after this long died with its process: its key is free again. */
const ABANDONED_AFTER_MS = 10 * 60 * 1000;

export const fingerprint = (value: unknown) => crypto.createHash("sha256").update(canonicalJson(value)).digest("hex");

/** JSON with object keys sorted, so {a,b} and {b,a} are the same request. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value).filter(([, each]) => each !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, each]) => `${JSON.stringify(key)}:${canonicalJson(each)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The request's key, or null without one; a malformed key is a 400. */
export function idempotencyKeyOf(request: Request) {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return null;
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ApiError(400, "invalid_field", `Send an ${IDEMPOTENCY_HEADER} of 1 to ${IDEMPOTENCY_KEY_MAX} visible ASCII characters (a UUID is a good choice).`, IDEMPOTENCY_HEADER);
  }
  return key;
}

type Claim = { userId: string; key: string; endpoint: string; requestHash: string };

/**
 * Runs `create` once per key: the answer it gives (a 2xx JSON Response) is
 * kept and given again for the same key and request.
 */
export async function withIdempotency(claim: Claim, create: () => Promise<Response>, now = new Date()): Promise<Response> {
  const replay = await claimKey(claim, now);
  if (replay) return replay;
  let response: Response;
  try {
    response = await create();
  } catch (error) {
    await releaseKey(claim);
    throw error;
  }
  if (response.status < 200 || response.status >= 300) {
    await releaseKey(claim);
    return response;
  }
  const body = await response.clone().text();
  await prisma.apiIdempotencyKey.updateMany({
    where: { userId: claim.userId, key: claim.key },
    // With the Location a create answers, so a replay points at the same thing.
    data: { status: response.status, body: answers.seal(JSON.stringify({ body, location: response.headers.get("Location") })) },
  });
  return response;
}

/** Null when this request holds the key now; otherwise the first answer to replay (or a 409). */
async function claimKey(claim: Claim, now: Date): Promise<Response | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await prisma.apiIdempotencyKey.create({ data: { ...claim, createdAt: now }, select: { id: true } });
      return null;
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002") throw error;
    }
    const first = await prisma.apiIdempotencyKey.findUnique({
      where: { userId_key: { userId: claim.userId, key: claim.key } },
      select: { id: true, endpoint: true, requestHash: true, status: true, body: true, createdAt: true },
    });
    if (!first) continue; // released between the insert and the read: try again
    const age = now.getTime() - first.createdAt.getTime();
    const abandoned = first.status === null && age > ABANDONED_AFTER_MS;
    if (age > IDEMPOTENCY_TTL_MS || abandoned) {
      await prisma.apiIdempotencyKey.deleteMany({ where: { id: first.id, createdAt: first.createdAt } });
      continue;
    }
    if (first.endpoint !== claim.endpoint || first.requestHash !== claim.requestHash) {
      throw new ApiError(
        409,
        "idempotency_conflict",
        `This ${IDEMPOTENCY_HEADER} was already used for a different request. Use a new key for a new request.`,
        IDEMPOTENCY_HEADER,
      );
    }
    if (first.status === null || first.body === null) {
      throw new ApiError(409, "idempotency_in_progress", "The first request with this key is still running. Retry in a moment.", IDEMPOTENCY_HEADER, {
        "Retry-After": "1",
      });
    }
    const kept = JSON.parse(answers.open(first.body)) as { body: string; location: string | null };
    const headers = new Headers({ "Content-Type": "application/json; charset=utf-8", "Idempotent-Replayed": "true", "Cache-Control": "no-store" });
    if (kept.location) headers.set("Location", kept.location);
    return new Response(kept.body, { status: first.status, headers });
  }
  throw new ApiError(409, "idempotency_in_progress", "This key is being used by another request. Retry in a moment.", IDEMPOTENCY_HEADER);
}

async function releaseKey(claim: Claim) {
  await prisma.apiIdempotencyKey.deleteMany({ where: { userId: claim.userId, key: claim.key, status: null } });
}

export async function deleteExpiredIdempotencyKeys(now = new Date()) {
  const { count } = await prisma.apiIdempotencyKey.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - IDEMPOTENCY_TTL_MS) } } });
  return count;
}
