// Downloads against real servers on loopback. 127.0.0.1 stands in for "the
// public internet" (the only address the tests' policy allows) and a second
// server on 127.0.0.2 for the private network a URL must not reach.
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { downloadPublicImage, DownloadError, type ResolvedAddress } from "./public-download.server";

type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void;

async function serve(host: string, routes: Record<string, Route>) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (route) return route(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://${host}:${port}`, hits, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

let png: Buffer;
let outside: Awaited<ReturnType<typeof serve>>;
let inside: Awaited<ReturnType<typeof serve>>;
const redirectTo = (location: () => string, status = 302): Route => (_req, res) => res.writeHead(status, { Location: location() }).end();

beforeAll(async () => {
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#0f0" } }).png().toBuffer();
  inside = await serve("127.0.0.2", { "/secret.png": (_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(png) });
  outside = await serve("127.0.0.1", {
    "/result.png": (_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end(png),
    "/hop.png": redirectTo(() => "/result.png", 301),
    "/to-loopback": redirectTo(() => `${inside.url}/secret.png`),
    "/to-internal-name": redirectTo(() => `http://internal.test:${inside.port}/secret.png`),
    "/to-ipv6-loopback": redirectTo(() => `http://[::1]:${inside.port}/secret.png`),
    "/to-metadata": redirectTo(() => "http://169.254.169.254/latest/meta-data/"),
    "/to-file": redirectTo(() => "file:///etc/passwd"),
    "/loop": redirectTo(() => "/loop"),
    "/page": (_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).end("<html>not an image</html>"),
    "/huge": (_req, res) => {
      // Chunked, no Content-Length: the cap must hold while streaming.
      res.writeHead(200, { "Content-Type": "image/png" });
      const chunk = Buffer.alloc(64 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 4 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", more);
        }
        res.end();
      };
      more();
    },
    "/declared-huge": (_req, res) => res.writeHead(200, { "Content-Type": "image/png", "Content-Length": String(50 * 1024 * 1024) }).end(),
    "/stall": (_req, res) => res.writeHead(200, { "Content-Type": "image/png" }).write(png.subarray(0, 10)),
    "/missing.png": (_req, res) => res.writeHead(404).end(),
  });
});
afterAll(async () => {
  await outside.close();
  await inside.close();
});
beforeEach(() => {
  outside.hits.length = 0;
  inside.hits.length = 0;
});

const names: Record<string, string> = { "cdn.test": "127.0.0.1", "internal.test": "127.0.0.2" };
const resolved: string[] = [];
const resolve = async (hostname: string): Promise<ResolvedAddress[]> => {
  resolved.push(hostname);
  const address = names[hostname];
  if (!address) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  return [{ address, family: 4 }];
};
/** The tests' policy: only 127.0.0.1 counts as public. */
const onlyOutside = { isAllowedAddress: (address: string) => address === "127.0.0.1", resolve };

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as DownloadError);

describe("a download from an allowed address", () => {
  test("returns the image, through a host name resolved once and through a redirect", async () => {
    resolved.length = 0;
    const bytes = await downloadPublicImage(`http://cdn.test:${outside.port}/hop.png`, onlyOutside);
    expect(bytes.equals(png)).toBe(true);
    expect(outside.hits).toEqual(["/hop.png", "/result.png"]);
    // One lookup per hop, made by the socket itself: what was checked is what was connected to.
    expect(resolved).toEqual(["cdn.test", "cdn.test"]);
  });

  test("an HTTP error keeps its status", async () => {
    const error = await refusal(downloadPublicImage(`${outside.url}/missing.png`, onlyOutside));
    expect(error).toMatchObject({ message: "HTTP 404", status: 404, retryable: false });
  });
});

describe("addresses that are not public are refused before connecting", () => {
  test("with the default policy, a loopback URL is refused and nothing is requested", async () => {
    for (const url of [`${outside.url}/result.png`, `http://localhost:${outside.port}/result.png`, `http://[::1]:${outside.port}/result.png`]) {
      const error = await refusal(downloadPublicImage(url));
      expect(error, url).toBeInstanceOf(DownloadError);
      expect(error!.message, url).toMatch(/is not a public address$/);
      expect(error!.retryable).toBe(false);
    }
    expect(outside.hits).toEqual([]);
  });

  test("a host name that resolves to a private address is refused, even if it also resolves to a public one", async () => {
    const mixed = async () => [{ address: "93.184.216.34", family: 4 }, { address: "127.0.0.1", family: 4 }];
    const error = await refusal(downloadPublicImage(`http://cdn.test:${outside.port}/result.png`, { resolve: mixed }));
    expect(error?.message).toBe("cdn.test resolves to 127.0.0.1, which is not a public address");
    const onlyPrivate = async () => [{ address: "127.0.0.1", family: 4 }];
    expect((await refusal(downloadPublicImage(`http://cdn.test:${outside.port}/result.png`, { resolve: onlyPrivate })))?.message).toBe(
      "cdn.test resolves to 127.0.0.1, which is not a public address",
    );
    expect(outside.hits).toEqual([]);
  });

  test.each([
    ["/to-loopback", "127.0.0.2 is not a public address"],
    ["/to-internal-name", "internal.test resolves to 127.0.0.2, which is not a public address"],
    ["/to-ipv6-loopback", "::1 is not a public address"],
    ["/to-metadata", "169.254.169.254 is not a public address"],
    ["/to-file", "its address uses file:, not http or https"],
  ])("a redirect (%s) is checked again and refused", async (path, message) => {
    const error = await refusal(downloadPublicImage(`${outside.url}${path}`, onlyOutside));
    expect(error).toMatchObject({ message, retryable: false });
    expect(outside.hits).toEqual([path]);
    expect(inside.hits).toEqual([]);
  });

  test.each(["file:///etc/passwd", "ftp://127.0.0.1/x.png", "data:image/png;base64,AAAA", "not a url"])("%s is refused", async (url) => {
    const error = await refusal(downloadPublicImage(url, onlyOutside));
    expect(error?.message).toMatch(/^its address (uses \w+:, not http or https|is not a URL)$/);
  });
});

describe("limits", () => {
  test("at most 3 redirects", async () => {
    const error = await refusal(downloadPublicImage(`${outside.url}/loop`, onlyOutside));
    expect(error).toMatchObject({ message: "more than 3 redirects", retryable: false });
    expect(outside.hits).toHaveLength(4);
  });

  test("a body over the size cap is cut off while it streams, and a declared one is refused at once", async () => {
    const error = await refusal(downloadPublicImage(`${outside.url}/huge`, { ...onlyOutside, maxBytes: 1024 * 1024 }));
    expect(error).toMatchObject({ message: "it is larger than 1 MB", retryable: false });
    const declared = await refusal(downloadPublicImage(`${outside.url}/declared-huge`, onlyOutside));
    expect(declared).toMatchObject({ message: "it is larger than 20 MB", retryable: false });
  });

  test("a download that takes too long is stopped", async () => {
    const started = Date.now();
    const error = await refusal(downloadPublicImage(`${outside.url}/stall`, { ...onlyOutside, timeoutMs: 300 }));
    expect(error).toMatchObject({ message: "it took longer than 0.3 s", retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("bytes that are not an image are refused", async () => {
    const error = await refusal(downloadPublicImage(`${outside.url}/page`, onlyOutside));
    expect(error).toMatchObject({ message: "it is not a JPEG, PNG or WebP image", retryable: false });
  });
});
