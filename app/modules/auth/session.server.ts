import { createCookieSessionStorage } from "@remix-run/node";
import { env } from "~/utils/env.server";
import { resolveSessionSecrets } from "./session-secret.server";

export const USER_ID_KEY = "userId";

export const sessionStorage = createCookieSessionStorage({
  cookie: {
    name: "__thumbsmith_session",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.cookieSecure,
    secrets: resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR),
    maxAge: 60 * 60 * 24 * 30,
  },
});

export function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}
