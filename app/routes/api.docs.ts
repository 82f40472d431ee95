// GET /api/docs: the API reference. Public (it describes the API, it shows no data) and outside the app's layout.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiDocsHtml } from "~/modules/api/api-docs.server";

export async function loader({ context }: LoaderFunctionArgs) {
  return new Response(apiDocsHtml(typeof context.cspNonce === "string" ? context.cspNonce : ""), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache" },
  });
}
