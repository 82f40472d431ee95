// A new batch as a script sends it, JSON or multipart, made into what
// submitGeneration takes: the same steps as the Generate page's action (the
// video looked up first, its title filling empty keywords, then the form's
// field schemas), with refusals in the API's error shape.
import { parseWithZod } from "@conform-to/zod";
import type { SubmitGenerationResult } from "~/modules/generations/submit-generation.server";
import { startFromVideo } from "~/modules/youtube/video-lookup.server";
import { ApiError } from "./api-error";
import { fieldError } from "./api-handler.server";
import { CreateGenerationInputSchema } from "./endpoints/generations";

/** The body as read: a JSON value, or the multipart form's text fields. */
export type GenerationBody = { json: unknown } | { form: FormData };

/** What makes two creates the same request (with the files' digests). */
export function bodyFingerprint(body: GenerationBody) {
  return "json" in body ? body.json : [...body.form.entries()].map(([name, value]) => [name, String(value)]);
}

function fieldOf(body: GenerationBody, name: string) {
  if ("form" in body) return body.form.get(name);
  return typeof body.json === "object" && body.json !== null ? (body.json as Record<string, unknown>)[name] : undefined;
}

/** The fields of a new batch, with the video it starts from, or a 400 naming the field at fault. */
export async function parseGenerationBody(body: GenerationBody) {
  const videoUrl = fieldOf(body, "videoUrl");
  const keywords = fieldOf(body, "keywords");
  const start = await startFromVideo({ videoUrl: typeof videoUrl === "string" ? videoUrl : "", keywords: typeof keywords === "string" ? keywords : "" });
  if (!start.ok) throw new ApiError(400, "invalid_field", start.error, "videoUrl");
  if ("form" in body) {
    if (start.video) body.form.set("keywords", start.keywords);
    const submission = parseWithZod(body.form, { schema: CreateGenerationInputSchema });
    if (submission.status !== "success") {
      const [field, messages] = Object.entries(submission.error ?? {}).find(([, each]) => each?.length) ?? ["", ["This form could not be read."]];
      throw new ApiError(400, "invalid_field", messages?.[0] ?? "This field is not valid.", field || undefined);
    }
    return { ...submission.value, video: start.video };
  }
  const json = start.video && typeof body.json === "object" && body.json !== null ? { ...body.json, keywords: start.keywords } : body.json;
  const parsed = CreateGenerationInputSchema.safeParse(json);
  if (!parsed.success) throw fieldError(parsed.error);
  return { ...parsed.data, video: start.video };
}

/** submitGeneration's refusal as the API's error: the first field at fault, or no credits. */
export function submitRefusal(result: Extract<SubmitGenerationResult, { ok: false }>) {
  if (result.status === 402) return new ApiError(402, "insufficient_credits", result.formErrors[0] ?? "Not enough credits for this batch.");
  const [field, messages] = Object.entries(result.fieldErrors).find(([, each]) => each.length > 0) ?? [undefined, result.formErrors];
  return new ApiError(400, "invalid_field", messages[0] ?? "This batch cannot be made.", field);
}
