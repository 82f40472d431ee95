// Refuses a state-changing request that a page of another origin made the
// browser send. The Origin header (or Sec-Fetch-Site when a browser sends no
// Origin) says where the request came from; the app's own origin is
// PUBLIC_URL and the origin the request was addressed to. This covers what
// SameSite=Lax cookies do not: a sibling on the same host (another port, a
// subdomain) is "same-site" for cookies but another origin here.
// A request with neither header is not from a browser page (curl, scripts),
// so it cannot ride a visitor's cookies and passes. See
// docs/decisions/013-request-guards.md.
import type { Request, RequestHandler } from "express";
import { requestOrigin } from "./request-origin";
import { isApiPath } from "./api-paths";
import { WEBHOOK_PREFIX } from "./rate-limit";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CROSS_ORIGIN_MESSAGE =
  "This request came from another site, so it was refused. Open Thumbsmith at its own address and try again.";

export function createOriginCheck({ publicUrl }: { publicUrl?: string } = {}): RequestHandler {
  const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;

  return (req, res, next) => {
    // kie.ai's callbacks come from kie.ai and carry their own authentication;
    // the API and MCP take a bearer token and never a cookie (api-paths.ts).
    if (SAFE_METHODS.has(req.method) || req.path.startsWith(WEBHOOK_PREFIX) || isApiPath(req.path)) return next();
    if (isSameOrigin(req, publicOrigin)) return next();
    res.status(403).type("text/plain").send(CROSS_ORIGIN_MESSAGE);
  };
}

function isSameOrigin(req: Request, publicOrigin: string | undefined) {
  const origin = req.get("Origin");
  if (origin !== undefined) {
    const sent = normalize(origin);
    return sent !== undefined && (sent === publicOrigin || sent === normalize(requestOrigin(req)));
  }
  // "none" is a navigation the user started (address bar, bookmark).
  const site = req.get("Sec-Fetch-Site");
  return site === undefined || site === "same-origin" || site === "none";
}

/** scheme://host[:port] in URL's canonical form (lower case, default port dropped); "null" and garbage are undefined. */
function normalize(origin: string) {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? undefined : url.origin;
  } catch {
    return undefined;
  }
}
