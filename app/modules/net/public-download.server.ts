// Downloads an image from a URL that came from outside (kie.ai's result
// links), so that the URL cannot make the server fetch from itself or its
// network: http(s) only; every address a host name resolves to must be
// public, and the connection goes to the address that was checked (the check
// runs inside the socket's own DNS lookup, so a name that changes its answer
// between check and connect gains nothing); redirects are followed by hand
// and each hop is checked again; size and time are capped; the bytes must
// be an image.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import sharp from "sharp";
import { isPublicAddress } from "./public-address.server";

export type ResolvedAddress = { address: string; family: number };

export type PublicDownloadOptions = {
  /** Bytes; the download is stopped as soon as it goes past this. */
  maxBytes?: number;
  /** For the whole download, redirects included. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Which addresses may be connected to (public ones unless a test says otherwise). */
  isAllowedAddress?: (address: string) => boolean;
  /** How host names are resolved (the system resolver unless a test says otherwise). */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
};

/** Why a download did not give an image; `retryable` says whether trying again could help. */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

const IMAGE_FORMATS = new Set(["jpeg", "png", "webp"]);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const systemResolve = (hostname: string) => dns.promises.lookup(hostname, { all: true, verbatim: true });

export async function downloadPublicImage(url: string, options: PublicDownloadOptions = {}): Promise<Buffer> {
  const { maxBytes = 20 * 1024 * 1024, timeoutMs = 60_000, maxRedirects = 3 } = options;
  const isAllowed = options.isAllowedAddress ?? isPublicAddress;
  const resolve = options.resolve ?? systemResolve;
  const signal = AbortSignal.timeout(timeoutMs);
  let target = httpUrl(url);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await get(target, { signal, isAllowed, resolve });
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        if (redirects >= maxRedirects) throw new DownloadError(`more than ${maxRedirects} redirects`, false);
        const location = response.headers.location;
        if (!location) throw new DownloadError(`a redirect (HTTP ${status}) without a Location`, false);
        target = httpUrl(new URL(location, target).toString());
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new DownloadError(`HTTP ${status}`, status >= 500, status);
      }
      const bytes = await readCapped(response, maxBytes);
      await requireImage(bytes);
      return bytes;
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    if (signal.aborted) throw new DownloadError(`it took longer than ${Math.round(timeoutMs / 100) / 10} s`, true);
    throw new DownloadError((error as Error).message, true);
  }
}

function httpUrl(text: string) {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DownloadError("its address is not a URL", false);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new DownloadError(`its address uses ${url.protocol}, not http or https`, false);
  }
  return url;
}

const notPublic = (host: string, address: string) =>
  new DownloadError(`${host === address ? address : `${host} resolves to ${address}, which`} is not a public address`, false);

function get(url: URL, options: { signal: AbortSignal; isAllowed: (a: string) => boolean; resolve: (h: string) => Promise<ResolvedAddress[]> }) {
  return requestChecked(url, { ...options, method: "GET" });
}

export type CheckedRequestOptions = {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer;
  signal: AbortSignal;
  /** Which addresses may be connected to. */
  isAllowed: (address: string) => boolean;
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
};

/**
 * One HTTP request (no redirect followed) whose connection goes only to an
 * address `isAllowed` accepts, checked inside the socket's own DNS lookup.
 * The downloads here and the Google client (youtube/google-fetch.server.ts)
 * share it.
 */
export function requestChecked(url: URL, { method, headers, body, signal, isAllowed, resolve = systemResolve }: CheckedRequestOptions) {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  // Node connects to an IP literal without a lookup: check it here.
  if (net.isIP(host) && !isAllowed(host)) return Promise.reject(notPublic(host, host));

  // Runs as the socket's DNS lookup: what it returns is what is connected to.
  const lookup: net.LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname)
      .then((found) => {
        const addresses = found.filter((a) => !lookupOptions.family || a.family === lookupOptions.family);
        if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
        // One bad address is enough to refuse: the socket may try any of them.
        const refused = addresses.find((a) => !isAllowed(a.address));
        if (refused) throw notPublic(hostname, refused.address);
        return addresses;
      })
      .then(
        (addresses) => {
          if (lookupOptions.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
          else callback(null, addresses[0].address, addresses[0].family);
        },
        (error: NodeJS.ErrnoException) => callback(error, "", 0),
      );
  };

  return new Promise<http.IncomingMessage>((done, fail) => {
    const client = url.protocol === "https:" ? https : http;
    // No shared agent: a pooled socket must not outlive the policy it was checked under.
    const request = client.request(url, { method, headers, signal, lookup, agent: false }, done);
    request.on("error", fail);
    request.end(body);
  });
}

/** The answer's body, stopped with a DownloadError as soon as it goes past maxBytes. */
export async function readCapped(response: http.IncomingMessage, maxBytes: number) {
  const limit = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${maxBytes} bytes`;
  const tooLarge = () => new DownloadError(`it is larger than ${limit}`, false);
  if (Number(response.headers["content-length"] ?? 0) > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function requireImage(bytes: Buffer) {
  const format = await sharp(bytes)
    .metadata()
    .then((m) => m.format as string | undefined)
    .catch(() => undefined);
  if (!format || !IMAGE_FORMATS.has(format)) {
    throw new DownloadError(`it is not a JPEG, PNG or WebP image${format ? ` (${format})` : ""}`, false);
  }
}
