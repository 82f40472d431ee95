import type { getGeneration, listGenerationsAfter } from "~/modules/generations/generations.server";
import { GenerationStatus, isThumbnailFinished, ThumbnailStage, ThumbnailStatus } from "~/modules/generations/lifecycle";
import { BACKGROUNDS_DEFAULT, GENERATION_FIELDS } from "~/modules/generations/validation";
import { MODEL_DRAWS } from "~/modules/providers/provider";
import type { ThumbnailLabels } from "~/modules/thumbnails/thumbnail-labels.server";
import { MAX_TOPIC_IMAGES, TOPIC_IMAGE_FIELD } from "~/modules/topic-images/constants";
import { defineEndpoint } from "../endpoint";
import { ListQuerySchema, listSchema } from "../pagination";
import { z } from "../zod";

const TAG = "Generations";
const GenerationParams = z.object({ generationId: z.string().min(1).max(64).openapi({ example: "cm1generation00000000000" }) });

const generationLinks = (id: string) => ({
  self: `/api/v1/generations/${id}`,
  events: `/api/v1/generations/${id}/events`,
  zip: `/api/v1/generations/${id}/zip`,
});

const LinksSchema = z.object({
  self: z.string(),
  events: z.string().openapi({ description: "Server-sent events: a snapshot, then progress and thumbnail events until the batch ends." }),
  zip: z.string().openapi({ description: "The finished thumbnails as a ZIP." }),
});

const ProgressSchema = z
  .object({
    percent: z.number().int().min(0).max(100),
    done: z.number().int().openapi({ description: "Thumbnails finished (made or failed)." }),
    total: z.number().int().openapi({ description: "Thumbnails the batch makes: headlines × backgrounds." }),
    currentStep: z.string().nullable(),
  })
  .openapi("GenerationProgress");

/** What every generation answer carries, in the list and alone. */
const generationFields = {
  id: z.string(),
  status: z.nativeEnum(GenerationStatus).openapi({ description: "pending and processing are still running; completed, partial and failed are final." }),
  keywords: z.string(),
  headline: z.string().nullable().openapi({ description: "The creator's own headline; null when the batch wrote its own." }),
  provider: z.string().openapi({ description: "The image service's name, as given on create.", example: "local" }),
  modelDraws: z.enum(MODEL_DRAWS),
  backgroundCount: z.number().int(),
  createdAt: z.string().datetime(),
  finishedAt: z.string().datetime().nullable(),
  progress: ProgressSchema,
  credits: z.number().int().openapi({ description: "What the batch cost, in credits (given back when it failed)." }),
  links: LinksSchema,
};

export const GenerationSummarySchema = z.object(generationFields).openapi("GenerationSummary");

const GenerationThumbnailSchema = z
  .object({
    id: z.string(),
    status: z.nativeEnum(ThumbnailStatus),
    stage: z.nativeEnum(ThumbnailStage).nullable().openapi({ description: "Where a rendering thumbnail is." }),
    headline: z.string().nullable().openapi({ description: "The headline it draws; null when the image model drew the text." }),
    background: z.string().nullable().openapi({ description: "The background it sits on, in words.", example: "burst in red and gold" }),
    headlineIndex: z.number().int(),
    backgroundIndex: z.number().int(),
    version: z.number().int().openapi({ description: "The current version (1 until it is edited)." }),
    note: z.string().nullable(),
    error: z.string().nullable(),
    links: z.object({
      self: z.string(),
      image: z.string().nullable().openapi({ description: "The current version's image; null until it is made." }),
    }),
  })
  .openapi("GenerationThumbnail");

export const GenerationSchema = z
  .object({
    ...generationFields,
    providerLabel: z.string(),
    headlineCount: z.number().int(),
    error: z.string().nullable().openapi({ description: "Why the batch (or part of it) failed." }),
    estimatedSeconds: z.number().int().nullable(),
    topicImageCount: z.number().int(),
    sourceVideo: z.object({ id: z.string(), title: z.string() }).nullable(),
    thumbnails: z.array(GenerationThumbnailSchema).openapi({ description: "Row by row: each headline's backgrounds in turn." }),
  })
  .openapi("Generation");

type GenerationView = NonNullable<Awaited<ReturnType<typeof getGeneration>>>;
type GenerationListItem = Awaited<ReturnType<typeof listGenerationsAfter>>[number];

function progressOf(g: { progress: number; thumbnailCount: number; currentStep?: string | null }, done: number) {
  return { percent: g.progress, done, total: g.thumbnailCount, currentStep: g.currentStep ?? null };
}

export function toGenerationSummary(g: GenerationListItem): z.input<typeof GenerationSummarySchema> {
  return {
    id: g.id,
    status: g.status,
    keywords: g.keywords,
    headline: g.headline,
    provider: g.provider,
    modelDraws: g.modelDraws,
    backgroundCount: g.backgroundCount,
    createdAt: g.createdAt.toISOString(),
    finishedAt: g.completedAt?.toISOString() ?? null,
    progress: progressOf(g, g.finishedCount),
    credits: g.creditsUsed,
    links: generationLinks(g.id),
  };
}

export function toGenerationResource(g: GenerationView, labels: Map<string, ThumbnailLabels>): z.input<typeof GenerationSchema> {
  return {
    id: g.id,
    status: g.status,
    keywords: g.keywords,
    headline: g.headline,
    provider: g.provider,
    providerLabel: g.providerLabel,
    modelDraws: g.modelDraws,
    backgroundCount: g.backgroundCount,
    headlineCount: g.promptCount,
    createdAt: g.createdAt.toISOString(),
    finishedAt: g.completedAt?.toISOString() ?? null,
    progress: progressOf(g, g.thumbnails.filter((t) => isThumbnailFinished(t.status)).length),
    credits: g.creditsUsed,
    error: g.errorMessage,
    estimatedSeconds: g.estimatedSeconds,
    topicImageCount: g.topicImageCount,
    sourceVideo: g.sourceVideo,
    thumbnails: g.thumbnails.map((t) => ({
      id: t.id,
      status: t.status,
      stage: t.stage,
      headline: labels.get(t.id)?.headline ?? null,
      background: labels.get(t.id)?.background ?? null,
      headlineIndex: t.promptIndex,
      backgroundIndex: t.backgroundIndex,
      version: t.version,
      note: t.note,
      error: t.errorMessage,
      links: {
        self: `/api/v1/thumbnails/${t.id}`,
        image: t.status === ThumbnailStatus.success ? `/api/v1/thumbnails/${t.id}/image` : null,
      },
    })),
    links: generationLinks(g.id),
  };
}

export const listGenerationsEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/generations",
  operationId: "listGenerations",
  tag: TAG,
  summary: "List generations",
  description: "The user's batches, newest first, without their thumbnails (get one for those).",
  scope: "read",
  query: ListQuerySchema,
  success: { status: 200, description: "A page of generations.", schema: listSchema(GenerationSummarySchema, "GenerationList") },
});

const { portraitId, keywords, backgroundCount, headline, modelDraws, provider, videoUrl, useVideoStyle } = GENERATION_FIELDS;

/** The JSON body of a new batch: the Generate form's fields, with its limits and messages (validation.ts). */
export const CreateGenerationJsonSchema = z
  .object({
    portraitId: portraitId.openapi({ description: "One of the user's portraits.", example: "cm1portrait0000000000000" }),
    keywords: keywords.optional().openapi({
      description: "What the video is about. May be left out with a videoUrl: the video's title is used.",
      example: "iPhone 17 review, shocking battery",
    }),
    backgroundCount: backgroundCount.openapi({ description: "Backgrounds per headline.", example: BACKGROUNDS_DEFAULT }),
    headline: headline.openapi({ description: "Your own headline, up to 5 words; left out, the batch writes several.", example: "Battery SHOCK" }),
    provider: provider.openapi({ description: "The image service (a name from the Generate page); the server's default when left out.", example: "local" }),
    modelDraws: modelDraws.openapi({ description: "With an image model: what it draws. `scene` (default), `person` or `everything` (text included)." }),
    videoUrl: videoUrl.openapi({ description: "A YouTube video to start from: its title fills empty keywords.", example: "https://youtu.be/dQw4w9WgXcQ" }),
    useVideoStyle: useVideoStyle.openapi({ description: "Follow the video's thumbnail as a style." }),
  })
  .openapi("CreateGeneration");

/** What a create is parsed with once a video's title has filled empty keywords: then keywords are required. */
export const CreateGenerationInputSchema = CreateGenerationJsonSchema.required({ keywords: true });

export const createGenerationEndpoint = defineEndpoint({
  method: "post",
  path: "/api/v1/generations",
  operationId: "createGeneration",
  tag: TAG,
  summary: "Start a batch",
  description: `Spends the batch's credits and starts it in the background: the answer is the pending batch. Follow \`links.events\` (or poll \`links.self\`) until its status is final, then download \`links.zip\`. Send JSON, or multipart/form-data with the same fields and up to ${MAX_TOPIC_IMAGES} topic images (a product photo, a screenshot) under \`${TOPIC_IMAGE_FIELD}\` (in multipart, \`useVideoStyle=on\` turns the style on).`,
  scope: "generate",
  idempotent: true,
  body: {
    type: "multipart",
    schema: CreateGenerationJsonSchema.omit({ useVideoStyle: true }).extend({
      useVideoStyle: z.literal("on").optional(),
      [TOPIC_IMAGE_FIELD]: z.array(z.string().openapi({ format: "binary" })).max(MAX_TOPIC_IMAGES).optional(),
    }),
    json: CreateGenerationJsonSchema,
  },
  success: { status: 202, description: "The batch, pending; `Location` is its address.", schema: GenerationSchema },
  errors: [402, 409, 413, 415],
});

export const getGenerationEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/generations/{generationId}",
  operationId: "getGeneration",
  tag: TAG,
  summary: "Get a generation",
  description: "The batch with its progress and its thumbnails, each linking to its image.",
  scope: "read",
  params: GenerationParams,
  success: { status: 200, description: "The batch.", schema: GenerationSchema },
  errors: [404],
});

export const deleteGenerationEndpoint = defineEndpoint({
  method: "delete",
  path: "/api/v1/generations/{generationId}",
  operationId: "deleteGeneration",
  tag: TAG,
  summary: "Delete a generation",
  description: "Deletes a finished batch with its thumbnails. A batch still running is refused (409).",
  scope: "edit",
  params: GenerationParams,
  success: { status: 204, description: "Deleted." },
  errors: [404, 409],
});

export const regenerateGenerationEndpoint = defineEndpoint({
  method: "post",
  path: "/api/v1/generations/{generationId}/regenerate",
  operationId: "regenerateGeneration",
  tag: TAG,
  summary: "Make a batch again",
  description: "A new batch with the same portrait, topic images and settings, as the gallery's Regenerate. Spends credits.",
  scope: "generate",
  idempotent: true,
  params: GenerationParams,
  success: { status: 202, description: "The new batch, pending; `Location` is its address.", schema: GenerationSchema },
  errors: [402, 404, 409, 422],
});

export const streamGenerationEventsEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/generations/{generationId}/events",
  operationId: "streamGenerationEvents",
  tag: TAG,
  summary: "Follow a generation",
  description:
    "Server-sent events, as the gallery gets them: `snapshot` (the whole state) first, then `progress` and `thumbnail` events, `heartbeat` every 15 s, and `reconnect` when the server restarts (open it again). The stream ends when the batch is final.",
  scope: "read",
  params: GenerationParams,
  success: { status: 200, description: "The event stream.", contentType: "text/event-stream" },
  errors: [404],
});

export const downloadGenerationZipEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/generations/{generationId}/zip",
  operationId: "downloadGenerationZip",
  tag: TAG,
  summary: "Download a generation as a ZIP",
  description: "The finished thumbnails (current versions) and a manifest.json. 409 while none is finished.",
  scope: "read",
  params: GenerationParams,
  query: z.object({
    thumbnailIds: z
      .string()
      .max(20_000)
      .optional()
      .transform((ids) => (ids ? ids.split(",").map((id) => id.trim()).filter(Boolean).slice(0, 500) : []))
      .openapi({ description: "Only these thumbnails, comma-separated ids.", type: "string" }),
  }),
  success: { status: 200, description: "The ZIP.", contentType: "application/zip" },
  errors: [404, 409],
});
