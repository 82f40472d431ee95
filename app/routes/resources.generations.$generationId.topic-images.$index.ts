import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUserId } from "~/modules/auth/auth.server";
import { imageResponse } from "~/modules/storage/image-response.server";
import { MAX_TOPIC_IMAGES } from "~/modules/topic-images/constants";
import { getTopicImageFile } from "~/modules/topic-images/topic-images.server";

// One of a generation's topic images by its place (0, 1, 2), for its owner only.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const userId = await requireUserId(request);
  const index = Number(params.index);
  if (!/^\d$/.test(params.index ?? "") || index >= MAX_TOPIC_IMAGES || !params.generationId) throw new Response("Not found", { status: 404 });
  const file = await getTopicImageFile(userId, params.generationId, index);
  if (!file) throw new Response("Not found", { status: 404 });
  return imageResponse(request, file);
}
