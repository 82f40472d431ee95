import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { streamGenerationEvents } from "~/modules/generations/generation-stream.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const stream = await streamGenerationEvents(request, userId, params.generationId ?? "");
  if (!stream) throw new Response("Not found", { status: 404 });
  return stream;
}
