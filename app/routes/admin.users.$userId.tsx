// One account for the administrator: its ledger, granting credits,
// disabling or enabling it, and revoking its API tokens.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { LedgerTable } from "~/components/credits/ledger-table";
import { ErrorList, Field, type ListOfErrors } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { Panel } from "~/components/panel";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { CannotDisableSelfError, disableAccount, enableAccount } from "~/modules/admin/account-status.server";
import { grantCreditsToUser } from "~/modules/admin/grant-credits.server";
import { getUserForAdmin } from "~/modules/admin/users.server";
import { ApiTokensSection } from "~/components/account/api-tokens";
import { listApiTokens, revokeApiToken } from "~/modules/api-tokens/api-tokens.server";
import { RevokeTokenFormSchema } from "~/modules/api-tokens/validation";
import { requireAdmin } from "~/modules/auth/admin.server";
import { getCreditStatement } from "~/modules/credits/credits.server";
import { dateTimeFormat, formatCredits } from "~/utils/misc";
import { redirectWithToast } from "~/utils/toast.server";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.email ?? "User"} · Admin · Thumbsmith` }];

export const GRANT_MAX = 1_000_000;
const AMOUNT_MESSAGE = `Enter a whole number of credits from 1 to ${GRANT_MAX.toLocaleString("en")}.`;

const GrantSchema = z.object({
  intent: z.literal("grant"),
  amount: z
    .number({ required_error: "Enter how many credits to add.", invalid_type_error: AMOUNT_MESSAGE })
    .int(AMOUNT_MESSAGE)
    .min(1, AMOUNT_MESSAGE)
    .max(GRANT_MAX, AMOUNT_MESSAGE),
  note: z.string().trim().max(200, "Keep the note to 200 characters or fewer.").optional(),
});

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  GrantSchema,
  z.object({ intent: z.literal("disable") }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("revoke-token"), tokenId: RevokeTokenFormSchema.shape.tokenId }),
]);

const PageSchema = z.coerce.number().int().min(1).catch(1);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const adminId = await requireAdmin(request);
  const user = await getUserForAdmin(params.userId ?? "");
  if (!user) throw new Response("Not found", { status: 404 });
  const page = PageSchema.parse(new URL(request.url).searchParams.get("page") ?? 1);
  const [statement, tokens] = await Promise.all([getCreditStatement(user.id, { page }), listApiTokens(user.id)]);
  return json({ user, statement, tokens, isSelf: user.id === adminId });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const adminId = await requireAdmin(request);
  const userId = params.userId ?? "";
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") {
    return json({ intent: submission.payload.intent, result: submission.reply() }, { status: 400 });
  }
  const change = submission.value;
  const here = `/admin/users/${userId}`;

  if (change.intent === "grant") {
    const granted = await grantCreditsToUser({ userId, amount: change.amount, note: change.note || undefined });
    if (!granted) throw new Response("Not found", { status: 404 });
    return redirectWithToast(here, {
      title: "Credits added",
      description: `Added ${formatCredits(change.amount)}; the balance is now ${formatCredits(granted.balance)}.`,
    });
  }

  if (change.intent === "revoke-token") {
    // Scoped by the account in the URL: an id of another account's token changes nothing.
    const revoked = await revokeApiToken(userId, change.tokenId);
    return redirectWithToast(here, revoked
      ? { title: "Token revoked", description: "Anything using it stops working now." }
      : { title: "No such token", description: "It may have been revoked already.", type: "error" });
  }

  if (change.intent === "disable") {
    let disabled;
    try {
      disabled = await disableAccount({ adminId, userId });
    } catch (error) {
      if (!(error instanceof CannotDisableSelfError)) throw error;
      return json({ intent: change.intent, result: submission.reply({ formErrors: [error.message] }) }, { status: 400 });
    }
    if (!disabled) throw new Response("Not found", { status: 404 });
    const cancelled = disabled.cancelledGenerations;
    return redirectWithToast(here, {
      title: "Account disabled",
      description: `Ended ${disabled.endedSessions === 1 ? "1 session" : `${disabled.endedSessions} sessions`}${
        cancelled > 0 ? `, cancelled and refunded ${cancelled === 1 ? "1 waiting batch" : `${cancelled} waiting batches`}` : ""
      }. It cannot log in until enabled.`,
    });
  }

  if (!(await enableAccount(userId))) throw new Response("Not found", { status: 404 });
  return redirectWithToast(here, { title: "Account enabled", description: "It can log in again." });
}

export default function AdminUserRoute() {
  const { user, statement, tokens, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="grid gap-6 md:grid-cols-[320px_1fr]">
      <div className="flex flex-col gap-6">
        <Panel title={user.email} titleId="user-heading" titleClassName="break-all text-lg font-bold">
          <dl className="mt-4 grid grid-cols-2 gap-y-2 text-sm">
            <dt className="text-zinc-400">Balance</dt>
            <dd className="text-right font-semibold tabular-nums" data-testid="admin-user-balance">
              {formatCredits(user.credits)}
            </dd>
            <dt className="text-zinc-400">Generations</dt>
            <dd className="text-right tabular-nums">{user.generationCount}</dd>
            <dt className="text-zinc-400">Created (UTC)</dt>
            <dd className="text-right">{dateTimeFormat.format(new Date(user.createdAt))}</dd>
            <dt className="text-zinc-400">State</dt>
            <dd className="text-right" data-testid="admin-user-state">
              {user.disabledAt ? <span className="text-red-300">Disabled since {dateTimeFormat.format(new Date(user.disabledAt))}</span> : "Active"}
            </dd>
          </dl>
        </Panel>
        <GrantSection />
        <AccountStateSection
          disabled={user.disabledAt !== null}
          isSelf={isSelf}
          errors={actionData?.intent === "disable" ? actionData.result.error?.[""] : undefined}
        />
      </div>
      <div className="flex flex-col gap-6">
        <Panel title="Credit history" titleId="ledger-heading">
          <LedgerTable statement={statement} pagerLabel="Credit history pages" />
        </Panel>
        {/* The account's own tokens: an admin may revoke them (a leaked one, say) but never sees or makes one. */}
        <ApiTokensSection tokens={tokens} canCreate={false} />
      </div>
    </div>
  );
}

function GrantSection() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "grant";
  const [form, fields] = useForm({
    id: "grant-credits-form",
    constraint: getZodConstraint(GrantSchema),
    lastResult: actionData?.intent === "grant" ? actionData.result : undefined,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: GrantSchema }),
  });
  return (
    <Panel title="Add credits" titleId="grant-heading">
      <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="grant" />
        <Field
          labelProps={{ children: "Credits to add" }}
          inputProps={{ ...getInputProps(fields.amount, { type: "number" }), min: 1, step: 1 }}
          errors={fields.amount.errors}
        />
        <Field
          labelProps={{ children: "Note (optional)" }}
          inputProps={getInputProps(fields.note, { type: "text" })}
          errors={fields.note.errors}
          hint="Shown in the account's credit history."
        />
        <Button type="submit" disabled={busy}>
          {busy ? "Adding…" : "Add credits"}
        </Button>
      </Form>
    </Panel>
  );
}

function AccountStateSection({ disabled, isSelf, errors }: { disabled: boolean; isSelf: boolean; errors?: ListOfErrors }) {
  return (
    <Panel title={disabled ? "Enable account" : "Disable account"} titleId="state-heading" tone="danger">
      {disabled ? (
        <>
          <p className="mt-1 text-sm text-zinc-400">The account can log in again. Its cancelled batches stay cancelled.</p>
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="enable" />
            <Button type="submit" variant="secondary">
              Enable account
            </Button>
          </Form>
        </>
      ) : isSelf ? (
        <p className="mt-1 text-sm text-zinc-400">This is your own account: you cannot disable it.</p>
      ) : (
        <>
          <p className="mt-1 text-sm text-zinc-400">
            Ends its sessions at once and refuses its log ins. Batches waiting to start are cancelled and refunded; one already rendering finishes.
          </p>
          <ConfirmDialog
            trigger={
              <Button variant="danger" className="mt-4">
                Disable account…
              </Button>
            }
            title="Disable this account?"
            description="Its sessions end now and it cannot log in until you enable it again. Nothing is deleted."
            action={
              <Form method="post">
                <input type="hidden" name="intent" value="disable" />
                <Button type="submit" variant="danger">
                  Disable
                </Button>
              </Form>
            }
          />
        </>
      )}
      <div className="mt-3">
        <ErrorList errors={errors} />
      </div>
    </Panel>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
