// create_compare_set: a Test & Compare set made as the picker's form makes
// one (its schema, then createCompareSet).
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { CompareSetInputError, createCompareSet, getCompareSet } from "~/modules/compare/compare-sets.server";
import { CompareSetFormSchema, MAX_VARIANTS, MIN_VARIANTS, NAME_MAX_LENGTH, TITLE_MAX_LENGTH, VARIANT_LETTERS, variantsOf } from "~/modules/compare/validation";
import { registerTool, toolResult, ToolRefusal, type ToolContext } from "./tool.server";

export const CompareInput = {
  thumbnailIds: z
    .array(z.string().min(1).max(64))
    .min(MIN_VARIANTS)
    .max(MAX_VARIANTS)
    .describe(`${MIN_VARIANTS} or ${MAX_VARIANTS} of the creator's finished thumbnails, lettered ${VARIANT_LETTERS.join(", ")} in this order.`),
  titles: z
    .array(z.string().max(TITLE_MAX_LENGTH))
    .max(MAX_VARIANTS)
    .optional()
    .describe("A video title to try with each thumbnail, in the same order (optional)."),
  name: z.string().max(NAME_MAX_LENGTH).optional().describe("The set's name; the first thumbnail's keywords when left out."),
  submissionKey: z.string().max(64).optional().describe("Any text unique to this request: the same key again answers with the set it made."),
};

export function registerCompareTools(server: McpServer, context: ToolContext) {
  registerTool(server, context, {
    name: "create_compare_set",
    title: "Create a Test & Compare set",
    description:
      "Puts 2 or 3 thumbnails (with optional titles) side by side for YouTube's Test & Compare: the set's page previews them in the feed and downloads them together.",
    scope: "edit",
    inputSchema: CompareInput,
    run: async ({ thumbnailIds, titles = [], name, submissionKey }, { caller, origin }) => {
      // The picker's own form, so every rule it has applies here too.
      const form = CompareSetFormSchema.safeParse({
        name,
        submissionKey,
        ...Object.fromEntries(VARIANT_LETTERS.flatMap((letter, i) => [[`thumbnail${letter}`, thumbnailIds[i]], [`title${letter}`, titles[i]]])),
      });
      if (!form.success) throw new ToolRefusal(form.error.issues[0].message);
      let created;
      try {
        created = await createCompareSet({ userId: caller.userId, name: form.data.name || null, variants: variantsOf(form.data), submissionKey: form.data.submissionKey ?? null });
      } catch (error) {
        if (error instanceof CompareSetInputError) throw new ToolRefusal(error.message);
        throw error;
      }
      const set = await getCompareSet(caller.userId, created.id);
      if (!set) throw new ToolRefusal("This set was deleted as it was made.");
      const data = {
        id: set.id,
        name: set.name,
        createdAt: set.createdAt.toISOString(),
        variants: set.variants.map((variant) => ({ letter: variant.letter, thumbnailId: variant.thumbnail?.id ?? null, title: variant.title })),
        pageUrl: `${origin}/compare/${set.id}`,
      };
      return toolResult(created.duplicate ? "This request had already made this set." : `Made the set “${set.name}”.`, data);
    },
  });
}
