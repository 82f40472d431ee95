import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import type { ReactNode } from "react";
import { Form, Link, useNavigation, useSearchParams } from "@remix-run/react";
import { ErrorList, Field } from "~/components/forms";
import { Button } from "~/components/ui/button";
import { LoginFormSchema, PASSWORD_MIN_LENGTH, SignupFormSchema } from "~/modules/auth/validation";

const modes = {
  login: {
    schema: LoginFormSchema,
    title: "Welcome back",
    subtitle: "Log in to make your next thumbnails.",
    submit: "Log in",
    busy: "Logging in…",
    passwordAutoComplete: "current-password",
    switchText: "New to Thumbsmith?",
    switchLink: { to: "/signup", label: "Create an account" },
  },
  signup: {
    schema: SignupFormSchema,
    title: "Create your account",
    subtitle: "Free credits to start. No card, no tracking: this is your own server.",
    submit: "Sign up",
    busy: "Creating your account…",
    passwordAutoComplete: "new-password",
    switchText: "Already have an account?",
    switchLink: { to: "/login", label: "Log in" },
  },
} as const;

/** The log in and sign up forms: same fields, different schema and words. */
export function AuthForm({
  mode,
  lastResult,
  notice,
}: {
  mode: keyof typeof modes;
  lastResult?: SubmissionResult<string[]>;
  /** Shown above the form (why the last log in did not stick). */
  notice?: ReactNode;
}) {
  const copy = modes[mode];
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const [form, fields] = useForm({
    id: `${mode}-form`,
    constraint: getZodConstraint(copy.schema),
    lastResult,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: copy.schema }),
  });
  const switchHref = redirectTo
    ? `${copy.switchLink.to}?${new URLSearchParams({ redirectTo })}`
    : copy.switchLink.to;

  return (
    <div className="mx-auto max-w-md py-16">
      <div className="rounded-2xl bg-ink-900 p-8 shadow-2xl ring-1 ring-white/5">
        <h1 className="text-2xl font-bold">{copy.title}</h1>
        <p className="mt-1 text-sm text-zinc-400">{copy.subtitle}</p>
        {notice ? <div className="mt-6">{notice}</div> : null}
        <Form method="post" className="mt-8 flex flex-col gap-5" {...getFormProps(form)}>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Field
            labelProps={{ children: "Email" }}
            inputProps={{
              ...getInputProps(fields.email, { type: "email" }),
              autoComplete: "email",
              autoFocus: true,
              placeholder: "you@example.com",
            }}
            errors={fields.email.errors}
          />
          <Field
            labelProps={{ children: "Password" }}
            inputProps={{ ...getInputProps(fields.password, { type: "password" }), autoComplete: copy.passwordAutoComplete }}
            errors={fields.password.errors}
            hint={mode === "signup" ? `At least ${PASSWORD_MIN_LENGTH} characters.` : undefined}
          />
          <ErrorList id={form.errorId} errors={form.errors} />
          <Button type="submit" size="lg" disabled={busy}>
            {busy ? copy.busy : copy.submit}
          </Button>
        </Form>
        <p className="mt-6 text-center text-sm text-zinc-400">
          {copy.switchText}{" "}
          <Link to={switchHref} className="font-semibold text-brand-400 hover:text-brand-300">
            {copy.switchLink.label}
          </Link>
        </p>
      </div>
    </div>
  );
}
