// The short-lived cookie that carries one connect attempt from /youtube/connect
// to /youtube/callback: the OAuth `state` the callback must see again, and
// the PKCE code verifier, sealed (the cookie is signed, and the verifier
// encrypted, so neither a reader nor a forger of cookies gets it), bound to
// the user who started it.
import crypto from "node:crypto";
import { createCookie } from "@remix-run/node";
import { z } from "zod";
import { cookieSecurityFor } from "~/modules/auth/cookie-security.server";
import { env } from "~/utils/env.server";
import { resolveSessionSecrets } from "~/utils/session-secret.server";
import { CALLBACK_PATH } from "./oauth-client.server";
import { openToken, sealToken } from "./token-encryption.server";

// Ten minutes to go through Google's consent page.
const MAX_AGE_SECONDS = 10 * 60;

const connectCookie = createCookie("__thumbsmith_youtube_connect", {
  httpOnly: true,
  // Google's redirect back is a top-level GET from another site: Lax sends it.
  sameSite: "lax",
  path: CALLBACK_PATH,
  maxAge: MAX_AGE_SECONDS,
  secrets: resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR),
});

const StoredSchema = z.object({ state: z.string().min(1), verifier: z.string().min(1), userId: z.string().min(1), startedAt: z.number() });

export type ConnectAttempt = { state: string; codeVerifier: string };

export function newState() {
  return crypto.randomBytes(32).toString("base64url");
}

/** The Set-Cookie that remembers this attempt. */
export function rememberConnectAttempt(request: Request, userId: string, attempt: ConnectAttempt) {
  const value = { state: attempt.state, verifier: sealToken(attempt.codeVerifier), userId, startedAt: Date.now() };
  return connectCookie.serialize(value, { secure: cookieSecurityFor(request).secure });
}

/** The Set-Cookie that forgets it (an attempt is used once). */
export function forgetConnectAttempt(request: Request) {
  return connectCookie.serialize("", { maxAge: 0, secure: cookieSecurityFor(request).secure });
}

/**
 * The attempt this user started whose state is `state`, or null: no cookie,
 * a cookie signed by someone else, another user's, too old, or a state that
 * differs (a forged callback).
 */
export async function recallConnectAttempt(request: Request, userId: string, state: string | null): Promise<ConnectAttempt | null> {
  const parsed = StoredSchema.safeParse(await connectCookie.parse(request.headers.get("Cookie")));
  if (!parsed.success || !state) return null;
  const stored = parsed.data;
  if (stored.userId !== userId || Date.now() - stored.startedAt > MAX_AGE_SECONDS * 1000) return null;
  const expected = Buffer.from(stored.state);
  const given = Buffer.from(state);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    return { state, codeVerifier: openToken(stored.verifier) };
  } catch {
    return null;
  }
}
