// Environment, parsed once. Every variable is documented in the README's
// configuration table; defaults make a first run need no configuration.
import { z } from "zod";
import { EmailSchema, normalizeEmail } from "~/modules/auth/validation";
import { kieModelSettingsSchema } from "~/modules/providers/kie/kie-models.server";
import { databaseProviderOf, resolveDataDir, resolveDatabaseUrl } from "./data-paths.server";

const positiveInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SESSION_SECRET: z.string().optional(),
  STARTING_CREDITS: positiveInt(10),
  CREDITS_PER_GENERATION: positiveInt(1),
  // Secure cookies are sent over HTTPS only (browsers also allow localhost).
  // Unset: Secure when the request arrived over HTTPS or PUBLIC_URL is https
  // (cookie-security.server.ts); true or false forces it.
  // Empty is unset (docker compose passes `${COOKIE_SECURE:-}` through): decided per request.
  COOKIE_SECURE: z.preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"]).optional()),
  // Where images live: "local" (files under DATA_DIR/files) or "s3".
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_ENDPOINT: z.string().url().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).optional(),
  S3_PREFIX: z.string().optional(),
  // The sweep that removes stored files no row references (left by a process
  // killed mid-upload) runs at start and then every this many minutes; 0 = never.
  STORAGE_SWEEP_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  // Files younger than this are never swept: an upload in flight has no row yet.
  STORAGE_SWEEP_GRACE_MINUTES: z.coerce.number().int().min(5).max(10_080).default(60),
  // Headline variants per generation; each is rendered on every background.
  PROMPTS_PER_GENERATION: z.coerce.number().int().min(1).max(6).default(3),
  // Thumbnails of one generation rendered at the same time.
  RENDER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  // Threads that draw thumbnails and measure pixels, so pages stay fast
  // during a batch. Unset: the cores less one (at least 1); 0 draws on the
  // main thread.
  RENDER_THREADS: z.coerce.number().int().min(0).max(64).optional(),
  // A drawing task running longer than this is stopped (its thread replaced) and its cell fails.
  RENDER_TASK_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(120),
  // "inline" runs generations inside the web server; "off" leaves them to
  // separate `npm run worker` processes.
  RUNNER: z.enum(["inline", "off"]).default("inline"),
  // How long a runner's claim on a generation lasts without renewal.
  GENERATION_LEASE_SECONDS: z.coerce.number().min(2).max(3600).default(30),
  // On SIGTERM, how long runners may finish the thumbnails in flight before
  // they give their generations back to other runners.
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(3600).default(20),
  // A pause before each thumbnail of the local compositor, to watch (and
  // test) live progress on a machine where a batch takes a second.
  LOCAL_RENDER_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  // Largest portrait upload accepted, per file, in megabytes.
  PORTRAIT_MAX_MB: z.coerce.number().positive().max(200).default(15),
  // Largest body of any request that is not a portrait upload (forms, JSON,
  // kie.ai callbacks), in kilobytes.
  FORM_MAX_KB: z.coerce.number().int().min(16).max(10_240).default(64),
  // Lowest level written to the JSON log lines on stdout.
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Bearer token that /metrics requires; unset, /metrics does not exist (404).
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  // The kie.ai model and its size setting, checked here so that a typo stops
  // the start, not the first kie.ai batch (the provider reads them again
  // when used: see kie-config.server.ts).
  ...kieModelSettingsSchema,
  // The app's public address. State-changing requests must come from a page
  // of this origin or of the one the request was sent to.
  PUBLIC_URL: z.string().url().optional(),
  // Accounts that may open /admin, by email (comma-separated), compared the
  // way log in compares emails.
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((list, ctx) => {
      const emails = list.split(",").map((entry) => entry.trim()).filter(Boolean);
      const invalid = emails.filter((email) => !EmailSchema.safeParse(email).success);
      if (invalid.length > 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not an email address: ${invalid.join(", ")}` });
        return z.NEVER;
      }
      return emails.map(normalizeEmail);
    }),
}).refine((e) => e.STORAGE_DRIVER !== "s3" || e.S3_BUCKET, {
  message: "STORAGE_DRIVER=s3 needs S3_BUCKET",
  path: ["S3_BUCKET"],
});

export function parseEnv(source: NodeJS.ProcessEnv = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${problems.join("\n")}`);
  }
  const databaseUrl = resolveDatabaseUrl();
  return {
    ...parsed.data,
    DATA_DIR: resolveDataDir(),
    DATABASE_URL: databaseUrl,
    databaseProvider: databaseProviderOf(databaseUrl),
  };
}

export const env = parseEnv();
export type Env = typeof env;
