import { parseWithZod } from "@conform-to/zod";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { DeliveryStatus, EndpointStateBadge, formatWhen } from "~/components/account/webhooks";
import { DataTable, type Column } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/general-error-boundary";
import { EmptyState, PageHeader } from "~/components/page-header";
import { Panel } from "~/components/panel";
import { ConfirmDialog } from "~/components/ui/alert-dialog";
import { Button } from "~/components/ui/button";
import { requireUserId } from "~/modules/auth/auth.server";
import {
  deleteWebhookEndpoint,
  enableWebhookEndpoint,
  getWebhookEndpoint,
  sendTestEvent,
  WebhookEndpointError,
} from "~/modules/webhooks/endpoints.server";
import { readForm } from "~/utils/form.server";
import { redirectWithToast } from "~/utils/toast.server";

export const meta: MetaFunction = () => [{ title: "Webhook endpoint · Thumbsmith" }];

const notFound = () => new Response("Not found", { status: 404 });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const endpoint = await getWebhookEndpoint(userId, params.endpointId ?? "");
  if (!endpoint) throw notFound();
  return json({ endpoint });
}

// Exported: the route-security test posts every intent it lists.
export const ActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("test") }),
  z.object({ intent: z.literal("delete") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const userId = await requireUserId(request);
  const submission = parseWithZod(await readForm(request), { schema: ActionSchema });
  if (submission.status !== "success") throw new Response("That action is not known.", { status: 400 });
  const endpointId = params.endpointId ?? "";
  const here = `/account/webhooks/${endpointId}`;
  switch (submission.value.intent) {
    case "enable":
      if (!(await enableWebhookEndpoint(userId, endpointId))) throw notFound();
      return redirectWithToast(here, { title: "Endpoint enabled", description: "New events are sent to it again." });
    case "test":
      try {
        if (!(await sendTestEvent(userId, endpointId))) throw notFound();
      } catch (error) {
        if (!(error instanceof WebhookEndpointError)) throw error;
        return redirectWithToast(here, { type: "error", title: "Not sent", description: error.message });
      }
      return redirectWithToast(here, { title: "Test event queued", description: "It appears in the log below within a few seconds." });
    case "delete":
      if (!(await deleteWebhookEndpoint(userId, endpointId))) throw notFound();
      return redirectWithToast("/account/webhooks", { title: "Endpoint deleted", description: "No more events are sent to it." });
  }
}

export default function WebhookEndpointRoute() {
  const { endpoint } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <>
      <PageHeader
        title="Webhook endpoint"
        description={<span className="break-all">{endpoint.url}</span>}
        actions={
          <div className="flex items-center gap-3">
            <Link to="/account/webhooks" className="text-sm text-brand-400 hover:text-brand-300">
              ← All endpoints
            </Link>
            <ConfirmDialog
              trigger={
                <Button size="sm" variant="ghost">
                  Delete endpoint
                </Button>
              }
              title="Delete this endpoint?"
              description="No more events are sent to it, and its delivery log goes with it."
              action={
                <Form method="post">
                  <Button type="submit" name="intent" value="delete" variant="danger">
                    Delete endpoint
                  </Button>
                </Form>
              }
            />
          </div>
        }
      />
      <div className="grid gap-6 md:grid-cols-[1fr_320px]">
        <Panel title="Delivery log" titleId="deliveries-heading">
          <p className="mt-1 text-sm text-zinc-400">The newest 50 events sent here. A failed attempt is tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h.</p>
          {endpoint.deliveries.length === 0 ? (
            <div className="mt-4">
              <EmptyState title="Nothing sent yet">Events appear here as they happen. Send a test event to try your receiver.</EmptyState>
            </div>
          ) : (
            <DataTable rows={endpoint.deliveries} columns={deliveryColumns} rowKey={(delivery) => delivery.id} rowTestId="webhook-delivery-row" alignTop />
          )}
        </Panel>
        <Panel title="State" titleId="state-heading" className="h-fit">
          <div className="mt-3 flex items-center gap-2">
            <EndpointStateBadge state={endpoint.state} />
          </div>
          {endpoint.disabledReason ? (
            <p className="mt-2 text-sm text-red-300" data-testid="webhook-disabled-reason">
              {endpoint.disabledReason}
            </p>
          ) : null}
          <p className="mt-3 text-sm text-zinc-400">Events: {endpoint.events.join(", ")}</p>
          <p className="mt-1 text-sm text-zinc-400">Added {formatWhen(endpoint.createdAt)}</p>
          <Form method="post" className="mt-4 flex flex-wrap gap-3">
            {endpoint.state === "disabled" ? (
              <Button type="submit" name="intent" value="enable" disabled={busy}>
                Enable again
              </Button>
            ) : (
              <Button type="submit" name="intent" value="test" variant="secondary" disabled={busy}>
                Send test event
              </Button>
            )}
          </Form>
        </Panel>
      </div>
    </>
  );
}

type DeliveryRow = ReturnType<typeof useLoaderData<typeof loader>>["endpoint"]["deliveries"][number];

const deliveryColumns: Column<DeliveryRow>[] = [
  {
    header: "Event",
    cell: (delivery) => (
      <>
        <code className="font-mono text-xs">{delivery.eventType}</code>
        <p className="mt-1 text-xs text-zinc-400">{formatWhen(delivery.createdAt)}</p>
      </>
    ),
  },
  { header: "Status", cell: (delivery) => <DeliveryStatus delivery={delivery} /> },
  { header: "Attempts", align: "right", cell: (delivery) => delivery.attempts },
  {
    header: "Last attempt",
    className: "max-w-xs",
    cell: (delivery) => (
      <>
        {formatWhen(delivery.lastAttemptAt)}
        {delivery.lastError ? <p className="mt-1 break-words text-xs text-zinc-400">{delivery.lastError}</p> : null}
      </>
    ),
  },
  { header: "Next attempt", cell: (delivery) => formatWhen(delivery.nextAttemptAt) },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
