// The process's logs: JSON lines on stdout (pino), at LOG_LEVEL, readable
// ones in a terminal. A line written while a request is handled carries that
// request's id.
//
// Nothing secret may reach a line: known secret fields are censored by path,
// and every finished line goes through a last scrub for the things that hide
// in free text (the kie.ai callback token in a URL, bearer tokens, the
// configured keys themselves, wherever they appear: a URL, an error message).
import { pino, type LevelWithSilent, type LoggerOptions } from "pino";
import { prettyFactory } from "pino-pretty";
import { env } from "./env.server";
import { currentRequestId } from "./request-context.server";

const CENSOR = "[redacted]";

const REDACTED_PATHS = [
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "apiKey",
  "secret",
  "cookie",
  "authorization",
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "*.token",
  "*.apiKey",
  "*.secret",
  "*.cookie",
  "*.authorization",
  // Google OAuth (app/modules/youtube): token answers, sealed columns, the PKCE verifier.
  "access_token",
  "refresh_token",
  "id_token",
  "code_verifier",
  "client_secret",
  "*.access_token",
  "*.refresh_token",
  "*.id_token",
  "*.code_verifier",
  "*.client_secret",
  "*.accessToken",
  "*.refreshToken",
  "*.refreshTokenSealed",
  "*.accessTokenSealed",
  "headers.cookie",
  "headers.authorization",
  'headers["set-cookie"]',
  "*.headers.cookie",
  "*.headers.authorization",
  '*.headers["set-cookie"]',
];

// Paths whose last segment is a secret (the kie.ai callback route's token).
const SECRET_PATH_SEGMENT = /(\/resources\/kie\/callback\/)[^\s"'?#/\\]+/g;
const BEARER = /(Bearer\s+)[^\s"'\\;,]+/gi;
const SECRET_QUERY_PARAM = /([?&](?:token|key|api_key|apikey|secret|signature|password)=)[^&\s"'#\\;,]+/gi;
// Google's OAuth values in a form body, a query or JSON ("code" only as a parameter: the word is common).
const OAUTH_PARAM = /((?:^|[?&\s"'])(?:access_token|refresh_token|id_token|code|code_verifier|client_secret)(?:=|\\?"\s*:\s*\\?"))[^&\s"'#\\;,]+/gi;
// Google's token formats wherever they appear: access tokens start "ya29.", refresh tokens "1//".
const GOOGLE_TOKEN = /\b(?:ya29\.[\w.-]+|1\/\/[\w.-]{20,})/g;

function escapeForRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Values that must never appear in a log line, from the settings that hold them. */
function configuredSecrets() {
  const values = [
    env.KIE_API_KEY,
    env.KIE_WEBHOOK_HMAC_KEY,
    env.OPENAI_API_KEY,
    env.GEMINI_API_KEY,
    env.S3_SECRET_ACCESS_KEY,
    env.METRICS_TOKEN,
    env.YOUTUBE_CLIENT_SECRET,
    ...(env.SESSION_SECRET ?? "").split(","),
  ];
  // A short value would censor ordinary words; real keys are long.
  return values.map((value) => value?.trim() ?? "").filter((value) => value.length >= 8);
}

/** A log line (or any text) with secrets in URLs, bearer tokens and configured keys replaced. */
export function scrubSecrets(text: string, secrets: readonly string[] = configuredSecrets()) {
  let scrubbed = text
    .replace(SECRET_PATH_SEGMENT, `$1${CENSOR}`)
    .replace(BEARER, `$1${CENSOR}`)
    .replace(SECRET_QUERY_PARAM, `$1${CENSOR}`)
    .replace(OAUTH_PARAM, `$1${CENSOR}`)
    .replace(GOOGLE_TOKEN, CENSOR);
  for (const secret of secrets) scrubbed = scrubbed.replace(new RegExp(escapeForRegExp(secret), "g"), CENSOR);
  return scrubbed;
}

// Set by tests/setup/setup-test-env.ts: Vitest workers log nothing unless a
// test raises the level (setLogLevel), while the processes tests start, which
// do not inherit a global, log as configured.
const TEST_LOG_LEVEL = Symbol.for("thumbsmith.testLogLevel");

function baseOptions(): LoggerOptions {
  const secrets = configuredSecrets();
  return {
    level: (globalThis as Record<symbol, LevelWithSilent | undefined>)[TEST_LOG_LEVEL] ?? env.LOG_LEVEL,
    base: { pid: process.pid },
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    hooks: { streamWrite: (line) => scrubSecrets(line, secrets) },
  };
}

type Stdout = Pick<NodeJS.WriteStream, "write" | "isTTY"> & { hasColors?: () => boolean };

/**
 * Where the lines go: JSON lines on stdout for a log collector, or, when
 * stdout is a terminal (`npm start` typed by hand), the same lines made
 * readable by pino-pretty: time, level, message, then the fields.
 *
 * Written through process.stdout (not pino's own file descriptor writer),
 * which is synchronous for files, pipes and terminals on Linux, so lines
 * before an exit are kept; pino-pretty's prettifier is called in line for
 * the same reason, rather than as its own asynchronous stream.
 */
export function logDestination(stdout: Stdout = process.stdout) {
  if (!stdout.isTTY) return stdout;
  const prettify = prettyFactory({
    colorize: stdout.hasColors?.() ?? false,
    translateTime: "SYS:HH:MM:ss.l",
    ignore: "pid,hostname",
  });
  return { write: (line: string) => stdout.write(prettify(line)) };
}

const destination = logDestination();

/** For domain code: adds the current request's id to every line. */
export const logger = pino(
  {
    ...baseOptions(),
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  },
  destination,
);

/** For the request log (pino-http), which binds the request id itself. */
export const httpLogger = pino(baseOptions(), destination);

export function setLogLevel(level: LevelWithSilent) {
  logger.level = level;
  httpLogger.level = level;
}
