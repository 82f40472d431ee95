// kie.ai settings, read when used (not at start-up) so that the provider can
// be switched on by setting KIE_API_KEY without touching anything else.
import { z } from "zod";
import { kieModelSettingsSchema, type KieModelSettings } from "./kie-models.server";

const schema = z.object({
  KIE_API_KEY: z.string().trim().min(1).optional(),
  KIE_BASE_URL: z.string().url().default("https://api.kie.ai"),
  KIE_UPLOAD_BASE_URL: z.string().url().default("https://kieai.redpandaai.co"),
  // The app's public address; when set, kie.ai calls back instead of only being polled.
  PUBLIC_URL: z.string().url().optional(),
  KIE_WEBHOOK_HMAC_KEY: z.string().min(1).optional(),
  // Which image-edit model renders thumbnails, and its size setting.
  ...kieModelSettingsSchema,
  // Seconds before an unfinished task's thumbnail is given up.
  KIE_TASK_TIMEOUT: z.coerce.number().positive().default(900),
  // First polling interval; it grows by half each time, up to 15 s.
  KIE_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(2000),
  // First wait after a temporary answer from kie.ai (5xx, 429, no answer); it
  // doubles each time, with jitter, up to KIE_RETRY_CAP_MS. A task already
  // created is asked again like this until KIE_TASK_TIMEOUT, never given up sooner.
  KIE_RETRY_BASE_MS: z.coerce.number().int().min(1).default(1000),
  KIE_RETRY_CAP_MS: z.coerce.number().int().min(1).default(30_000),
  // How long one call to kie.ai may go unanswered before it counts as no answer.
  KIE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(60_000),
  // Tests only: seeds the backoff's jitter so a run's waits repeat (unset: Math.random).
  KIE_JITTER_SEED: z.coerce.number().int().optional(),
  // Tasks of one generation in flight at once (kie.ai renders them in parallel).
  KIE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(16),
  // Tests only (the fake kie.ai is on loopback): let result downloads reach
  // loopback and private addresses. Never set it on a real install.
  KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS: z
    .enum(["0", "1"], { message: "KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS must be 1 (tests only) or 0" })
    .default("0")
    .transform((value) => value === "1"),
});

export type KieConfig = z.infer<typeof schema> & { KIE_API_KEY: string };

export function readKieConfig(source: Record<string, string | undefined> = process.env): KieConfig | null {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid kie.ai settings: ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  }
  return parsed.data.KIE_API_KEY ? (parsed.data as KieConfig) : null;
}

/** The model settings in the builders' terms. */
export function kieModelSettings(config: KieConfig): KieModelSettings {
  return { model: config.KIE_MODEL, resolution: config.KIE_RESOLUTION, quality: config.KIE_QUALITY };
}
