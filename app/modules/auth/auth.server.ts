// Who is this user: remix-auth verifies credentials (FormStrategy), and the
// user id lives in our cookie session (remix-auth 4 keeps no session itself).
import type { Submission } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { redirect } from "@remix-run/node";
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { prisma } from "~/utils/db.server";
import { safeRedirect } from "~/utils/misc";
import { redirectWithToast, type ToastInput } from "~/utils/toast.server";
import { createAccount, EmailTakenError, isEmailTaken, verifyUserPassword } from "./account.server";
import { getSession, sessionStorage, USER_ID_KEY } from "./session.server";
import { LoginFormSchema, SignupFormSchema } from "./validation";

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
        const user = await verifyUserPassword(data.email, data.password);
        if (!user) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Wrong email or password." });
          return z.NEVER;
        }
        return user;
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
  const form = await request.clone().formData();
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

export async function getUserId(request: Request) {
  const session = await getSession(request);
  const userId = session.get(USER_ID_KEY);
  return typeof userId === "string" ? userId : null;
}

/** The signed-in user's id, or a redirect to log in that comes back here afterwards. */
export async function requireUserId(request: Request) {
  const userId = await getUserId(request);
  if (!userId) {
    const url = new URL(request.url);
    const params = new URLSearchParams({ redirectTo: `${url.pathname}${url.search}` });
    throw redirect(`/login?${params}`);
  }
  return userId;
}

export async function requireAnonymous(request: Request) {
  if (await getUserId(request)) throw redirect("/generate");
}

/** The header's view of the user; a cookie for a user that no longer exists logs out. */
export async function getSignedInUser(request: Request) {
  const userId = await getUserId(request);
  if (!userId) return null;
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, credits: true },
  });
  if (!user) throw await logout(request);
  return user;
}

export async function createUserSession(request: Request, userId: string, redirectTo: unknown, welcome: ToastInput) {
  const session = await getSession(request);
  session.set(USER_ID_KEY, userId);
  return redirectWithToast(safeRedirect(redirectTo as string | null, "/generate"), welcome, {
    headers: { "Set-Cookie": await sessionStorage.commitSession(session) },
  });
}

/** Ends the session. The toast confirms a logout the user asked for; a stale cookie is dropped without one. */
export async function logout(request: Request, goodbye?: ToastInput) {
  const session = await getSession(request);
  const init = { headers: { "Set-Cookie": await sessionStorage.destroySession(session) } };
  return goodbye ? redirectWithToast("/", goodbye, init) : redirect("/", init);
}
