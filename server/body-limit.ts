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
import { normalizeReadBody } from "./request-input";

/**
 * The routes that read files from their body, each under its own per-file
 * limit while the files stream (portraits: PORTRAIT_MAX_MB, see
 * portrait-upload.server.ts). Their multipart bodies are not capped here.
 * upload-routes.test.ts fails when a route reads files and is not listed.
 */
export const UPLOAD_ROUTES: readonly { method: string; path: string }[] = [{ method: "POST", path: "/portraits" }];

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
      buffered.set(req, normalizeReadBody(req, Buffer.concat(chunks, size), parser ? fields : null));
      next();
    };

    parser?.on("file", () => fail(400, NO_FILES_MESSAGE));
    parser?.on("field", (name: string, value: string) => fields.push([name, value]));
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
      bodyEnded = true;
      parser?.end();
      pass();
    });
    // A client that leaves mid-body gets no answer; what was read is dropped.
    req.on("aborted", () => (done = true));
  };
}

/**
 * Answers without reading the rest of the body: reading stops (the sender is
 * held back by TCP), and the connection closes once the answer is out, so a
 * 200 MB post costs about the limit, not 200 MB.
 */
function refuse(req: IncomingMessage, res: Response, status: number, message: string) {
  req.pause();
  req.removeAllListeners("data");
  res.set("Connection", "close");
  res.status(status).type("text/plain").send(message);
}
