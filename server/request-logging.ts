// One JSON line per request (pino-http), and the request id that ties it to
// whatever the app logs while handling the request: taken from X-Request-Id
// when a proxy sent a sane one, generated otherwise, echoed in the response.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type express from "express";
import { pinoHttp } from "pino-http";
import { httpLogger } from "~/utils/logger.server";
import { runWithRequestId } from "~/utils/request-context.server";

// The id lands in log lines and a response header: accept only plain tokens.
const ACCEPTABLE_REQUEST_ID = /^[\w.:@-]{1,128}$/;

// Probes and scrapes every few seconds would drown the log; their failures
// are logged by the routes themselves.
const UNLOGGED_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

export function requestIdFor(header: string | string[] | undefined) {
  const sent = Array.isArray(header) ? header[0] : header;
  return sent && ACCEPTABLE_REQUEST_ID.test(sent) ? sent : crypto.randomUUID();
}

const pathOf = (url: string | undefined) => (url ?? "/").split("?")[0];

/** The request log, then the request's context for everything after it. */
export function createRequestLogging(): express.RequestHandler[] {
  const log = pinoHttp<IncomingMessage, ServerResponse>({
    logger: httpLogger,
    genReqId(req, res) {
      const id = requestIdFor(req.headers["x-request-id"]);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: "requestId" },
    autoLogging: { ignore: (req) => UNLOGGED_PATHS.has(pathOf(req.url)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
    // Only what explains the request: no headers, so no cookie, Set-Cookie
    // or Authorization (the logger scrubs tokens in the URL).
    serializers: {
      req: (req: { method: string; url: string; headers: Record<string, string | undefined> }) => ({
        method: req.method,
        url: req.url,
        userAgent: req.headers["user-agent"],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return [log, enterRequestContext];
}

/**
 * Runs the rest of the chain inside the request's context. Used again right
 * before the Remix handler: a middleware that reads the body resumes from a
 * socket event, which does not carry the context along.
 */
export const enterRequestContext: express.RequestHandler = (req, _res, next) => {
  runWithRequestId(String(req.id), next);
};
