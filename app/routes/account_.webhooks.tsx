import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { DeliveryStatus, EndpointStateBadge, formatWhen, SecretReveal } from "~/components/account/webhooks";
import { DataTable, type Column } from "~/components/data-table";
import { ErrorList, Field } from "~/components/forms";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Panel } from "~/components/panel";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import { createWebhookEndpoint, listWebhookEndpoints, WebhookEndpointError } from "~/modules/webhooks/endpoints.server";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENT_TYPES } from "~/modules/webhooks/events";
import { MAX_WEBHOOK_ENDPOINTS, WebhookEndpointFormSchema } from "~/modules/webhooks/validation";
import { readForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Webhooks · Account · Thumbsmith" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  return json({ endpoints: await listWebhookEndpoints(userId) });
}

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [WebhookEndpointFormSchema.extend({ intent: z.literal("create") })]);

export async function action({ request }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") return json({ result: submission.reply(), created: null }, { status: 400 });
  try {
    const { endpoint, secret } = await createWebhookEndpoint(userId, submission.value);
    // Not a redirect: the secret is in this answer only, never in a URL or a later page.
    return json({ result: submission.reply({ resetForm: true }), created: { id: endpoint.id, url: endpoint.url, secret } });
  } catch (error) {
    if (!(error instanceof WebhookEndpointError)) throw error;
    return json({ result: submission.reply({ fieldErrors: { [error.field ?? "url"]: [error.message] } }), created: null }, { status: 400 });
  }
}

export default function WebhooksRoute() {
  const { endpoints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Thumbsmith tells a URL of yours when a batch is done, fails, or a thumbnail gets a new version: each request is signed, and retried for a day until your server answers."
        actions={
          <Link to="/account" className="text-sm text-brand-400 hover:text-brand-300">
            ← Account
          </Link>
        }
      />
      {actionData?.created ? (
        <div className="mb-6">
          <SecretReveal secret={actionData.created.secret} url={actionData.created.url} />
        </div>
      ) : null}
      <div className="grid gap-6 md:grid-cols-[1fr_360px]">
        <Panel title="Endpoints" titleId="endpoints-heading">
          {endpoints.length === 0 ? (
            <div className="mt-4">
              <EmptyState title="No endpoints yet">Add a URL to be told when your batches are done.</EmptyState>
            </div>
          ) : (
            <DataTable rows={endpoints} columns={endpointColumns} rowKey={(endpoint) => endpoint.id} rowTestId="webhook-endpoint-row" alignTop />
          )}
        </Panel>
        <AddEndpointSection full={endpoints.length >= MAX_WEBHOOK_ENDPOINTS} />
      </div>
    </>
  );
}

type EndpointRow = ReturnType<typeof useLoaderData<typeof loader>>["endpoints"][number];

const endpointColumns: Column<EndpointRow>[] = [
  {
    header: "URL",
    className: "max-w-xs",
    cell: (endpoint) => (
      <>
        <Link to={`/account/webhooks/${endpoint.id}`} className="break-all text-brand-300 hover:underline">
          {endpoint.url}
        </Link>
        <p className="mt-1 text-xs text-zinc-400">{endpoint.events.join(", ")}</p>
      </>
    ),
  },
  {
    header: "State",
    cell: (endpoint) => (
      <>
        <EndpointStateBadge state={endpoint.state} />
        {endpoint.disabledReason ? <p className="mt-1 max-w-xs text-xs text-red-300">{endpoint.disabledReason}</p> : null}
      </>
    ),
  },
  {
    header: "Last delivery",
    cell: (endpoint) =>
      endpoint.lastDelivery ? (
        <>
          <DeliveryStatus delivery={endpoint.lastDelivery} />
          <p className="mt-1 text-xs text-zinc-400">
            {endpoint.lastDelivery.eventType} · {formatWhen(endpoint.lastDelivery.lastAttemptAt ?? endpoint.lastDelivery.createdAt)}
          </p>
        </>
      ) : (
        <span className="text-zinc-400">None yet</span>
      ),
  },
];

function AddEndpointSection({ full }: { full: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "create";
  const [form, fields] = useForm({
    id: "add-webhook-form",
    constraint: getZodConstraint(WebhookEndpointFormSchema),
    lastResult: actionData?.result,
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ActionSchema }),
  });
  return (
    <Panel title="Add an endpoint" titleId="add-endpoint-heading" className="h-fit">
      {full ? (
        <p className="mt-2 text-sm text-zinc-400">You have {MAX_WEBHOOK_ENDPOINTS} endpoints, the most an account may have: delete one to add another.</p>
      ) : (
        <Form method="post" className="mt-4 flex flex-col gap-4" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="create" />
          <Field
            labelProps={{ children: "URL" }}
            inputProps={{ ...getInputProps(fields.url, { type: "url" }), placeholder: "https://example.com/hooks/thumbsmith" }}
            errors={fields.url.errors}
            hint="A public address; https is best. Redirects are not followed."
          />
          <fieldset className="flex flex-col gap-2" aria-describedby={fields.events.errors ? `${fields.events.id}-error` : undefined}>
            <legend className="text-sm font-medium text-zinc-200">Events</legend>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name={fields.events.name} value={type} defaultChecked className="mt-0.5 h-4 w-4 accent-brand-500" />
                <span>
                  <code className="font-mono text-xs text-zinc-100">{type}</code>
                  <span className="block text-xs text-zinc-400">{WEBHOOK_EVENT_LABELS[type]}</span>
                </span>
              </label>
            ))}
            <ErrorList id={`${fields.events.id}-error`} errors={fields.events.errors} />
          </fieldset>
          <Button type="submit" disabled={busy}>
            {busy ? "Adding…" : "Add endpoint"}
          </Button>
        </Form>
      )}
    </Panel>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
