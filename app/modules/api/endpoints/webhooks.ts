// Webhook endpoints through the API, so a flow (n8n, Zapier, a script) can
// register where it wants to hear about batches without opening the pages.
// The same rules as the Webhooks page (app/modules/webhooks/).
import { WEBHOOK_EVENT_TYPES } from "~/modules/webhooks/events";
import { WebhookEventsSchema, WebhookUrlSchema } from "~/modules/webhooks/validation";
import { defineEndpoint } from "../endpoint";
import { isoDateTime, z } from "../zod";

const WebhookIdParams = z.object({ webhookId: z.string().min(1).max(64).openapi({ example: "cm4webhook000000000000000" }) });

export const WebhookDeliverySchema = z
  .object({
    id: z.string().openapi({ description: "Sent as the webhook-id header, the same on every retry." }),
    eventType: z.string(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().openapi({ description: "The HTTP status of the last attempt." }),
    lastError: z.string().nullable(),
    lastAttemptAt: isoDateTime().nullable(),
    deliveredAt: isoDateTime().nullable(),
    nextAttemptAt: isoDateTime().nullable(),
    createdAt: isoDateTime(),
  })
  .openapi("WebhookDelivery");

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    state: z.enum(["active", "disabled"]),
    disabledReason: z.string().nullable().openapi({ description: "Why it disabled itself (repeated failures), when it did." }),
    createdAt: isoDateTime(),
    lastDelivery: WebhookDeliverySchema.nullable(),
  })
  .openapi("Webhook");

const CreateWebhookBody = z
  .object({ url: WebhookUrlSchema, events: WebhookEventsSchema })
  .openapi({ example: { url: "https://hooks.example.com/thumbsmith", events: ["generation.completed", "generation.failed"] } });

export const listWebhooks = defineEndpoint({
  method: "get",
  path: "/api/v1/webhooks",
  operationId: "listWebhooks",
  tag: "Webhooks",
  summary: "List your webhook endpoints",
  scope: "read",
  success: { status: 200, description: "Every endpoint, oldest first, with its last delivery.", schema: z.object({ data: z.array(WebhookSchema) }) },
});

export const createWebhook = defineEndpoint({
  method: "post",
  path: "/api/v1/webhooks",
  operationId: "createWebhook",
  tag: "Webhooks",
  summary: "Register a URL to be told when batches finish and thumbnails change",
  description:
    "Deliveries are signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature headers) with the `secret` this answer holds; it is shown only here. See docs/webhooks.md for the events and how to check a signature.",
  scope: "edit",
  body: { type: "json", schema: CreateWebhookBody },
  idempotent: true,
  success: {
    status: 201,
    description: "The endpoint, and its signing secret (shown once).",
    schema: WebhookSchema.extend({ secret: z.string().openapi({ example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" }) }).openapi("NewWebhook"),
  },
});

export const getWebhook = defineEndpoint({
  method: "get",
  path: "/api/v1/webhooks/{webhookId}",
  operationId: "getWebhook",
  tag: "Webhooks",
  summary: "One endpoint with its delivery log",
  scope: "read",
  params: WebhookIdParams,
  success: { status: 200, description: "The endpoint and its newest 50 deliveries.", schema: WebhookSchema.extend({ deliveries: z.array(WebhookDeliverySchema) }).openapi("WebhookWithDeliveries") },
  errors: [404],
});

export const deleteWebhook = defineEndpoint({
  method: "delete",
  path: "/api/v1/webhooks/{webhookId}",
  operationId: "deleteWebhook",
  tag: "Webhooks",
  summary: "Stop sending to an endpoint and forget its log",
  scope: "edit",
  params: WebhookIdParams,
  success: { status: 204, description: "Deleted." },
  errors: [404],
});
