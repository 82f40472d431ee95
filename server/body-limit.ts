// Caps the body of every request that is not a file upload. Forms, JSON and
// kie.ai's callbacks are small: the body is counted as it arrives and the
// request is answered 413 the moment it passes the limit (or at once when
// Content-Length already says so), without reading the rest. A multipart
// form is parsed as it streams, so a file part sent to a route that takes no
// file is refused when its headers arrive, before any of its bytes are kept.
// What passes is kept in memory (at most the limit) for the Remix handler.
import type { IncomingMessage } from "node:http";
import busboy from "busboy";
import type { Request, RequestHandler, Response } from "express";
import { apiErrorJson, isApiPath } from "./api-paths";
import { normalizeReadBody } from "./request-input";

/**
 * The routes that read files from their body, each under its own per-file
 * limit while the files stream (portraits: PORTRAIT_MAX_MB, see
 * portrait-upload.server.ts; the Generate form's topic images, the same
 * limit, see topic-image-upload.server.ts). Their multipart bodies are not
 * capped here. upload-routes.test.ts fails when a route reads files and is
 * not listed.
 */
export const UPLOAD_ROUTES: readonly { method: string; path: string }[] = [
  { method: "POST", path: "/portraits" },
  { method: "POST", path: "/generate" },
  { method: "POST", path: "/api/v1/portraits" },
  { method: "POST", path: "/api/v1/generations" },
];

export function isUploadRoute(req: Pick<Request, "method" | "path">) {
  return UPLOAD_ROUTES.some((route) => route.method === req.method && route.path === req.path.replace(/\/+$/, ""));
}

const buffered = new WeakMap<IncomingMessage, Uint8Array<ArrayBuffer>>();

/** The body the limit read and let through, for the Remix handler. */
export function bufferedBodyOf(req: IncomingMessage) {
  return buffered.get(req);
}

export function tooLargeMessage(maxKb: number) {
  return `This form is too large (limit ${maxKb} KB).`;
}
export const NO_FILES_MESSAGE = "This form does not take files.";

export function createBodyLimit({ maxKb }: { maxKb: number }): RequestHandler {
  if (!(Number.isInteger(maxKb) && maxKb > 0)) throw new Error("FORM_MAX_KB must be a whole number above 0");
  const maxBytes = maxKb * 1024;

  return (req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const multipart = /^multipart\/form-data\b/i.test(req.get("Content-Type") ?? "");
    if (multipart && isUploadRoute(req)) return next();

    if (Number(req.get("Content-Length") ?? 0) > maxBytes) return refuse(req, res, 413, tooLargeMessage(maxKb));

    let parser: busboy.Busboy | undefined;
    if (multipart) {
      try {
        parser = busboy({ headers: req.headers, limits: { fieldSize: maxBytes } });
      } catch (error) {
        return refuse(req, res, 400, `This form could not be read (${(error as Error).message}).`);
      }
    }

    const chunks: Buffer[] = [];
    const fields: [string, string][] = [];
    let size = 0;
    let done = false;
    let bodyEnded = false;
    let partsEnded = !parser;
    const fail = (status: number, message: string) => {
      if (done) return;
      done = true;
      refuse(req, res, status, message);
    };
    const pass = () => {
      if (done || !bodyEnded || !partsEnded) return;
      done = true;
      // Thrown here, in a parser's or a socket's event, an error would reach no handler: the request would never be answered.
      try {
        buffered.set(req, normalizeReadBody(req, Buffer.concat(chunks, size), parser ? fields : null));
      } catch (error) {
        return next(error);
      }
      next();
    };

    parser?.on("file", () => fail(400, NO_FILES_MESSAGE));
    // busboy names a field sent with name="" undefined.
    parser?.on("field", (name: string | undefined, value: string) => fields.push([name ?? "", value]));
    parser?.on("error", (error: Error) => fail(400, `This form could not be read (${error.message}).`));
    parser?.on("close", () => {
      partsEnded = true;
      pass();
    });

    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) return fail(413, tooLargeMessage(maxKb));
      chunks.push(chunk);
      parser?.write(chunk);
    });
    req.on("end", () => {
      if (done) return;
      bodyEnded = true;
      parser?.end();
      pass();
    });
    // A client that leaves mid-body gets no answer; what was read is dropped.
    req.on("aborted", () => (done = true));
  };
}

/**
 * How much of a refused body is still read, and dropped, after the answer.
 * Many clients (browsers uploading, scripts) read nothing until they have
 * sent the whole body: a server that closes with the body unread resets the
 * connection and its answer is lost. Up to this much, the body is read to its
 * end so the answer arrives; past it (or when Content-Length says more), the
 * connection is closed.
 */
export const DRAIN_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Answers at once, without keeping any more of the body. The whole answer
 * goes out now, so a client that reads while it sends has it and stops; the
 * response ends (and a Connection: close closes the socket) only once the
 * rest of the body, up to DRAIN_MAX_BYTES, is read and dropped, so a client
 * that sends everything first still gets it. A larger body is not read (the
 * sender is held back by TCP), so a 200 MB post costs about the limit.
 */
function refuse(req: Request, res: Response, status: number, message: string) {
  req.removeAllListeners("data");
  const api = isApiPath(req.path);
  const answer = Buffer.from(api ? apiErrorJson(status === 413 ? "payload_too_large" : "invalid_request", message) : message);
  res.status(status).type(api ? "application/json" : "text/plain").set("Content-Length", String(answer.length));
  if (req.complete) return void res.end(answer);
  if (Number(req.headers["content-length"]) > DRAIN_MAX_BYTES) {
    req.pause();
    res.set("Connection", "close");
    return void res.end(answer);
  }
  res.write(answer);
  const end = () => res.writableEnded || res.end();
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) req.socket.destroy();
  });
  req.on("end", end);
  req.on("close", end);
  req.resume();
}
