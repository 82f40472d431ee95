import { apiRoute, handle } from "~/modules/api/api-handler.server";
import { getOpenApiDocument } from "~/modules/api/endpoints/account";
import { buildOpenApiDocument } from "~/modules/api/openapi.server";

let document: string | undefined;

export const { loader, action, endpoints } = apiRoute(
  handle(getOpenApiDocument, async () => {
    document ??= JSON.stringify(buildOpenApiDocument());
    return new Response(document, { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
  }),
);
