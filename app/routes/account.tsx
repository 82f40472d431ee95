import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Field } from "~/components/forms";
import { ApiTokensSection, TOKEN_INTENTS } from "~/components/account/api-tokens";
import { DeleteAccountSection } from "~/components/account/delete-account";
import { YoutubeChannelSection } from "~/components/account/youtube-channel";
import { LedgerTable } from "~/components/credits/ledger-table";
import { DataTable, type Column } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { PageHeader } from "~/components/page-header";
import { Panel } from "~/components/panel";
import { Button } from "~/components/ui/button";
import { createApiToken, listApiTokens, revokeApiToken, TooManyTokensError } from "~/modules/api-tokens/api-tokens.server";
import { CreateTokenFormSchema, RevokeTokenFormSchema } from "~/modules/api-tokens/validation";
import { requireUserSession } from "~/modules/auth/auth.server";
import { changePassword } from "~/modules/auth/change-password.server";
import { deleteOtherSessions, listSessions } from "~/modules/auth/user-sessions.server";
import { ChangePasswordFormSchema, PASSWORD_MIN_LENGTH } from "~/modules/auth/validation";
import { getCreditStatement } from "~/modules/credits/credits.server";
import { isYoutubeEnabled } from "~/modules/youtube/oauth-client.server";
import { getConnectionSummary } from "~/modules/youtube/youtube-connection.server";
import { env } from "~/utils/env.server";
import { dateTimeFormat, formatCredits } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Account · Thumbsmith" }];

const PageSchema = z.coerce.number().int().min(1).catch(1);

export async function loader({ request }: LoaderFunctionArgs) {
  const { userId, sessionId } = await requireUserSession(request);
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [statement, sessions, tokens, youtube] = await Promise.all([
    getCreditStatement(userId, { page }),
    listSessions(userId, sessionId),
    listApiTokens(userId),
    // Without an OAuth client set up, the section is not shown at all.
    isYoutubeEnabled() ? getConnectionSummary(userId).then((connection) => ({ connection })) : null,
  ]);
  return json({ statement, sessions, tokens, youtube, creditsPerGeneration: env.CREDITS_PER_GENERATION });
}

export const INTENTS = {
  logOutOthers: "log-out-others",
  changePassword: "change-password",
  createToken: TOKEN_INTENTS.create,
  revokeToken: TOKEN_INTENTS.revoke,
} as const;

export async function action({ request }: ActionFunctionArgs) {
  const { userId, sessionId } = await requireUserSession(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");

  if (intent === INTENTS.logOutOthers) {
    const ended = await deleteOtherSessions(userId, sessionId);
    return redirectWithToast("/account", {
      title: "Logged out everywhere else",
      description: ended === 1 ? "Ended 1 other session." : `Ended ${ended} other sessions.`,
    });
  }

  if (intent === INTENTS.changePassword) {
    const submission = parseWithZod(formData, { schema: ChangePasswordFormSchema });
    const hidden = { hideFields: ["currentPassword", "newPassword"] };
    if (submission.status !== "success") {
      return json({ intent, result: submission.reply(hidden) }, { status: 400 });
    }
    const changed = await changePassword({ userId, sessionId, ...submission.value });
    if (!changed.ok) {
      return json({ intent, result: submission.reply({ ...hidden, fieldErrors: { currentPassword: [changed.message] } }) }, { status: 400 });
    }
    return redirectWithToast("/account", {
      title: "Password changed",
      description: "Your other sessions were logged out.",
    });
  }

  if (intent === INTENTS.createToken) {
    const submission = parseWithZod(formData, { schema: CreateTokenFormSchema });
    if (submission.status !== "success") return json({ intent, result: submission.reply() }, { status: 400 });
    try {
      const created = await createApiToken(userId, submission.value);
      // Answered, not redirected: the token's text exists only in this answer.
      return json({ intent, result: submission.reply({ resetForm: true }), created: { name: created.name, token: created.token } });
    } catch (error) {
      if (!(error instanceof TooManyTokensError)) throw error;
      return json({ intent, result: submission.reply({ formErrors: [error.message] }) }, { status: 400 });
    }
  }

  if (intent === INTENTS.revokeToken) {
    const submission = parseWithZod(formData, { schema: RevokeTokenFormSchema });
    const revoked = submission.status === "success" && (await revokeApiToken(userId, submission.value.tokenId));
    return redirectWithToast("/account", revoked
      ? { title: "Token revoked", description: "Anything using it stops working now." }
      : { title: "No such token", description: "It may have been revoked already.", type: "error" });
  }

  throw json({ message: "Unknown action on the Account page." }, { status: 400 });
}


export default function AccountRoute() {
  const { statement, youtube, tokens, creditsPerGeneration } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const tokenAnswer = actionData?.intent === INTENTS.createToken ? actionData : undefined;
  return (
    <>
      <PageHeader title="Account" description="Your credits, your sessions, your password and your API tokens." />
      <div className="grid gap-6 md:grid-cols-[280px_1fr]">
        <Panel title="Credit balance" titleId="balance-heading" titleClassName="text-sm font-medium text-zinc-400" className="h-fit">
          <p className="mt-2 text-5xl font-black" data-testid="account-balance">
            {statement.balance}
          </p>
          <p className="mt-3 text-sm text-zinc-400">
            One generation costs {formatCredits(creditsPerGeneration)}. A generation that fails is refunded.
          </p>
        </Panel>
        <Panel title="History" titleId="ledger-heading">
          <LedgerTable statement={statement} pagerLabel="Ledger pages" />
        </Panel>
      </div>
      <div className="mt-6 grid gap-6 md:grid-cols-[1fr_360px]">
        <SessionsSection />
        <ChangePasswordSection />
      </div>
      <div className="mt-6">
        <ApiTokensSection
          tokens={tokens}
          created={(tokenAnswer as { created?: { name: string; token: string } } | undefined)?.created ?? null}
          lastResult={tokenAnswer?.result}
        />
      </div>
      {youtube ? (
        <div className="mt-6">
          <YoutubeChannelSection connection={youtube.connection} />
        </div>
      ) : null}
      <div className="mt-6">
        <Panel title="Webhooks" titleId="webhooks-heading">
          <p className="mt-1 text-sm text-zinc-400">Have Thumbsmith tell your own server or automation when a batch is done or a thumbnail gets a new version.</p>
          <Button asChild variant="secondary" className="mt-4">
            <Link to="/account/webhooks">Manage webhooks</Link>
          </Button>
        </Panel>
      </div>
      <div className="mt-6">
        <DeleteAccountSection />
      </div>
    </>
  );
}

function SessionsSection() {
  const { sessions } = useLoaderData<typeof loader>();
  const others = sessions.filter((s) => !s.isCurrent).length;
  return (
    <Panel title="Sessions" titleId="sessions-heading">
      <p className="mt-1 text-sm text-zinc-400">Browsers signed in to your account. A session ends after 30 days without use.</p>
      <DataTable rows={sessions} columns={sessionColumns} rowKey={(session, index) => `${session.createdAt}-${index}`} rowTestId="session-row" />
      <Form method="post" className="mt-4">
        <input type="hidden" name="intent" value={INTENTS.logOutOthers} />
        <Button type="submit" variant="secondary" disabled={others === 0}>
          Log out everywhere else
        </Button>
      </Form>
    </Panel>
  );
}

type SessionRow = ReturnType<typeof useLoaderData<typeof loader>>["sessions"][number];

const sessionColumns: Column<SessionRow>[] = [
  {
    header: "Device",
    cell: (session) => (
      <>
        {session.deviceLabel}
        {session.isCurrent ? <span className="ml-2 rounded-full bg-brand-500/15 px-2 py-0.5 text-xs font-medium text-brand-300">This device</span> : null}
      </>
    ),
  },
  { header: "Signed in (UTC)", className: "text-zinc-400", cell: (session) => dateTimeFormat.format(new Date(session.createdAt)) },
  { header: "Last seen (UTC)", className: "text-zinc-400", cell: (session) => dateTimeFormat.format(new Date(session.lastSeenAt)) },
];

function ChangePasswordSection() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === INTENTS.changePassword;
  const [form, fields] = useForm({
    id: "change-password-form",
    constraint: getZodConstraint(ChangePasswordFormSchema),
    lastResult: actionData?.intent === INTENTS.changePassword ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ChangePasswordFormSchema }),
  });
  return (
    <Panel title="Change password" titleId="password-heading" className="h-fit">
      <p className="mt-1 text-sm text-zinc-400">Your other sessions are logged out; this one stays.</p>
      <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={INTENTS.changePassword} />
        <Field
          labelProps={{ children: "Current password" }}
          inputProps={{ ...getInputProps(fields.currentPassword, { type: "password" }), autoComplete: "current-password" }}
          errors={fields.currentPassword.errors}
        />
        <Field
          labelProps={{ children: "New password" }}
          inputProps={{ ...getInputProps(fields.newPassword, { type: "password" }), autoComplete: "new-password" }}
          errors={fields.newPassword.errors}
          hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        />
        <Button type="submit" disabled={busy}>
          {busy ? "Changing password…" : "Change password"}
        </Button>
      </Form>
    </Panel>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
