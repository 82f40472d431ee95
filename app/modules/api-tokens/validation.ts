import { z } from "zod";
import { API_SCOPES } from "./scopes";

export const TOKEN_NAME_MAX = 60;

export const CreateTokenFormSchema = z.object({
  name: z
    .string({ required_error: "Name the token after what will use it, like “n8n flow”." })
    .trim()
    .min(1, "Name the token after what will use it, like “n8n flow”.")
    .max(TOKEN_NAME_MAX, `Keep the name to ${TOKEN_NAME_MAX} characters or fewer.`),
  scopes: z.array(z.enum(API_SCOPES), { required_error: "Choose at least one thing the token may do." }).min(1, "Choose at least one thing the token may do."),
});

export const RevokeTokenFormSchema = z.object({ tokenId: z.string({ required_error: "Choose a token to revoke." }).max(64) });
