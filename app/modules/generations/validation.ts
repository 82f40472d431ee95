import { z } from "zod";
import { splitWords } from "~/modules/design/headlines";
import { KEYWORDS_MAX } from "~/modules/design/limits";
import { MODEL_DRAWS } from "~/modules/providers/provider";
import { VIDEO_URL_MAX_LENGTH } from "~/modules/youtube/video-url";

export const KEYWORDS_MIN = 2;
export { KEYWORDS_MAX };
export const BACKGROUNDS_MIN = 1;
export const BACKGROUNDS_MAX = 8;
export const BACKGROUNDS_DEFAULT = 3;
export const HEADLINE_MAX_WORDS = 5;
export const HEADLINE_MAX_LENGTH = 60;
export const HEADLINE_TOO_MANY_WORDS = `Keep the headline to ${HEADLINE_MAX_WORDS} words or fewer: short headlines read at small sizes.`;

/**
 * The creator's headline as the thumbnail will draw it: counted the way
 * overrideHeadline splits it (commas, slashes and brackets split words too),
 * so what the form accepts is drawn whole and nothing is cut without a word.
 */
export function headlineWordProblem(headline: string): string | null {
  const count = splitWords(headline).length;
  if (headline.trim().length > 0 && count === 0) return "Use at least one word or number, or leave the headline empty.";
  if (count <= HEADLINE_MAX_WORDS) return null;
  const spaced = headline.split(/\s+/).filter(Boolean).length;
  return spaced <= HEADLINE_MAX_WORDS
    ? `Commas, slashes and brackets split words: this headline is ${count} words on a thumbnail. Keep it to ${HEADLINE_MAX_WORDS} or fewer.`
    : HEADLINE_TOO_MANY_WORDS;
}

/**
 * The fields of a new batch, each with its limits and messages: the Generate
 * form's schema and the API's JSON body are both made from these, so a limit
 * is written once.
 */
export const GENERATION_FIELDS = {
  portraitId: z.string({ required_error: "Pick a portrait." }),
  keywords: z
    .string({ required_error: "Type a few keywords, like “iPhone 17 review, shocking battery”." })
    .trim()
    .min(KEYWORDS_MIN, `Use at least ${KEYWORDS_MIN} characters of keywords.`)
    .max(KEYWORDS_MAX, `Keep the keywords to ${KEYWORDS_MAX} characters or fewer.`),
  backgroundCount: z.coerce
    .number({ invalid_type_error: "Choose how many backgrounds, from 1 to 8." })
    .int("Choose a whole number of backgrounds.")
    .min(BACKGROUNDS_MIN, `Choose at least ${BACKGROUNDS_MIN} background.`)
    .max(BACKGROUNDS_MAX, `Choose at most ${BACKGROUNDS_MAX} backgrounds.`)
    .default(BACKGROUNDS_DEFAULT),
  headline: z
    .string()
    .trim()
    .max(HEADLINE_MAX_LENGTH, `Keep the headline to ${HEADLINE_MAX_LENGTH} characters or fewer.`)
    .superRefine((h, ctx) => {
      const problem = headlineWordProblem(h);
      if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .optional(),
  /** Only offered with an image model (drawsScenes); the scene alone by default. */
  modelDraws: z.enum(MODEL_DRAWS).optional(),
  /** The image service, when the server offers more than one (a provider entry's name). */
  provider: z.string().trim().max(40).optional(),
  /**
   * A YouTube video to start from: the action looks it up itself (the title
   * becomes the keywords when they are empty; nothing posted about the video is trusted).
   */
  videoUrl: z.string().trim().max(VIDEO_URL_MAX_LENGTH, `Paste a link of at most ${VIDEO_URL_MAX_LENGTH} characters.`).optional(),
  /** Follow the video's thumbnail as a style (on by default on the page). */
  useVideoStyle: z.boolean().optional(),
};

export const GenerateFormSchema = z.object({
  ...GENERATION_FIELDS,
  submissionKey: z.string().max(64).optional(),
});
