// The Webhooks page's form, checked the same way in the browser and in the
// action. Client-safe: whether an address is public is the server's to say
// (endpoints.server.ts), and is checked again on every delivery.
import { z } from "zod";
import { WEBHOOK_EVENT_TYPES } from "./events";

export const MAX_WEBHOOK_ENDPOINTS = 10;
export const MAX_WEBHOOK_URL_LENGTH = 2000;

const NOT_A_URL = "That is not a URL: it should look like https://example.com/hooks/thumbsmith.";

export const WebhookUrlSchema = z
  .string({ required_error: "Enter the URL to send events to." })
  .trim()
  .min(1, "Enter the URL to send events to.")
  .max(MAX_WEBHOOK_URL_LENGTH, `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`)
  .url(NOT_A_URL)
  .superRefine((text, ctx) => {
    const problem = webhookUrlProblem(text);
    // Not a URL at all is said once, by .url() above.
    if (problem && problem !== NOT_A_URL) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });

export const WebhookEventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES, { message: "That is not an event Thumbsmith sends." }), {
    required_error: "Pick at least one event.",
  })
  .min(1, "Pick at least one event.")
  .transform((events) => [...new Set(events)]);

export const WebhookEndpointFormSchema = z.object({ url: WebhookUrlSchema, events: WebhookEventsSchema });
export type WebhookEndpointInput = z.input<typeof WebhookEndpointFormSchema>;

/** Why the text cannot be a webhook URL, in words for the form, or null. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return NOT_A_URL;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `The URL must start with https:// (or http://), not ${url.protocol}//.`;
  // Credentials would sit readable in the database and the log; the signature is the authentication.
  if (url.username || url.password) return "Leave the user name and password out of the URL: check the signature instead.";
  return null;
}
