import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { getPortraitFile } from "~/modules/portraits/portraits.server";
import { imageResponse } from "~/modules/storage/image-response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const variant = params.variant === "preview" ? "preview" : params.variant === "image" ? "image" : null;
  if (!variant || !params.portraitId) throw new Response("Not found", { status: 404 });
  const file = await getPortraitFile(userId, params.portraitId, variant);
  if (!file) throw new Response("Not found", { status: 404 });
  return imageResponse(request, file);
}

