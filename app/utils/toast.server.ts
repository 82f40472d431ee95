// A short confirmation after an action ("Portrait deleted"), carried across the
// redirect in its own flash cookie and shown once: the root loader reads it and
// expires the cookie in the same response.
import crypto from "node:crypto";
import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { z } from "zod";
import { cookieSecureEverywhere } from "./cookie-settings.server";
import { env } from "./env.server";
import { resolveSessionSecrets } from "./session-secret.server";

const TOAST_KEY = "toast";

const ToastSchema = z.object({
  // A fresh id per toast, so the page shows a new toast even when the text repeats.
  id: z.string().default(() => crypto.randomUUID()),
  title: z.string(),
  description: z.string().optional(),
  type: z.enum(["success", "error", "message"]).default("success"),
});

export type Toast = z.infer<typeof ToastSchema>;
export type ToastInput = z.input<typeof ToastSchema>;

const toastSessionStorage = createCookieSessionStorage({
  cookie: {
    name: "th_toast",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    // A one-time message, no credential: it is set without the request at
    // hand, so it is Secure only when every request is HTTPS by configuration.
    secure: cookieSecureEverywhere(),
    secrets: resolveSessionSecrets(env.SESSION_SECRET, env.DATA_DIR),
  },
});

async function toastCookie(toast: ToastInput) {
  const session = await toastSessionStorage.getSession();
  session.flash(TOAST_KEY, ToastSchema.parse(toast));
  return toastSessionStorage.commitSession(session);
}

/** A redirect that shows a toast on the page it leads to. Set-Cookie headers already in init are kept. */
export async function redirectWithToast(url: string, toast: ToastInput, init?: ResponseInit) {
  const headers = new Headers(init?.headers);
  headers.append("Set-Cookie", await toastCookie(toast));
  return redirect(url, { ...init, headers });
}

/** For an action that answers a fetcher with data instead of a redirect: the header that shows a toast once it returns. */
export async function createToastHeaders(toast: ToastInput) {
  return new Headers({ "Set-Cookie": await toastCookie(toast) });
}

/** The toast waiting for this request, if any, and the header that expires it so it is shown once. */
export async function getToast(request: Request) {
  const session = await toastSessionStorage.getSession(request.headers.get("Cookie"));
  const parsed = ToastSchema.safeParse(session.get(TOAST_KEY));
  const toast = parsed.success ? parsed.data : null;
  return {
    toast,
    headers: toast ? new Headers({ "Set-Cookie": await toastSessionStorage.destroySession(session) }) : null,
  };
}
