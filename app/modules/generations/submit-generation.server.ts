// Starting a batch from what a person or a script sent: the Generate page,
// the REST API and the MCP server all come here, so every rule on the
// creator's words, topic images and credits is checked once, the same way.
// The caller has parsed its fields with its schema; this runs the checks
// that need the server (what can be drawn, what decodes) cheapest first,
// then makes the batch. A refusal names the field at fault and spends nothing.
import { InsufficientCreditsError } from "~/modules/credits/balance.server";
import type { ModelDraws } from "~/modules/providers/provider";
import { ProviderNotOfferedError } from "~/modules/providers/registry.server";
import { TOPIC_IMAGE_FIELD } from "~/modules/topic-images/constants";
import type { TopicImageUpload } from "~/modules/topic-images/topic-image-upload.server";
import { prepareTopicImages } from "~/modules/topic-images/topic-images.server";
import { fetchStyleReference, type VideoInfo } from "~/modules/youtube/video-lookup.server";
import { createGeneration, PortraitNotFoundError } from "./create-generation.server";
import { undrawableTextErrors } from "./drawable-text.server";
import { headlineFitErrors, keywordFitErrors } from "./headline-fit.server";

export type GenerationRequest = {
  userId: string;
  portraitId: string;
  keywords: string;
  headline?: string | null;
  backgroundCount: number;
  /** The same key twice makes one batch (a double click, a retried request). */
  submissionKey?: string | null;
  modelDraws?: ModelDraws;
  provider?: string;
  /** A YouTube video the batch starts from, already looked up (lookupVideo). */
  video?: VideoInfo | null;
  /** Follow the video's thumbnail as a style. */
  useVideoStyle?: boolean;
  topicImageUploads?: TopicImageUpload[];
};

export type SubmitGenerationResult =
  /** duplicate: the submission key had already made this batch (nothing new was spent). */
  | { ok: true; generationId: string; duplicate: boolean }
  | { ok: false; status: 400 | 402; fieldErrors: Record<string, string[]>; formErrors: string[] };

const refused = (status: 400 | 402, fieldErrors: Record<string, string[]>, formErrors: string[] = []): SubmitGenerationResult => ({
  ok: false,
  status,
  fieldErrors,
  formErrors,
});

export async function submitGeneration({ video = null, useVideoStyle = false, topicImageUploads = [], ...input }: GenerationRequest): Promise<SubmitGenerationResult> {
  const headline = input.headline || null;
  const undrawable = undrawableTextErrors({ keywords: input.keywords, headline: headline ?? undefined });
  if (undrawable) return refused(400, undrawable);
  // The creator's words are drawn whole or refused here, before anything is spent.
  const cut = { ...keywordFitErrors(input.keywords), ...headlineFitErrors(headline ?? undefined) };
  if (Object.keys(cut).length > 0) return refused(400, cut);
  // Last of the checks: decoding is the costly one.
  const topicImages = await prepareTopicImages(topicImageUploads);
  if (!topicImages.ok) return refused(400, { [TOPIC_IMAGE_FIELD]: topicImages.errors });
  // A picture that does not come leaves the batch without a style: the title still makes it.
  const styleReference = video && useVideoStyle ? await fetchStyleReference(video.videoId) : null;
  try {
    const generation = await createGeneration({
      userId: input.userId,
      portraitId: input.portraitId,
      keywords: input.keywords,
      headline,
      backgroundCount: input.backgroundCount,
      submissionKey: input.submissionKey ?? null,
      modelDraws: input.modelDraws,
      provider: input.provider,
      topicImages: topicImages.images,
      styleReference,
      // Kept whatever the link's form: the batch's feed preview sets the candidates beside this video's thumbnail.
      sourceVideo: video ? { id: video.videoId, title: video.title } : null,
    });
    return { ok: true, generationId: generation.id, duplicate: generation.duplicate };
  } catch (error) {
    if (error instanceof InsufficientCreditsError) return refused(402, {}, [error.message]);
    if (error instanceof PortraitNotFoundError) return refused(400, { portraitId: [error.message] });
    if (error instanceof ProviderNotOfferedError) return refused(400, { provider: [error.message] });
    throw error;
  }
}
