import type { getPortrait } from "~/modules/portraits/portraits.server";
import { ACCEPTED_FORMATS_TEXT, MAX_FILES_PER_UPLOAD, PORTRAIT_FIELD } from "~/modules/portraits/constants";
import { defineEndpoint } from "../endpoint";
import { ListQuerySchema, listSchema } from "../pagination";
import { z } from "../zod";

const PortraitParams = z.object({ portraitId: z.string().min(1).max(64).openapi({ example: "cm1portrait0000000000000" }) });

const FaceSchema = z
  .object({
    box: z
      .object({ left: z.number(), top: z.number(), width: z.number(), height: z.number() })
      .openapi({ description: "Brow line to chin, ear to ear, in the portrait's pixels." }),
    score: z.number().openapi({ description: "Detector confidence, 0 to 1." }),
  })
  .openapi("Face");

export const PortraitSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    hasAlpha: z.boolean().openapi({ description: "A PNG with transparency, used as a ready cut-out." }),
    createdAt: z.string().datetime(),
    analysis: z
      .object({
        status: z.enum(["pending", "done", "failed"]).openapi({
          description: "Person analysis (faces and the cut-out mask) runs after the upload. `failed` portraits are used framed.",
        }),
        faces: z.array(FaceSchema).openapi({ description: "Every face found, largest first." }),
        faceIndex: z.number().int().nullable().openapi({ description: "The face the cut-out is built around (an index into faces)." }),
        mask: z.boolean().openapi({ description: "A person was found and cut out." }),
        cutoutEnabled: z.boolean().openapi({ description: "Thumbnails use the cut-out (otherwise a framed photo)." }),
      })
      .openapi("PortraitAnalysis"),
    links: z.object({ self: z.string() }),
  })
  .openapi("Portrait");

type PortraitView = NonNullable<Awaited<ReturnType<typeof getPortrait>>>;

export function toPortraitResource({ createdAt, analysis, ...portrait }: PortraitView): z.input<typeof PortraitSchema> {
  return {
    ...portrait,
    createdAt: createdAt.toISOString(),
    analysis: {
      status: analysis.status,
      faces: analysis.faces.map(({ box, score }) => ({ box, score })),
      faceIndex: analysis.faceIndex,
      mask: analysis.cutoutVersion !== null,
      cutoutEnabled: analysis.cutoutEnabled,
    },
    links: { self: `/api/v1/portraits/${portrait.id}` },
  };
}

export const listPortraitsEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/portraits",
  operationId: "listPortraits",
  tag: "Portraits",
  summary: "List portraits",
  description: "The user's portraits, newest first, with their analysis.",
  scope: "read",
  query: ListQuerySchema,
  success: { status: 200, description: "A page of portraits.", schema: listSchema(PortraitSchema, "PortraitList") },
});

export const UploadPortraitsResultSchema = z
  .object({
    data: z.array(PortraitSchema).openapi({ description: "The portraits made, in the order sent." }),
    errors: z
      .array(z.object({ filename: z.string(), message: z.string() }))
      .openapi({ description: "Photos that could not be used (not an image, unreadable); the others were kept." }),
  })
  .openapi("PortraitUpload");

export const uploadPortraitsEndpoint = defineEndpoint({
  method: "post",
  path: "/api/v1/portraits",
  operationId: "uploadPortraits",
  tag: "Portraits",
  summary: "Upload portraits",
  description: `Up to ${MAX_FILES_PER_UPLOAD} photos (${ACCEPTED_FORMATS_TEXT}) under the \`${PORTRAIT_FIELD}\` field, each within the server's size limit (413 otherwise). Each is analysed for faces and a person cut-out; \`analysis.status\` says how far that is. When no photo can be used the answer is 400 with \`field: "${PORTRAIT_FIELD}"\`.`,
  scope: "generate",
  idempotent: true,
  body: {
    type: "multipart",
    schema: z.object({
      [PORTRAIT_FIELD]: z.array(z.string().openapi({ format: "binary" })).min(1).max(MAX_FILES_PER_UPLOAD),
    }),
  },
  success: { status: 201, description: "The portraits made, and the photos refused.", schema: UploadPortraitsResultSchema },
  errors: [409, 413, 415],
});

export const getPortraitEndpoint = defineEndpoint({
  method: "get",
  path: "/api/v1/portraits/{portraitId}",
  operationId: "getPortrait",
  tag: "Portraits",
  summary: "Get a portrait",
  description: "One portrait with its analysis: the faces found, the chosen face and whether a person cut-out exists.",
  scope: "read",
  params: PortraitParams,
  success: { status: 200, description: "The portrait.", schema: PortraitSchema },
  errors: [404],
});

export const deletePortraitEndpoint = defineEndpoint({
  method: "delete",
  path: "/api/v1/portraits/{portraitId}",
  operationId: "deletePortrait",
  tag: "Portraits",
  summary: "Delete a portrait",
  description: "Deletes the portrait and its files. Batches made from it keep their thumbnails.",
  scope: "edit",
  params: PortraitParams,
  success: { status: 204, description: "Deleted." },
  errors: [404],
});
