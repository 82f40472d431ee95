import { ApiError } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { createWebhook, listWebhooks } from "~/modules/api/endpoints/webhooks";
import { createWebhookEndpoint, listWebhookEndpoints, WebhookEndpointError } from "~/modules/webhooks/endpoints.server";

export const { loader, action, endpoints } = apiRoute(
  handle(listWebhooks, async ({ caller }) => ({ data: await listWebhookEndpoints(caller.userId) })),
  handle(createWebhook, async ({ caller, body }) => {
    try {
      const { endpoint, secret } = await createWebhookEndpoint(caller.userId, body);
      return { ...endpoint, secret };
    } catch (error) {
      if (error instanceof WebhookEndpointError) throw new ApiError(400, "invalid_field", error.message, error.field);
      throw error;
    }
  }),
);
