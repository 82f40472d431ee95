// The one home for settings: every environment variable the app and the
// server read is declared here, parsed and checked once at start, so a typo
// stops the process with a message that says what is accepted. Nothing else
// in app/ or server/ reads process.env (env.server.test.ts enforces it).
// Every variable is documented in docs/configuration.md; defaults make a
// first run need no configuration. This file imports nothing from modules/:
// settings sit below the domain, which reads them from here.
import fs from "node:fs";
import { z } from "zod";
import { EmailSchema, normalizeEmail } from "./email";
import { databaseProviderOf, resolveDataDir, resolveDatabaseUrl, type EnvSource } from "./data-paths.server";

export type { EnvSource };

const positiveInt = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
// An empty value is unset: docker compose passes `${NAME:-}` through as "".
const emptyIsUnset = <T extends z.ZodTypeAny>(inner: T) => z.preprocess((value) => (value === "" ? undefined : value), inner);

/** The kie.ai image-edit models Thumbsmith builds requests for (KIE_MODEL); kie-models.server.ts has one builder per model. */
export const KIE_MODELS = ["google/nano-banana-edit", "nano-banana-pro", "seedream/4.5-edit"] as const;
export type KieModel = (typeof KIE_MODELS)[number];
export const DEFAULT_KIE_MODEL: KieModel = "google/nano-banana-edit";
/** nano-banana-pro's output size. */
export const KIE_RESOLUTIONS = ["1K", "2K", "4K"] as const;
/** seedream/4.5-edit's output size: basic is 2K, high is 4K. */
export const KIE_QUALITIES = ["basic", "high"] as const;

// The app's public address. State-changing requests must come from a page of
// this origin or of the one the request was sent to.
const publicUrl = z.string().url().optional();

const oneOf = <T extends readonly [string, ...string[]]>(name: string, values: T) =>
  z.enum(values, { message: `${name} must be one of: ${values.join(", ")}` });

// kie.ai's settings. They are checked at start with the rest, and read again
// when kie.ai is used (readKieSettings), so that setting KIE_API_KEY switches
// the provider on without touching anything else.
const kieSchema = z.object({
  KIE_API_KEY: z.string().trim().min(1).optional(),
  KIE_BASE_URL: z.string().url().default("https://api.kie.ai"),
  KIE_UPLOAD_BASE_URL: z.string().url().default("https://kieai.redpandaai.co"),
  // When set, kie.ai calls back instead of only being polled.
  PUBLIC_URL: publicUrl,
  KIE_WEBHOOK_HMAC_KEY: z.string().min(1).optional(),
  // Which image-edit model renders thumbnails, and its size setting
  // (2K by default: see docs/decisions/060-kie-models.md).
  KIE_MODEL: oneOf("KIE_MODEL", KIE_MODELS).default(DEFAULT_KIE_MODEL),
  KIE_RESOLUTION: oneOf("KIE_RESOLUTION", KIE_RESOLUTIONS).default("2K"),
  KIE_QUALITY: oneOf("KIE_QUALITY", KIE_QUALITIES).default("basic"),
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

export type KieSettings = z.infer<typeof kieSchema>;

/** The OpenAI image models Thumbsmith builds requests for (OPENAI_IMAGE_MODEL): the GPT Image family on /v1/images/edits. */
export const DEFAULT_OPENAI_IMAGE_MODEL = "gpt-image-1";
/** OpenAI's quality levels for GPT Image models; the price of an image follows it. */
export const OPENAI_IMAGE_QUALITIES = ["low", "medium", "high", "auto"] as const;

// OpenAI's settings, read when OpenAI is used (readOpenAISettings), like kie.ai's.
const openaiSchema = z.object({
  OPENAI_API_KEY: emptyIsUnset(z.string().trim().min(1).optional()),
  // The SDK's base URL; the tests point it at a fake.
  OPENAI_BASE_URL: emptyIsUnset(z.string().url().default("https://api.openai.com/v1")),
  OPENAI_IMAGE_MODEL: emptyIsUnset(
    z
      .string()
      .trim()
      .regex(/^gpt-image-[A-Za-z0-9.-]+$/, "OPENAI_IMAGE_MODEL must be a GPT Image model (gpt-image-1, gpt-image-...)")
      .default(DEFAULT_OPENAI_IMAGE_MODEL),
  ),
  // Medium, not OpenAI's "auto": a known price per image (see docs/openai.md).
  OPENAI_IMAGE_QUALITY: oneOf("OPENAI_IMAGE_QUALITY", OPENAI_IMAGE_QUALITIES).default("medium"),
  // How long one image request may go unanswered. It is not sent again after
  // that (OpenAI may still be drawing it, and would bill it twice). At most
  // 300: Node's fetch gives up on an answer's headers after 300 s anyway.
  OPENAI_REQUEST_TIMEOUT_SECONDS: z.coerce.number().positive().max(300).default(240),
  // First wait after an answer that made no image (429 rate limit, 5xx, a
  // refused connection); it doubles, with jitter, up to 30 s. Tests lower it.
  OPENAI_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2000),
});

export type OpenAISettings = z.infer<typeof openaiSchema>;

/** The Gemini image model a batch uses unless GEMINI_IMAGE_MODEL names another. */
export const DEFAULT_GEMINI_IMAGE_MODEL = "gemini-2.5-flash-image";

// Google Gemini's settings (the "gemini" provider), checked at start and read
// again when Gemini is used (readGeminiSettings), like kie.ai's.
const geminiSchema = z.object({
  GEMINI_API_KEY: emptyIsUnset(z.string().trim().min(1).optional()),
  // Where the SDK sends its requests (the tests point it at a fake Gemini).
  GEMINI_BASE_URL: z.string().url().default("https://generativelanguage.googleapis.com"),
  // Any image model of the Gemini API that answers generateContent with an image.
  GEMINI_IMAGE_MODEL: z.string().trim().min(1).default(DEFAULT_GEMINI_IMAGE_MODEL),
  // How long one request may go unanswered; then the cell fails, and is not sent again (it may have been paid).
  GEMINI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(120_000),
  // Requests per cell when Google answers 429, 500, 502, 503 or 504 (no image made), the first included.
  GEMINI_RETRY_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  // First wait after such an answer, doubling with jitter; Google's RetryInfo, when it sends one, is waited instead.
  GEMINI_RETRY_BASE_MS: z.coerce.number().int().min(1).default(2000),
  // The longest wait between two requests; a RetryInfo asking for longer fails the cell at once.
  GEMINI_RETRY_CAP_MS: z.coerce.number().int().min(1).default(60_000),
});

export type GeminiSettings = z.infer<typeof geminiSchema>;

/**
 * What Thumbsmith writes into a ComfyUI workflow (COMFYUI_WORKFLOW): string
 * inputs holding these are replaced when a thumbnail is queued. {{prompt}}
 * and {{image}} are required; {{seed}}, as a whole value, becomes a number.
 */
export const COMFYUI_PLACEHOLDERS = { prompt: "{{prompt}}", image: "{{image}}", seed: "{{seed}}" } as const;

/**
 * Why a workflow (the parsed JSON) cannot be used, in words for the
 * self-hoster, or null. ComfyUI's API format: an object of nodes by id, each
 * with class_type and inputs, holding {{prompt}} and {{image}} in string inputs.
 */
export function comfyuiWorkflowProblem(workflow: unknown): string | null {
  if (!workflow || typeof workflow !== "object" || Array.isArray(workflow)) return "it is not a JSON object of nodes";
  if ("nodes" in workflow && "links" in workflow) {
    return "it is in the editor's format; save it from ComfyUI with Workflow > Export (API)";
  }
  const nodes = Object.entries(workflow as Record<string, unknown>);
  if (nodes.length === 0) return "it has no nodes";
  const strings: string[] = [];
  for (const [id, node] of nodes) {
    const { class_type: classType, inputs } = (node ?? {}) as { class_type?: unknown; inputs?: unknown };
    if (typeof classType !== "string" || !inputs || typeof inputs !== "object") {
      return `node ${id} has no class_type and inputs (is it ComfyUI's API format, Workflow > Export (API)?)`;
    }
    for (const value of Object.values(inputs)) if (typeof value === "string") strings.push(value);
  }
  const missing = [COMFYUI_PLACEHOLDERS.prompt, COMFYUI_PLACEHOLDERS.image].filter((p) => !strings.some((value) => value.includes(p)));
  if (missing.length > 0) {
    return `no node input holds ${missing.join(" or ")} (put "{{prompt}}" in the prompt node's text and "{{image}}" as the LoadImage node's image)`;
  }
  return null;
}

/** The workflow file at `path`, parsed and checked; throws with the reason it cannot be used. */
export function readComfyuiWorkflowFile(path: string): Record<string, unknown> {
  let workflow: unknown;
  try {
    workflow = JSON.parse(fs.readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ? "it cannot be read" : "it is not JSON";
    throw new Error(`COMFYUI_WORKFLOW (${path}) cannot be used: ${reason} (${(error as Error).message})`);
  }
  const problem = comfyuiWorkflowProblem(workflow);
  if (problem) throw new Error(`COMFYUI_WORKFLOW (${path}) cannot be used: ${problem}`);
  return workflow as Record<string, unknown>;
}

// ComfyUI's settings, on the self-hoster's own server (typically on the LAN).
// Checked at start with the rest (the workflow file too: a workflow without
// the placeholders stops the start), and read again when ComfyUI is used.
const comfyuiSchema = z.object({
  // ComfyUI's address, e.g. http://192.168.1.20:8188; set, new generations use it.
  COMFYUI_URL: emptyIsUnset(z.string().url().optional()),
  // An API-format workflow file with {{prompt}} and {{image}}; unset, the shipped Qwen-Image-Edit one.
  // Its content is checked at start (below) and by the provider when it is made, not at every read.
  COMFYUI_WORKFLOW: emptyIsUnset(z.string().trim().min(1).optional()),
  // Seconds a thumbnail may take at ComfyUI, from queueing (or resuming) to its image.
  COMFYUI_TIMEOUT: z.coerce.number().positive().default(600),
  // How often ComfyUI's history is asked about a queued prompt.
  COMFYUI_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
  // How long one call to ComfyUI may go unanswered.
  COMFYUI_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(30_000),
  // Prompts of one generation at ComfyUI at once (it draws one at a time; the next waits in its queue).
  COMFYUI_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
});

export type ComfyuiSettings = z.infer<typeof comfyuiSchema>;

const settings = z.object({
  // Unset, the server runs as in production (`npm start` sets production);
  // `npm run dev` sets development (build reloads).
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
  // Where the web server listens.
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  // "1" skips applying pending migrations at start (a compose file's
  // migrate service has applied them already).
  SKIP_MIGRATIONS: z.string().optional().transform((value) => value === "1"),
  // Scales every rate limit (tests and benchmarks raise it).
  RATE_LIMIT_MULTIPLIER: z.coerce.number().positive({ message: "RATE_LIMIT_MULTIPLIER must be a number above 0" }).default(1),
  // Which proxy's X-Forwarded-* headers count, as Express's "trust proxy"
  // takes it: a number of hops ("1": the one proxy in front), "true" (any),
  // or names and addresses ("loopback", "10.0.0.0/8, uniquelocal"). Unset,
  // none. A hop count must reach Express as a number: as text it would be
  // read as the address 0.0.0.1.
  TRUST_PROXY: emptyIsUnset(z.string().trim().optional()).transform((value) => {
    if (value === undefined) return undefined;
    if (/^\d+$/.test(value)) return Number(value);
    return value === "true" ? true : value;
  }),
  // bcrypt's cost factor for password hashes: 10 is bcrypt's common default
  // (~70 ms in pure JS on these machines); tests lower it to keep the suite fast.
  BCRYPT_COST: z.coerce.number().int().min(4).max(31).default(10),
  // Generations one `npm run worker` process renders at the same time.
  WORKER_SLOTS: z.coerce.number().int().min(1).max(64).default(1),
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
  // The render threads' nice value (Linux): 19, the lowest priority, keeps
  // pages fast while a batch renders; 0 when other busy services on the box
  // (or a test run) would otherwise starve the drawing.
  RENDER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(19),
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
  // Largest portrait upload or topic image (Generate form) accepted, per file, in megabytes.
  PORTRAIT_MAX_MB: z.coerce.number().positive().max(200).default(15),
  // Largest body of any request that is not a portrait upload (forms, JSON,
  // kie.ai callbacks), in kilobytes.
  FORM_MAX_KB: z.coerce.number().int().min(16).max(10_240).default(64),
  // Lowest level written to the JSON log lines on stdout.
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // Bearer token that /metrics requires; unset, /metrics does not exist (404).
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  // kie.ai's, checked here so that a typo stops the start, not the first kie.ai batch.
  ...kieSchema.shape,
  // OpenAI's, checked here for the same reason.
  ...openaiSchema.shape,
  // ComfyUI's, checked here so that a bad workflow file stops the start.
  ...comfyuiSchema.shape,
  COMFYUI_WORKFLOW: comfyuiSchema.shape.COMFYUI_WORKFLOW.superRefine((path, ctx) => {
    if (path === undefined) return;
    try {
      readComfyuiWorkflowFile(path);
    } catch (error) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
    }
  }),
  PUBLIC_URL: publicUrl,
  // The self-hoster's own Google OAuth client (docs/youtube.md): both set, a
  // user may connect their YouTube channel; neither, the feature is hidden.
  YOUTUBE_CLIENT_ID: emptyIsUnset(z.string().trim().min(1).optional()),
  YOUTUBE_CLIENT_SECRET: emptyIsUnset(z.string().trim().min(1).optional()),
  // How long one call to Google (OAuth or YouTube) may go unanswered; then
  // the page says YouTube did not answer in time.
  GOOGLE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(10).default(15_000),
  // Tests only: one base URL that replaces every Google and YouTube host,
  // keeping each host's path (app/modules/youtube/google-hosts.server.ts), so
  // that the app talks to a fake Google. Calls to it may reach loopback.
  GOOGLE_API_ROOT_FOR_TESTS: emptyIsUnset(
    z
      .string()
      .url()
      .refine((url) => /^https?:$/.test(new URL(url).protocol), "GOOGLE_API_ROOT_FOR_TESTS must be an http(s) URL")
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  // Tests only (their receivers are on loopback): let webhook deliveries and
  // endpoint URLs reach loopback and private addresses, like
  // KIE_ALLOW_PRIVATE_RESULT_URLS_FOR_TESTS for kie.ai's results. Never set it on a real install.
  WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS: z
    .enum(["0", "1"], { message: "WEBHOOK_ALLOW_PRIVATE_URLS_FOR_TESTS must be 1 (tests only) or 0" })
    .default("0")
    .transform((value) => value === "1"),
  // Google Gemini's, checked here for the same reason.
  ...geminiSchema.shape,
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
});

const schema = settings
  .refine((e) => e.STORAGE_DRIVER !== "s3" || e.S3_BUCKET, {
    message: "STORAGE_DRIVER=s3 needs S3_BUCKET",
    path: ["S3_BUCKET"],
  })
  .refine((e) => !e.YOUTUBE_CLIENT_ID === !e.YOUTUBE_CLIENT_SECRET, {
    message: "set both YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET (the OAuth client's id and secret from Google Cloud), or neither",
    path: ["YOUTUBE_CLIENT_SECRET"],
  })
  .refine((e) => !e.YOUTUBE_CLIENT_ID || e.PUBLIC_URL, {
    // Google sends the user back to PUBLIC_URL/youtube/callback, which must match the OAuth client's redirect URI exactly.
    message: "YOUTUBE_CLIENT_ID needs PUBLIC_URL: Google sends users back to PUBLIC_URL/youtube/callback",
    path: ["PUBLIC_URL"],
  });

function describeIssues(error: z.ZodError) {
  return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

export function parseEnv(source: EnvSource = process.env) {
  const parsed = schema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid environment variables:\n${describeIssues(parsed.error).join("\n")}`);
  const databaseUrl = resolveDatabaseUrl(source);
  return {
    ...parsed.data,
    DATA_DIR: resolveDataDir(source),
    DATABASE_URL: databaseUrl,
    databaseProvider: databaseProviderOf(databaseUrl),
  };
}

/** Every variable read here, for the check that docs/configuration.md documents each. */
export const SETTING_NAMES = [...Object.keys(settings.shape), "DATA_DIR", "DATABASE_URL"];

export const env = parseEnv();
export type Env = typeof env;

/**
 * kie.ai's settings as the environment holds them now (kie-config.server.ts
 * reads them whenever the provider is used), checked the same way as at start.
 */
export function readKieSettings(source: EnvSource = process.env): KieSettings {
  const parsed = kieSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid kie.ai settings: ${describeIssues(parsed.error).join("; ")}`);
  return parsed.data;
}

/** OpenAI's settings as the environment holds them now (openai-config.server.ts), checked the same way as at start. */
export function readOpenAISettings(source: EnvSource = process.env): OpenAISettings {
  const parsed = openaiSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid OpenAI settings: ${describeIssues(parsed.error).join("; ")}`);
  return parsed.data;
}

/** Google Gemini's settings as the environment holds them now (gemini-config.server.ts), checked the same way as at start. */
export function readGeminiSettings(source: EnvSource = process.env): GeminiSettings {
  const parsed = geminiSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid Gemini settings: ${describeIssues(parsed.error).join("; ")}`);
  return parsed.data;
}

/** ComfyUI's settings as the environment holds them now (comfyui-config.server.ts), checked as at start. */
export function readComfyuiSettings(source: EnvSource = process.env): ComfyuiSettings {
  const parsed = comfyuiSchema.safeParse(source);
  if (!parsed.success) throw new Error(`Invalid ComfyUI settings: ${describeIssues(parsed.error).join("; ")}`);
  return parsed.data;
}
