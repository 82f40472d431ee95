import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUserId } from "~/modules/auth/auth.server";
import { streamGenerationEvents } from "~/modules/generations/generation-stream.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  // Not a redirect to the login page: EventSource cannot follow one to HTML
  // and would retry every few seconds. A 401 stops it.
  const userId = await getUserId(request);
  if (!userId) throw new Response("Log in to follow this generation.", { status: 401 });
  const stream = await streamGenerationEvents(request, userId, params.generationId ?? "", { clientGone: context.clientGone });
  if (!stream) throw new Response("Not found", { status: 404 });
  return stream;
}
