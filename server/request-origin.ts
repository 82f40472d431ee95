// The origin a request was addressed to, as the browser saw it. Behind a
// proxy the Host and scheme the browser used arrive as X-Forwarded-Host and
// X-Forwarded-Proto; those are believed only when TRUST_PROXY says the
// proxy is ours (Express's `trust proxy`), as req.protocol and req.hostname do.
import type { Request } from "express";

export function requestHost(req: Request) {
  const trustProxy = req.app.get("trust proxy fn") as (address: string | undefined, hop: number) => boolean;
  const forwarded = trustProxy(req.socket.remoteAddress, 0) ? req.get("X-Forwarded-Host") : undefined;
  // A chain of proxies appends; the first is the one the browser reached.
  return forwarded?.split(",")[0].trim() || req.get("Host") || "localhost";
}

export function requestOrigin(req: Request) {
  return `${req.protocol}://${requestHost(req)}`;
}
