// GET /api/docs/scalar.js?v=<digest>: Scalar's browser bundle. Its URL
// carries a digest of its bytes, so it may be cached for good.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { scalarBundle } from "~/modules/api/api-docs.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { bytes, version } = scalarBundle();
  const current = new URL(request.url).searchParams.get("v") === version;
  return new Response(bytes, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      // An old or missing version gets today's bytes, but only briefly cached under that URL.
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "public, max-age=300",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
