// The session cookie: a signed cookie that carries only the id of a row in
// `sessions` (user-sessions.server.ts). The row decides whether it is valid.
import { createCookieSessionStorage } from "@remix-run/node";
import { env } from "~/utils/env.server";
import { cookieSecurityFor } from "./cookie-security.server";
import { resolveSessionSecrets } from "~/utils/session-secret.server";

export const SESSION_ID_KEY = "sessionId";

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__thumbsmith_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // Decided per request when the cookie is set (cookie-security.server.ts).
    secure: false,
    secrets: resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR),
    // The row's sliding expiry ends the session; the cookie only has to
    // outlive it (400 days is the most browsers keep a cookie), since
    // re-sending it on every refresh would mean a Set-Cookie on every page.
    maxAge: 60 * 60 * 24 * 400,
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

/** The session id the cookie names, whether or not that session still exists. */
export async function getSessionIdFromCookie(request: Request) {
  const id = (await getSession(request)).get(SESSION_ID_KEY);
  return typeof id === "string" && id.length > 0 ? id : null;
}

/** The Set-Cookie value for a cookie naming this session. */
export async function commitSessionCookie(request: Request, sessionId: string) {
  const session = await getSession(request);
  session.set(SESSION_ID_KEY, sessionId);
  return sessionStorage.commitSession(session, { secure: cookieSecurityFor(request).secure });
}

/** The Set-Cookie value that removes the cookie. */
export async function destroySessionCookie(request: Request) {
  return sessionStorage.destroySession(await getSession(request), { secure: cookieSecurityFor(request).secure });
}
