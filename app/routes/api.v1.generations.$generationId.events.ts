import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { streamGenerationEventsEndpoint } from "~/modules/api/endpoints/generations";
import { streamGenerationEvents } from "~/modules/generations/generation-stream.server";

export const { loader, action, endpoints } = apiRoute(
  handle(streamGenerationEventsEndpoint, async ({ caller, params, request, context }) => {
    // The gallery's stream, as it is: a snapshot, the changes, the end when the batch is final.
    const stream = await streamGenerationEvents(request, caller.userId, params.generationId, { clientGone: context.clientGone });
    if (!stream) throw notFound("This generation");
    return stream;
  }),
);
