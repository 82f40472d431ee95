// Legibility checks as stored and shown (client-safe); measured by legibility.server.ts.
import { z } from "zod";

export const CHECK_IDS = ["headline-size", "contrast", "face", "duration-corner", "file-size"] as const;

export const LegibilityCheckSchema = z.object({
  id: z.enum(CHECK_IDS),
  label: z.string(),
  ok: z.boolean(),
  value: z.string(),
  reason: z.string(),
});

export type LegibilityCheck = z.infer<typeof LegibilityCheckSchema>;

/** Stored checks, or null when there are none yet or they cannot be read (they are measured again). */
export function parseStoredChecks(json: string | null): LegibilityCheck[] | null {
  if (!json) return null;
  try {
    const parsed = z.array(LegibilityCheckSchema).safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
