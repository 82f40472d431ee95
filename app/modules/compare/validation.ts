import { z } from "zod";
import { oneLineText } from "~/utils/input-text";

/** YouTube's Test & Compare tries up to three thumbnails, lettered in this order. */
export const VARIANT_LETTERS = ["A", "B", "C"] as const;
export type VariantLetter = (typeof VARIANT_LETTERS)[number];
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = VARIANT_LETTERS.length;
// YouTube's limit for a video title; a CHECK in the migration backs it.
export const TITLE_MAX_LENGTH = 100;
export const NAME_MAX_LENGTH = 100;

// Titles and the name are one line each (titles.txt has a line per title).
const titleText = (which: string) =>
  z
    .string()
    .transform(oneLineText)
    .pipe(z.string().max(TITLE_MAX_LENGTH, `Keep ${which} to ${TITLE_MAX_LENGTH} characters or fewer: YouTube cuts longer titles.`));
const title = (letter: VariantLetter) => titleText(`title ${letter}`).optional();
const name = z
  .string()
  .transform(oneLineText)
  .pipe(z.string().max(NAME_MAX_LENGTH, `Keep the name to ${NAME_MAX_LENGTH} characters or fewer.`))
  .optional();
const DIFFERENT_MESSAGE = "Pick different thumbnails: the same one twice compares nothing.";

/** The create form of the picker: thumbnails A and B, C optional, a title each. */
export const CompareSetFormSchema = z
  .object({
    name,
    thumbnailA: z.string({ required_error: "Pick 2 or 3 thumbnails: A is missing." }),
    thumbnailB: z.string({ required_error: "Pick a second thumbnail: a set compares 2 or 3." }),
    thumbnailC: z.string().optional(),
    titleA: title("A"),
    titleB: title("B"),
    titleC: title("C"),
    submissionKey: z.string().max(64).optional(),
  })
  .superRefine((form, ctx) => {
    const picked = [form.thumbnailA, form.thumbnailB, form.thumbnailC].filter(Boolean);
    if (new Set(picked).size !== picked.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: DIFFERENT_MESSAGE });
    }
  });

/**
 * The same set as JSON (the API): the thumbnails in letter order, and a
 * title for each if wanted (null or left out keeps the video's title).
 */
export const CompareSetJsonSchema = z
  .object({
    name,
    thumbnailIds: z
      .array(z.string().min(1).max(64))
      .min(MIN_VARIANTS, `Pick ${MIN_VARIANTS} or ${MAX_VARIANTS} thumbnails.`)
      .max(MAX_VARIANTS, `Pick ${MIN_VARIANTS} or ${MAX_VARIANTS} thumbnails.`),
    titles: z.array(titleText("each title").nullable()).max(MAX_VARIANTS).optional(),
  })
  .strict()
  .superRefine((set, ctx) => {
    if (new Set(set.thumbnailIds).size !== set.thumbnailIds.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: DIFFERENT_MESSAGE, path: ["thumbnailIds"] });
    }
    if ((set.titles?.length ?? 0) > set.thumbnailIds.length) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Give at most one title per thumbnail.", path: ["titles"] });
    }
  });

export type CompareSetForm = z.infer<typeof CompareSetFormSchema>;

/** The variants a valid JSON body names, in letter order, titles left out when blank. */
export function variantsOfJson(set: z.infer<typeof CompareSetJsonSchema>) {
  return set.thumbnailIds.map((thumbnailId, i) => ({ thumbnailId, title: set.titles?.[i] || null }));
}

/** The variants a valid form names, in letter order, titles left out when blank. */
export function variantsOf(form: CompareSetForm) {
  const rows = [
    { thumbnailId: form.thumbnailA, title: form.titleA },
    { thumbnailId: form.thumbnailB, title: form.titleB },
    { thumbnailId: form.thumbnailC, title: form.titleC },
  ];
  return rows.flatMap((row) => (row.thumbnailId ? [{ thumbnailId: row.thumbnailId, title: row.title || null }] : []));
}
