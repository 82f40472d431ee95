import { ApiError } from "~/modules/api/api-error";
import { apiRoute, handle, idempotentCreate, jsonAnswer } from "~/modules/api/api-handler.server";
import { listPortraitsEndpoint, toPortraitResource, uploadPortraitsEndpoint } from "~/modules/api/endpoints/portraits";
import { pageOf } from "~/modules/api/pagination";
import { refuseOversized, uploadRefusal, uploadsFingerprint } from "~/modules/api/uploads.server";
import { PORTRAIT_FIELD } from "~/modules/portraits/constants";
import { readPortraitUploads } from "~/modules/portraits/portrait-upload.server";
import { createPortraits, getPortrait, listPortraits } from "~/modules/portraits/portraits.server";
import { env } from "~/utils/env.server";

export const { loader, action, endpoints } = apiRoute(
  handle(listPortraitsEndpoint, async ({ caller, query }) => {
    const rows = await listPortraits(caller.userId, { limit: query.limit + 1, after: query.cursor });
    const { items, nextCursor } = pageOf(rows, query.limit);
    return { data: items.map(toPortraitResource), nextCursor };
  }),
  handle(uploadPortraitsEndpoint, async ({ caller, request }) => {
    // The page's reader: streamed, each file under the same limit.
    const uploads = await readPortraitUploads(request, { maxBytes: env.PORTRAIT_MAX_MB * 1_000_000 }).catch((error) => uploadRefusal(error, PORTRAIT_FIELD));
    refuseOversized(uploads, PORTRAIT_FIELD);
    return idempotentCreate(uploadPortraitsEndpoint, request, caller, { files: uploadsFingerprint(uploads) }, async () => {
      const results = await createPortraits(caller.userId, uploads);
      const errors = results.flatMap((result) => (result.ok ? [] : [{ filename: result.filename, message: result.message }]));
      if (errors.length === results.length) throw new ApiError(400, "invalid_field", errors[0].message, PORTRAIT_FIELD);
      const made = await Promise.all(results.flatMap((result) => (result.ok ? [getPortrait(caller.userId, result.portrait.id)] : [])));
      return jsonAnswer(uploadPortraitsEndpoint, { data: made.flatMap((portrait) => (portrait ? [toPortraitResource(portrait)] : [])), errors });
    });
  }),
);
