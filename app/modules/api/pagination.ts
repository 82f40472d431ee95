// Lists page the same way everywhere: ?limit= (1–100, default 20) and
// ?cursor= from the previous page's nextCursor (null at the end), newest
// first. A cursor is the last row's keyset (utils/keyset.ts), opaque to
// clients: base64url of its creation time and id.
import type { ZodTypeAny } from "zod";
import type { Keyset } from "~/utils/keyset";
import { z } from "./zod";

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;
const CURSOR_MESSAGE = "This cursor is not one this API gave: pass a page's nextCursor as it came.";

export function encodeCursor({ createdAt, id }: Keyset) {
  return Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString("base64url");
}

export function decodeCursor(cursor: string): Keyset | null {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(typeof at === "string" ? at : Number.NaN);
    if (typeof id !== "string" || id.length === 0 || id.length > 64 || Number.isNaN(createdAt.getTime())) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

export const ListQuerySchema = z.object({
  limit: z.coerce
    .number({ invalid_type_error: `Send a limit from 1 to ${LIST_LIMIT_MAX}.` })
    .int(`Send a whole number from 1 to ${LIST_LIMIT_MAX}.`)
    .min(1, `Send a limit from 1 to ${LIST_LIMIT_MAX}.`)
    .max(LIST_LIMIT_MAX, `Send a limit from 1 to ${LIST_LIMIT_MAX}.`)
    .default(LIST_LIMIT_DEFAULT)
    .openapi({ description: `How many items, 1 to ${LIST_LIMIT_MAX}.`, example: LIST_LIMIT_DEFAULT }),
  cursor: z
    .string()
    .max(300, CURSOR_MESSAGE)
    .transform((cursor, ctx) => {
      const keyset = decodeCursor(cursor);
      if (!keyset) ctx.addIssue({ code: z.ZodIssueCode.custom, message: CURSOR_MESSAGE });
      return keyset ?? z.NEVER;
    })
    .optional()
    .openapi({ description: "The previous page's nextCursor; leave out for the first page.", type: "string" }),
});

/** A page's answer: the items and the cursor of the next page (null on the last). */
export function listSchema<T extends ZodTypeAny>(item: T, name: string) {
  return z
    .object({
      data: z.array(item),
      nextCursor: z.string().nullable().openapi({ description: "Pass as ?cursor= for the next page; null on the last page." }),
    })
    .openapi(name);
}

/**
 * One page from `limit + 1` rows read newest first: the extra row only says
 * there is a next page, which starts after the last row shown.
 */
export function pageOf<T extends Keyset>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
