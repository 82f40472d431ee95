// Who is this user: remix-auth verifies credentials (FormStrategy), and a
// row in `sessions` remembers them; the cookie carries only that row's id
// (remix-auth 4 keeps no session itself).
import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { prisma } from "~/utils/db.server";
import { safeRedirect } from "~/utils/misc";
import { redirectWithToast, type ToastInput } from "~/utils/toast.server";
import { ACCOUNT_DISABLED_MESSAGE, createAccount, EmailTakenError, isAccountDisabled, isEmailTaken } from "./account.server";
import { createLoginMarker } from "./cookie-security.server";
import { checkPasswordThrottled } from "./login-throttle.server";
import { commitSessionCookie, destroySessionCookie, getSessionIdFromCookie } from "./session.server";
import { createSession, deleteSession, findActiveSession } from "./user-sessions.server";
import { LoginFormSchema, SignupFormSchema } from "./validation";
import { readForm } from "~/utils/form.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySubmission = Submission<any, string[]>;

/** A form that did not pass: carries the submission so the route can reply with its errors. */
export class InvalidSubmissionError extends Error {
  constructor(readonly submission: AnySubmission) {
    super("Invalid submission");
  }
}

export const authenticator = new Authenticator<string>();

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const submission = await parseWithZod(form, {
      async: true,
      schema: LoginFormSchema.transform(async (data, ctx) => {
        const check = await checkPasswordThrottled(data.email, data.password);
        if (!check.ok) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: check.message });
          return z.NEVER;
        }
        // Said only after the right password, so that it reveals nothing to a guesser.
        if (await isAccountDisabled(check.userId)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: ACCOUNT_DISABLED_MESSAGE });
          return z.NEVER;
        }
        return { id: check.userId };
      }),
    });
    if (submission.status !== "success") throw new InvalidSubmissionError(submission);
    return submission.value.id;
  }),
  "login",
);

authenticator.use(
  new FormStrategy(async ({ form }) => {
    const submission = await parseWithZod(form, {
      async: true,
      schema: SignupFormSchema.superRefine(async (data, ctx) => {
        if (await isEmailTaken(data.email)) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: new EmailTakenError().message });
        }
      }),
    });
    if (submission.status !== "success") throw new InvalidSubmissionError(submission);
    try {
      return (await createAccount(submission.value)).id;
    } catch (error) {
      // Two sign-ups for one email at once: the unique index decides.
      if (error instanceof EmailTakenError) {
        throw new InvalidSubmissionError(
          await parseWithZod(form, {
            schema: SignupFormSchema.superRefine((_, ctx) =>
              ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["email"], message: error.message }),
            ),
          }),
        );
      }
      throw error;
    }
  }),
  "signup",
);

/**
 * Runs a strategy on a form post. Returns the user id and where to go next,
 * or a reply with the field errors for the form (passwords never echoed).
 */
export async function authenticateForm(strategy: "login" | "signup", request: Request) {
  // FormStrategy reads its own clone of the body; this one is for redirectTo.
  const form = await readForm(request.clone());
  try {
    const userId = await authenticator.authenticate(strategy, request);
    return { ok: true as const, userId, redirectTo: form.get("redirectTo") };
  } catch (error) {
    if (error instanceof InvalidSubmissionError) {
      return { ok: false as const, reply: error.submission.reply({ hideFields: ["password"] }) };
    }
    throw error;
  }
}

/** The signed-in session: its id and user, or null when the cookie is missing, forged, or names an ended or expired session. */
export async function getUserSession(request: Request) {
  const sessionId = await getSessionIdFromCookie(request);
  if (!sessionId) return null;
  const session = await findActiveSession(sessionId);
  return session ? { sessionId, userId: session.userId } : null;
}

export async function getUserId(request: Request) {
  return (await getUserSession(request))?.userId ?? null;
}

/** The signed-in session, or a redirect to log in that comes back here afterwards. */
export async function requireUserSession(request: Request) {
  const session = await getUserSession(request);
  if (!session) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return session;
}

export async function requireUserId(request: Request) {
  return (await requireUserSession(request)).userId;
}

export async function requireAnonymous(request: Request) {
  if (await getUserId(request)) throw redirect("/generate");
}

/**
 * The header's view of the user. A cookie whose session has ended gets a
 * header that removes it; the page itself still renders (a protected route
 * sends the visitor to log in).
 */
export async function getSignedInUser(request: Request) {
  const session = await getUserSession(request);
  const user = session
    ? await prisma.user.findUnique({ where: { id: session.userId }, select: { id: true, email: true, credits: true } })
    : null;
  if (!user && (await getSessionIdFromCookie(request))) {
    return { user: null, headers: new Headers({ "Set-Cookie": await destroySessionCookie(request) }) };
  }
  return { user, headers: null };
}

/** Where a log in lands first (routes/session-check.ts): it only redirects. */
export const SESSION_CHECK_PATH = "/session-check";

export async function createUserSession(request: Request, userId: string, redirectTo: unknown, welcome: ToastInput) {
  // Always a new id: a session id planted before log in is never promoted.
  const session = await createSession(userId, request.headers.get("User-Agent"));
  // Through /session-check, which sees whether the browser kept the cookie
  // and, if not, has the log in page say why instead of looping silently.
  const check = new URLSearchParams({ redirectTo: safeRedirect(redirectTo as string | null, "/generate"), check: createLoginMarker() });
  return redirectWithToast(`${SESSION_CHECK_PATH}?${check}`, welcome, {
    headers: { "Set-Cookie": await commitSessionCookie(request, session.id) },
  });
}

/** Ends the session (its row, so a copy of the cookie stops working too). The toast confirms a logout the user asked for. */
export async function logout(request: Request, goodbye?: ToastInput) {
  const sessionId = await getSessionIdFromCookie(request);
  if (sessionId) await deleteSession(sessionId);
  const init = { headers: { "Set-Cookie": await destroySessionCookie(request) } };
  return goodbye ? redirectWithToast("/", goodbye, init) : redirect("/", init);
}
