import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { CompareSetNotExportableError, streamCompareSetZip } from "~/modules/compare/compare-zip.server";

// GET /resources/compare/:setId/zip: A.jpg, B.jpg, C.jpg and titles.txt.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  try {
    const zip = await streamCompareSetZip(userId, params.setId ?? "");
    if (!zip) throw new Response("Not found", { status: 404 });
    return zip;
  } catch (error) {
    if (error instanceof CompareSetNotExportableError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
