import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { deleteWebhook, getWebhook } from "~/modules/api/endpoints/webhooks";
import { deleteWebhookEndpoint, getWebhookEndpoint } from "~/modules/webhooks/endpoints.server";

export const { loader, action, endpoints } = apiRoute(
  handle(getWebhook, async ({ caller, params }) => {
    const endpoint = await getWebhookEndpoint(caller.userId, params.webhookId);
    if (!endpoint) throw notFound("This webhook");
    return endpoint;
  }),
  handle(deleteWebhook, async ({ caller, params }) => {
    if (!(await deleteWebhookEndpoint(caller.userId, params.webhookId))) throw notFound("This webhook");
    return new Response(null, { status: 204 });
  }),
);
