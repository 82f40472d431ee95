import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { DataTable, type Column } from "~/components/data-table";
import { ErrorList, Field } from "~/components/forms";
import { Panel } from "~/components/panel";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { API_SCOPES, SCOPE_LABELS, type ApiScope } from "~/modules/api-tokens/scopes";
import { CreateTokenFormSchema } from "~/modules/api-tokens/validation";
import { dateTimeFormat } from "~/utils/misc";

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  lastUsedAt: string | null;
  createdAt: string;
  revokedAt: string | null;
};

export const TOKEN_INTENTS = { create: "create-token", revoke: "revoke-token" } as const;

/**
 * Personal access tokens: the list, revoke, and a form to make one. A new
 * token's text is shown here once, right after it is made: it is never
 * stored, so it cannot be shown again.
 */
export function ApiTokensSection({
  tokens,
  created,
  lastResult,
  revokeAction,
  canCreate = true,
}: {
  tokens: TokenRow[];
  created?: { name: string; token: string } | null;
  lastResult?: SubmissionResult<string[]>;
  /** Where revoke posts (the Account page, or an admin's page for the user). */
  revokeAction?: string;
  canCreate?: boolean;
}) {
  const columns: Column<TokenRow>[] = [
    {
      header: "Name",
      cell: (token) => (
        <>
          <span className="font-medium">{token.name}</span>
          <span className="ml-2 font-mono text-xs text-zinc-400">{token.prefix}…</span>
        </>
      ),
    },
    { header: "Scopes", className: "text-zinc-300", cell: (token) => token.scopes.join(", ") },
    { header: "Last used (UTC)", className: "text-zinc-400", cell: (token) => (token.lastUsedAt ? dateTimeFormat.format(new Date(token.lastUsedAt)) : "Never") },
    { header: "Created (UTC)", className: "text-zinc-400", cell: (token) => dateTimeFormat.format(new Date(token.createdAt)) },
    {
      header: <span className="sr-only">Revoke</span>,
      cell: (token) =>
        token.revokedAt ? (
          <span className="text-sm text-zinc-500">Revoked {dateTimeFormat.format(new Date(token.revokedAt))}</span>
        ) : (
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm">
                Revoke
              </Button>
            }
            title={`Revoke “${token.name}”?`}
            description="Scripts and assistants using this token stop working at once. This cannot be undone; make a new token if you need one."
            action={
              <Form method="post" action={revokeAction}>
                <input type="hidden" name="intent" value={TOKEN_INTENTS.revoke} />
                <input type="hidden" name="tokenId" value={token.id} />
                <Button type="submit" variant="danger">
                  Revoke token
                </Button>
              </Form>
            }
          />
        ),
    },
  ];
  return (
    <Panel title="API tokens" titleId="tokens-heading">
      <p className="mt-1 text-sm text-zinc-400">
        Tokens let scripts, automation flows and AI assistants use your account through the <Link to="/api/docs" className="text-brand-300 underline underline-offset-4 hover:text-brand-200">API</Link> and the
        MCP server. They spend your credits.
      </p>
      {created ? <NewToken {...created} /> : null}
      {tokens.length > 0 ? (
        <DataTable rows={tokens} columns={columns} rowKey={(token) => token.id} rowTestId="token-row" />
      ) : (
        <p className="mt-4 text-sm text-zinc-400">No tokens yet.</p>
      )}
      {canCreate ? <CreateTokenForm lastResult={lastResult} /> : null}
    </Panel>
  );
}

function NewToken({ name, token }: { name: string; token: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="mt-4 rounded-lg border border-brand-500/40 bg-brand-500/10 p-4">
      <p className="text-sm font-medium">Your new token “{name}”. Copy it now: it will not be shown again.</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <code className="break-all rounded bg-ink-900 px-2 py-1 font-mono text-sm" data-testid="new-token">
          {token}
        </code>
        <Button
          type="button"
          variant="secondary"
          size="sm"
          onClick={async () => {
            await navigator.clipboard.writeText(token);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
    </div>
  );
}

function CreateTokenForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === TOKEN_INTENTS.create;
  const [form, fields] = useForm({
    id: "create-token-form",
    constraint: getZodConstraint(CreateTokenFormSchema),
    lastResult,
    defaultValue: { scopes: ["read"] },
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateTokenFormSchema }),
  });
  return (
    <Form method="post" className="mt-6 flex flex-col gap-4 border-t border-ink-700 pt-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={TOKEN_INTENTS.create} />
      <Field labelProps={{ children: "New token name" }} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
      <fieldset aria-describedby={fields.scopes.errors ? `${fields.scopes.id}-error` : undefined}>
        <legend className="text-sm font-medium">It may</legend>
        <div className="mt-2 flex flex-col gap-2">
          {API_SCOPES.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                name={fields.scopes.name}
                value={scope}
                defaultChecked={(fields.scopes.initialValue as string[] | undefined)?.includes(scope)}
                className="mt-0.5"
              />
              <span>{SCOPE_LABELS[scope]}</span>
            </label>
          ))}
        </div>
        <ErrorList id={`${fields.scopes.id}-error`} errors={fields.scopes.errors} />
      </fieldset>
      <ErrorList errors={form.errors} />
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create token"}
        </Button>
      </div>
    </Form>
  );
}
