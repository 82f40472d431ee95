// Thumbnails: what the editor shows (the recipe as the form's values, the
// versions, the legibility checks), the current JPEG, and the editor's two
// actions, a new version from changed recipe fields and a revert. The
// request schemas are the editor's own (thumbnails/edits.ts), so a limit
// changes in one place.
import { LegibilityCheckSchema } from "~/modules/thumbnails/legibility";
import { EditSchema, RevertSchema } from "~/modules/thumbnails/edits";
import { defineEndpoint } from "../endpoint";
import { z } from "../zod";

const ThumbnailParams = z.object({ thumbnailId: z.string().min(1).max(64).openapi({ example: "cm9x2k1ab0001abcd1234efgh" }) });

export const ThumbnailRecipeSchema = EditSchema.openapi("ThumbnailRecipe", {
  description: "The recipe's editable fields, as the editor's form shows them. Every change is drawn locally and costs no credits.",
});

export const ThumbnailSchema = z
  .object({
    id: z.string(),
    generationId: z.string(),
    keywords: z.string().openapi({ description: "The batch's keywords." }),
    promptIndex: z.number().int().openapi({ description: "The headline's place in the batch (0-based)." }),
    backgroundIndex: z.number().int().openapi({ description: "The background's place in the batch (0-based)." }),
    version: z.number().int().openapi({ description: "The current version: the one downloaded, zipped and shown." }),
    editable: z.boolean().openapi({ description: "False when an image model drew the text into the picture: it has no recipe to edit." }),
    // A union, not .nullable(): that would make the shared component itself nullable.
    recipe: z.union([ThumbnailRecipeSchema, z.null()]).openapi({ description: "Null when `editable` is false." }),
    onPlate: z.boolean().openapi({ description: "Drawn on an AI scene with the model's own person: layout and person fields are kept as they are." }),
    onScene: z.boolean().openapi({ description: "Drawn on an AI scene with the creator's photo." }),
    hasCutout: z.boolean().openapi({ description: "The portrait has a cut-out, so treatment `cutout` is possible." }),
    propAvailable: z.boolean().openapi({ description: "A prop for the keywords exists, so `prop: \"on\"` shows one." }),
    topicAvailable: z.boolean().openapi({ description: "A topic image can be placed (`topicPlace`)." }),
    checks: z.array(LegibilityCheckSchema.openapi("LegibilityCheck")).nullable().openapi({ description: "The legibility checks of the current version, as the editor shows them." }),
    versions: z
      .array(
        z.object({
          number: z.number().int(),
          createdAt: z.date().nullable().openapi({ format: "date-time", description: "Null for the image as generated." }),
          byteSize: z.number().int(),
        }),
      )
      .openapi({ description: "Every version, newest first. Revert to any of them." }),
    links: z.object({ image: z.string().openapi({ example: "/api/v1/thumbnails/cm9x2k1ab0001abcd1234efgh/image" }) }),
  })
  .openapi("ThumbnailDetails");

const thumbnailErrors = [404] as const;

export const getThumbnail = defineEndpoint({
  method: "get",
  path: "/api/v1/thumbnails/{thumbnailId}",
  operationId: "getThumbnail",
  tag: "Thumbnails",
  summary: "A thumbnail: its recipe, versions and checks",
  description: "Only finished thumbnails are found; one still rendering or failed is a 404 until it is done.",
  scope: "read",
  params: ThumbnailParams,
  success: { status: 200, description: "The thumbnail.", schema: ThumbnailSchema },
  errors: [...thumbnailErrors],
});

export const downloadThumbnail = defineEndpoint({
  method: "get",
  path: "/api/v1/thumbnails/{thumbnailId}/image",
  operationId: "downloadThumbnail",
  tag: "Thumbnails",
  summary: "Download the current version (JPEG)",
  description:
    "The current version as a 1280×720 JPEG, as YouTube takes it. The ETag changes with every version: send If-None-Match to get a 304 when nothing changed.",
  scope: "read",
  params: ThumbnailParams,
  success: { status: 200, description: "The JPEG.", contentType: "image/jpeg" },
  errors: [...thumbnailErrors],
});

export const ThumbnailEditBodySchema = EditSchema.partial()
  .strict()
  .openapi("ThumbnailEdit", {
    description: "The recipe fields to change; fields left out keep their current values.",
    example: { headline: "BATTERY SHOCK", paletteIndex: 2, textPosition: "top" },
  });

export const ThumbnailVersionCreatedSchema = z
  .object({
    created: z.boolean().openapi({ description: "False when the recipe already was this: no version was added." }),
    version: z.number().int().openapi({ description: "The version now current." }),
    thumbnail: ThumbnailSchema,
  })
  .openapi("ThumbnailVersionCreated");

export const editThumbnail = defineEndpoint({
  method: "post",
  path: "/api/v1/thumbnails/{thumbnailId}/versions",
  operationId: "editThumbnail",
  tag: "Thumbnails",
  summary: "Edit: save changed recipe fields as a new version",
  description:
    "Redraws the thumbnail with the changed fields, saves it as a new version and makes it current (downloads and ZIPs use it). Earlier versions stay: revert to one at any time. A headline that would be cut, or a cut-out without one, is a 400 naming the field; a thumbnail whose text an image model drew cannot be edited (422).",
  scope: "edit",
  params: ThumbnailParams,
  body: { type: "json", schema: ThumbnailEditBodySchema },
  idempotent: true,
  success: { status: 201, description: "The new version (or the current one, when nothing changed) and the thumbnail.", schema: ThumbnailVersionCreatedSchema },
  errors: [404, 409, 422],
});

export const revertThumbnail = defineEndpoint({
  method: "post",
  path: "/api/v1/thumbnails/{thumbnailId}/revert",
  operationId: "revertThumbnail",
  tag: "Thumbnails",
  summary: "Revert to an earlier version",
  description: "Makes an earlier version current again; later versions stay listed. Without `version`, goes back to the version before the current one (undo).",
  scope: "edit",
  params: ThumbnailParams,
  body: { type: "json", schema: RevertSchema.strict().openapi("ThumbnailRevert", { example: { version: 1 } }) },
  idempotent: true,
  success: { status: 200, description: "The thumbnail, with the version now current.", schema: ThumbnailSchema },
  errors: [404, 409],
});
