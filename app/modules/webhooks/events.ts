// The webhook contract: which events a user may subscribe to and what each
// one's body holds. Client-safe (the Webhooks page lists them), and the one
// place a new event type is added. Bodies follow Standard Webhooks'
// {type, timestamp, data} shape; docs/webhooks.md shows examples.

export const WEBHOOK_EVENT_TYPES = ["generation.completed", "generation.failed", "thumbnail.version_created"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by "Send test event": never subscribed to, delivered to the one endpoint asked. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEventType, string> = {
  "generation.completed": "A batch finished with thumbnails (every one, or some of them)",
  "generation.failed": "A batch made no thumbnail (its credits were refunded)",
  "thumbnail.version_created": "A thumbnail was edited and saved as a new version",
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}

/** The events column holds them space-separated; unknown words (a type since removed) are dropped. */
export function parseEventList(stored: string): WebhookEventType[] {
  return stored.split(/\s+/).filter(isWebhookEventType);
}

export type GenerationFinishedData = {
  generationId: string;
  /** "partial" comes with generation.completed: the batch is done and has thumbnails to use. */
  status: "completed" | "partial" | "failed";
  keywords: string;
  /** Thumbnails made, and cells that could not be made. */
  thumbnailCount: number;
  failedCount: number;
  /** Why nothing (or not everything) was made; null when all were. */
  error: string | null;
  /** The batch's page: absolute with PUBLIC_URL set, else a path. */
  url: string;
  thumbnails: { id: string; url: string }[];
};

export type ThumbnailVersionCreatedData = {
  thumbnailId: string;
  generationId: string;
  version: number;
  /** The editor page of the thumbnail, and its current image (both need the user's session). */
  url: string;
  imageUrl: string;
};

export type WebhookPayload<T = unknown> = { type: string; timestamp: string; data: T };
