import { defineEndpoint } from "../endpoint";
import { z } from "../zod";

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    credits: z.number().int().openapi({ description: "The balance, in credits." }),
    creditsPerGeneration: z.number().int().openapi({ description: "What one batch costs." }),
    scopes: z.array(z.enum(["read", "generate", "edit"])).openapi({ description: "What this token may do." }),
  })
  .openapi("Me");

export const getMe = defineEndpoint({
  method: "get",
  path: "/api/v1/me",
  operationId: "getMe",
  tag: "Account",
  summary: "The token's user and balance",
  scope: "read",
  success: { status: 200, description: "The user, the balance and this token's scopes.", schema: MeSchema },
});

export const getOpenApiDocument = defineEndpoint({
  method: "get",
  path: "/api/v1/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Account",
  summary: "This document",
  scope: null,
  success: { status: 200, description: "The OpenAPI 3.1 document.", contentType: "application/json" },
});
