import { notFound } from "~/modules/api/api-error";
import { apiRoute, handle, idempotentCreate, jsonAnswer, readJson } from "~/modules/api/api-handler.server";
import { createGenerationEndpoint, listGenerationsEndpoint, toGenerationSummary } from "~/modules/api/endpoints/generations";
import { bodyFingerprint, parseGenerationBody, submitRefusal, type GenerationBody } from "~/modules/api/generation-input.server";
import { readGenerationResource } from "~/modules/api/generation-resource.server";
import { pageOf } from "~/modules/api/pagination";
import { refuseOversized, uploadRefusal, uploadsFingerprint } from "~/modules/api/uploads.server";
import { listGenerationsAfter } from "~/modules/generations/generations.server";
import { submitGeneration } from "~/modules/generations/submit-generation.server";
import { TOPIC_IMAGE_FIELD } from "~/modules/topic-images/constants";
import { readFormWithTopicImages, type TopicImageUpload } from "~/modules/topic-images/topic-image-upload.server";
import { env } from "~/utils/env.server";

const isJson = (request: Request) => /^application\/(.+\+)?json\b/i.test(request.headers.get("Content-Type") ?? "");

export const { loader, action, endpoints } = apiRoute(
  handle(listGenerationsEndpoint, async ({ caller, query }) => {
    const rows = await listGenerationsAfter(caller.userId, { limit: query.limit + 1, after: query.cursor });
    const { items, nextCursor } = pageOf(rows, query.limit);
    return { data: items.map(toGenerationSummary), nextCursor };
  }),
  handle(createGenerationEndpoint, async ({ caller, request }) => {
    let body: GenerationBody;
    let uploads: TopicImageUpload[] = [];
    if (isJson(request)) {
      body = { json: await readJson(request) };
    } else {
      // The Generate page's reader: topic images streamed, each under the portrait upload's size limit.
      const read = await readFormWithTopicImages(request, { maxFileBytes: env.PORTRAIT_MAX_MB * 1_000_000, maxFieldBytes: env.FORM_MAX_KB * 1024 }).catch(
        (error) => uploadRefusal(error, TOPIC_IMAGE_FIELD),
      );
      body = { form: read.form };
      uploads = read.uploads;
    }
    refuseOversized(uploads, TOPIC_IMAGE_FIELD);
    const sameRequest = { body: bodyFingerprint(body), files: uploadsFingerprint(uploads) };
    return idempotentCreate(createGenerationEndpoint, request, caller, sameRequest, async (submissionKey) => {
      const { useVideoStyle, video, ...fields } = await parseGenerationBody(body);
      const submitted = await submitGeneration({ userId: caller.userId, ...fields, submissionKey, video, useVideoStyle, topicImageUploads: uploads });
      if (!submitted.ok) throw submitRefusal(submitted);
      const generation = await readGenerationResource(caller.userId, submitted.generationId);
      if (!generation) throw notFound("This generation");
      return jsonAnswer(createGenerationEndpoint, generation, { Location: generation.links.self });
    });
  }),
);
