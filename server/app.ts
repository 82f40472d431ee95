// The Express app around the Remix handler: security headers with a
// per-request CSP nonce, compression that never buffers event streams,
// rate limits and static files. Kept apart from index.ts so tests can mount
// it on a loopback port.
import crypto from "node:crypto";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { formActionOrigins as youtubeFormActionOrigins } from "~/modules/youtube/oauth-client.server";
import { env } from "~/utils/env.server";
import { apiErrorJson, isApiPath } from "./api-paths";
import { createBodyLimit } from "./body-limit";
import { createOriginCheck } from "./origin-check";
import { createRateLimiters } from "./rate-limit";
import { createRemixHandler } from "./remix-handler";
import { BAD_PATH_MESSAGE, createRequestInput } from "./request-input";
import { createRequestLogging, enterRequestContext } from "./request-logging";

/** Compression buffers output; an event stream must reach the browser at once. */
export function shouldCompress(req: express.Request, res: express.Response) {
  return !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res);
}

export function createApp({
  build,
  publicDir,
  rateLimitMultiplier = 1,
  mode = "production",
  publicUrl = env.PUBLIC_URL,
  formMaxKb = env.FORM_MAX_KB,
  trustProxy = env.TRUST_PROXY,
  formActionOrigins = youtubeFormActionOrigins(),
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  publicDir: string;
  rateLimitMultiplier?: number;
  mode?: string;
  publicUrl?: string;
  formMaxKb?: number;
  /** Express's "trust proxy" setting, as TRUST_PROXY gives it; unset, no proxy is trusted. */
  trustProxy?: string | number | boolean;
  /** Other origins a form's answer may redirect to (Google's consent page, when YouTube is set up). */
  formActionOrigins?: string[];
}) {
  const app = express();
  app.disable("x-powered-by");
  if (trustProxy !== undefined) app.set("trust proxy", trustProxy);

  // First, so every answer (a rate limit's 429 too) is logged with its id.
  app.use(createRequestLogging());

  // Before anything reads the path: one answer for an address that does not decode.
  app.use(createRequestInput());

  app.use(compression({ filter: shouldCompress }));

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("hex");
    next();
  });
  app.use(
    helmet({
      // Default helmet sets HSTS and upgrade-insecure-requests, which would
      // break a self-hoster serving plain HTTP on a LAN; a TLS proxy adds HSTS.
      strictTransportSecurity: false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "same-origin" },
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "base-uri": ["'self'"],
          "connect-src": ["'self'"],
          "font-src": ["'self'"],
          "form-action": ["'self'", ...formActionOrigins],
          "frame-ancestors": ["'none'"],
          "img-src": ["'self'", "data:", "blob:"],
          // The Generate page plays the creator's own video from an object URL to take a frame of it (decision 184).
          "media-src": ["'self'", "blob:"],
          "object-src": ["'none'"],
          "script-src": ["'self'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          // Radix positions popovers with inline style attributes.
          "style-src": ["'self'", "'unsafe-inline'"],
        },
      },
    }),
  );

  // Fingerprinted build output never changes; everything else may.
  app.use("/build", express.static(`${publicDir}/build`, { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  app.use(createRateLimiters({ multiplier: rateLimitMultiplier }));
  // Headers first: a cross-site post is refused before any of its body is read.
  app.use(createOriginCheck({ publicUrl }));
  app.use(createBodyLimit({ maxKb: formMaxKb }));

  app.all(
    "*",
    enterRequestContext,
    createRemixHandler({
      build,
      mode,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  // Express's own handler would print the stack to stderr; the request log
  // line carries it instead (pino-http reads res.err).
  app.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    // A middleware's own verdict on a bad request (http-errors' status, as
    // Express and serve-static set it) is the client's mistake: that answer,
    // not a 500, and not an error in the log.
    const status = (error as { status?: unknown } | null)?.status;
    const api = isApiPath(_req.path);
    if (typeof status === "number" && status >= 400 && status < 500 && !res.headersSent) {
      const message = status === 400 ? BAD_PATH_MESSAGE : "Not Found";
      if (api) return void res.status(status).type("application/json").send(apiErrorJson(status === 400 ? "invalid_request" : "not_found", message));
      return void res.status(status).type("text/plain").send(message);
    }
    res.err = error instanceof Error ? error : new Error(String(error));
    if (res.headersSent) return next(error);
    if (api) return void res.status(500).type("application/json").send(apiErrorJson("internal_error", "Something went wrong on the server."));
    res.status(500).type("text/plain").send("Internal Server Error");
  });
  return app;
}
