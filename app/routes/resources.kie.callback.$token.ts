import type { ActionFunctionArgs } from "@remix-run/node";
import { handleKieCallback } from "~/modules/providers/kie/kie-webhook.server";

export async function loader() {
  return new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return loader();
  const outcome = await handleKieCallback(request, params.token ?? "");
  return new Response(outcome.message, { status: outcome.status, headers: { "Content-Type": "text/plain" } });
}
