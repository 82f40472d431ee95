// The bridge from Express to Remix, as @remix-run/express builds it, with one
// difference: a body the body limit already read (every small form) is handed
// to Remix from memory, since a request's stream can be read only once. Upload
// bodies, which the limit lets through unread, still stream from the socket.
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type express from "express";
import { bufferedBodyOf } from "./body-limit";
import { requestOrigin } from "./request-origin";

export function createRemixHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: string;
  getLoadContext: (req: express.Request, res: express.Response) => AppLoadContext;
}): express.RequestHandler {
  const handleRequest = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const { request, clientGone } = toRemixRequest(req, res);
      const response = await handleRequest(request, { ...getLoadContext(req, res), clientGone });
      await sendRemixResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function toRemixRequest(req: express.Request, res: express.Response) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  // Loaders and actions stop when the client leaves before the answer is sent.
  const controller = new AbortController();
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => finished || controller.abort());

  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = bufferedBodyOf(req) ?? createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  // Concatenated, not resolved: a path like //other.example must stay a path.
  const request = new Request(`${requestOrigin(req)}${req.originalUrl}`, init);
  // Loaders get copies of this request (Remix strips its query markers), each
  // following the one before through a weak reference; once an intermediate
  // copy is collected, a client that leaves no longer aborts the loader's
  // request.signal. Long-lived answers (event streams) listen to this signal
  // instead, held by the socket's own listener.
  return { request, clientGone: controller.signal };
}

async function sendRemixResponse(res: express.Response, response: Response) {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  // An event stream's headers go out at once, before its first event.
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}
