// Test & Compare sets: 2 or 3 of the user's finished thumbnails, lettered
// A, B, C, with optional titles, and the ZIP YouTube's Test & Compare takes.
// The body is the picker's rules as JSON (compare/validation.ts).
import { CompareSetJsonSchema } from "~/modules/compare/validation";
import { defineEndpoint } from "../endpoint";
import { z } from "../zod";

const SetParams = z.object({ setId: z.string().min(1).max(64).openapi({ example: "cm9x3p2cd0002abcd5678ijkl" }) });

export const CompareSetSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.date().openapi({ format: "date-time" }),
    variants: z.array(
      z.object({
        letter: z.enum(["A", "B", "C"]),
        title: z.string().nullable().openapi({ description: "The title to test with this thumbnail; null keeps the video's." }),
        thumbnail: z
          .object({
            id: z.string(),
            version: z.number().int().openapi({ description: "The thumbnail's current version: the one exported." }),
            generationId: z.string(),
            keywords: z.string(),
            label: z.string().openapi({ example: "Headline 1, background 2" }),
            links: z.object({ image: z.string().openapi({ example: "/api/v1/thumbnails/cm9x2k1ab0001abcd1234efgh/image" }) }),
          })
          .nullable()
          .openapi({ description: "Null once the thumbnail was deleted: the variant keeps its letter and title." }),
      }),
    ),
    links: z.object({ zip: z.string().openapi({ example: "/api/v1/compare-sets/cm9x3p2cd0002abcd5678ijkl/zip" }) }),
  })
  .openapi("CompareSet");

export const createCompareSet = defineEndpoint({
  method: "post",
  path: "/api/v1/compare-sets",
  operationId: "createCompareSet",
  tag: "Test & Compare",
  summary: "Create a Test & Compare set",
  description:
    "Picks 2 or 3 of your finished thumbnails, lettered A, B, C in the order given, each with an optional title. A thumbnail that is not yours (or not finished) is a 400 on `thumbnailIds`, which never says whose it is. The name defaults to the first thumbnail's keywords.",
  scope: "edit",
  body: {
    type: "json",
    schema: CompareSetJsonSchema.openapi("CompareSetCreate", {
      example: { name: "iPhone review", thumbnailIds: ["cm9x2k1ab0001abcd1234efgh", "cm9x2k1ab0002abcd1234efgh"], titles: ["I tested it for a week", null] },
    }),
  },
  idempotent: true,
  success: { status: 201, description: "The set.", schema: CompareSetSchema },
  errors: [409],
});

export const getCompareSet = defineEndpoint({
  method: "get",
  path: "/api/v1/compare-sets/{setId}",
  operationId: "getCompareSet",
  tag: "Test & Compare",
  summary: "A Test & Compare set",
  scope: "read",
  params: SetParams,
  success: { status: 200, description: "The set, its variants in letter order.", schema: CompareSetSchema },
  errors: [404],
});

export const exportCompareSet = defineEndpoint({
  method: "get",
  path: "/api/v1/compare-sets/{setId}/zip",
  operationId: "exportCompareSet",
  tag: "Test & Compare",
  summary: "Export the set as a ZIP",
  description:
    "A.jpg, B.jpg (C.jpg) — each thumbnail's current version, within YouTube's limits — and titles.txt. A set with fewer than 2 thumbnails left (the others deleted) cannot be exported: 409.",
  scope: "read",
  params: SetParams,
  success: { status: 200, description: "The ZIP.", contentType: "application/zip" },
  errors: [404, 409],
});
