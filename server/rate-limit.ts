// Per-IP rate limits (per token on the API). Strict on the auth posts (password guessing), looser on
// other writes, generous on reads. RATE_LIMIT_MULTIPLIER scales every limit
// (the end-to-end tests raise it; 0 would block everything and is refused).
import crypto from "node:crypto";
import type { Request, RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { apiErrorJson, isApiPath } from "./api-paths";

const MINUTE = 60_000;
export const AUTH_PATHS = ["/login", "/signup"];
export const GENERATE_PATHS = ["/generate"];
export const WEBHOOK_PREFIX = "/resources/kie/callback/";

/** A limit per minute, keyed by address unless told otherwise, answering 429 with the message (plain text, or the API's JSON). */
function limiterFor(multiplier: number, { keyGenerator, json = false }: { keyGenerator?: (req: Request) => string; json?: boolean } = {}) {
  return (limit: number, message: string) =>
    rateLimit({
      windowMs: MINUTE,
      limit: Math.ceil(limit * multiplier),
      standardHeaders: "draft-7",
      legacyHeaders: false,
      ...(keyGenerator ? { keyGenerator } : {}),
      handler: (_req, res, _next, options) => {
        if (json) return void res.status(options.statusCode).type("application/json").send(apiErrorJson("rate_limited", message));
        res.status(options.statusCode).type("text/plain").send(message);
      },
    });
}

export function createRateLimiters({ multiplier = 1 }: { multiplier?: number } = {}): RequestHandler {
  if (!(multiplier > 0)) throw new Error("RATE_LIMIT_MULTIPLIER must be a number above 0");
  const limiter = limiterFor(multiplier);
  const auth = limiter(10, "Too many attempts to log in or sign up from your address. Wait a minute and try again.");
  const generate = limiter(20, "Too many generations started from your address. Wait a minute and try again.");
  const writes = limiter(100, "Too many requests. Wait a minute and try again.");
  const reads = limiter(1000, "Too many requests. Wait a minute and try again.");

  const api = createApiRateLimiters(multiplier);

  return (req, res, next) => {
    if (isApiPath(req.path)) return api(req, res, next);
    // kie.ai's callbacks all come from its few addresses and carry their own
    // authentication (per-task token, signature); limiting them by address
    // would drop results.
    if (req.path.startsWith(WEBHOOK_PREFIX)) return next();
    if (req.method === "GET" || req.method === "HEAD") return reads(req, res, next);
    if (AUTH_PATHS.includes(req.path)) return auth(req, res, next);
    if (GENERATE_PATHS.includes(req.path)) return generate(req, res, next);
    return writes(req, res, next);
  };
}

/** The API's and MCP's limits: per token (each script its own budget), per address for requests without one. */
export const API_GENERATE_PATHS = ["/api/v1/generations"];

function createApiRateLimiters(multiplier: number): RequestHandler {
  const limiter = limiterFor(multiplier, { keyGenerator: apiCallerKey, json: true });
  const generate = limiter(20, "Too many batches started with this token. Wait for Retry-After seconds and try again.");
  const writes = limiter(120, "Too many requests with this token. Wait for Retry-After seconds and try again.");
  const reads = limiter(600, "Too many requests with this token. Wait for Retry-After seconds and try again.");
  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return reads(req, res, next);
    if (req.method === "POST" && API_GENERATE_PATHS.includes(req.path)) return generate(req, res, next);
    return writes(req, res, next);
  };
}

/**
 * A digest of the bearer token, so the limit follows the token whichever
 * address it comes from; the address without one. Not checked against the
 * database here: a forged token only spends its own budget.
 */
function apiCallerKey(req: Request) {
  const authorization = req.get("Authorization");
  if (authorization) return `token:${crypto.createHash("sha256").update(authorization).digest("base64url")}`;
  return `ip:${req.ip}`;
}
