// Plain node:http requests for server tests: any header (Origin,
// Sec-Fetch-Site, a lying Content-Length), and bodies streamed chunk by chunk
// with backpressure, counting what the client managed to send.
import http from "node:http";
import net from "node:net";

export type RawReply = {
  status?: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Body bytes the client handed to its socket before the exchange ended. */
  sent: number;
  error?: Error;
};

export function rawRequest(
  port: number,
  {
    method = "POST",
    path,
    headers = {},
    body,
    enough,
  }: {
    method?: string;
    path: string;
    headers?: Record<string, string | number>;
    /** A buffer, or chunks produced one at a time (a generator never holds the whole body). */
    body?: Buffer | string | Iterable<Buffer>;
    /** Stops reading once this says so (checked on the headers and each chunk): event streams and downloads never need their end. */
    enough?: (reply: RawReply) => boolean;
  },
): Promise<RawReply> {
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const reply: RawReply = { body: "", headers: {}, sent: 0 };
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      reply.sent = sent;
      if (error && reply.status === undefined) reply.error = error;
      request.destroy();
      resolve(reply);
    };
    const request = http.request({ host: "127.0.0.1", port, path, method, headers, agent: false }, (response) => {
      reply.status = response.statusCode;
      reply.headers = response.headers;
      response.setEncoding("utf8");
      if (enough?.(reply)) return settle();
      response.on("data", (chunk: string) => {
        reply.body += chunk;
        if (enough?.(reply)) settle();
      });
      response.on("end", () => settle());
      response.on("error", (error) => settle(error));
    });
    request.on("error", (error) => settle(error));
    let closed = false;
    request.on("close", () => (closed = true));

    if (body === undefined || typeof body === "string" || Buffer.isBuffer(body)) {
      if (body !== undefined) sent += Buffer.byteLength(body);
      request.end(body);
      return;
    }
    void (async () => {
      for (const chunk of body) {
        if (settled || closed) return;
        sent += chunk.length;
        if (!request.write(chunk)) {
          // Wait for the socket to take it, or for the exchange to end.
          await new Promise<void>((next) => {
            const done = () => {
              request.off("drain", done);
              request.off("close", done);
              next();
            };
            request.on("drain", done);
            request.on("close", done);
          });
        }
      }
      if (!settled && !closed) request.end();
    })();
  });
}

/** `total` bytes in chunks of one reused buffer: a huge body that costs the client nothing to hold. */
export function* repeatedChunks(total: number, chunk: Buffer) {
  for (let left = total; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}

/**
 * A client that sends its whole request before it reads a byte of the
 * answer, as many do (an upload in a browser often, Python's requests
 * always): a server that answers early and closes with the body unread
 * resets it, and the answer is lost. The raw answer's status and body, or
 * the error the client saw.
 */
export function sendThenRead(
  port: number,
  { method = "POST", path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string | number>; body: Iterable<Buffer> },
): Promise<{ status?: number; body: string; error?: Error }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let failure: Error | undefined;
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", (error) => (failure ??= error));
    socket.on("close", () => {
      const text = Buffer.concat(received).toString("utf8");
      const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(text);
      // A reset loses what the client had not read yet: no status is an error.
      if (failure || !match) return resolve({ body: text, error: failure ?? new Error("no answer") });
      resolve({ status: Number(match[1]), body: match[2] });
    });
    socket.once("connect", async () => {
      // Paused: nothing is read until the whole request is written.
      socket.pause();
      const head = Object.entries({ Host: `127.0.0.1:${port}`, Connection: "close", ...headers }).map(([name, value]) => `${name}: ${value}\r\n`);
      const chunked = !Object.keys(headers).some((name) => name.toLowerCase() === "content-length");
      const write = (data: Buffer | string) => new Promise<void>((next) => (socket.write(data) ? next() : socket.once("drain", next)));
      await write(`${method} ${path} HTTP/1.1\r\n${head.join("")}${chunked ? "Transfer-Encoding: chunked\r\n" : ""}\r\n`);
      for (const chunk of body) {
        if (socket.destroyed) return;
        await write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]) : chunk);
      }
      if (chunked) await write("0\r\n\r\n");
      socket.resume();
    });
  });
}
