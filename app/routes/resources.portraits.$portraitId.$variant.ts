import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { getPortraitFile, PORTRAIT_VARIANTS, type PortraitVariant } from "~/modules/portraits/portraits.server";
import { imageResponse } from "~/modules/storage/image-response.server";

function isVariant(value: string | undefined): value is PortraitVariant {
  return PORTRAIT_VARIANTS.includes(value as PortraitVariant);
}

// image | preview | cutout (the cut-out on transparency; 404 when none was made).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const variant = params.variant;
  if (!isVariant(variant) || !params.portraitId) throw new Response("Not found", { status: 404 });
  const file = await getPortraitFile(userId, params.portraitId, variant);
  if (!file) throw new Response("Not found", { status: 404 });
  return imageResponse(request, file);
}
