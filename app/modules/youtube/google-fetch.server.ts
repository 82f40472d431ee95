// The one way the server reaches Google: a fetch-shaped function (the OAuth
// library takes it as its fetchImplementation, the YouTube calls use it
// directly) that goes through the same address-checked request as the app's
// other outbound downloads (net/public-download.server.ts), with a time
// limit and a size cap. It refuses any URL that is not one of Google's hosts
// (or the test root), and connects only to public addresses, except to the
// test root while GOOGLE_API_ROOT_FOR_TESTS is set (the fake Google is on loopback).
import { isPublicAddress } from "~/modules/net/public-address.server";
import { readCapped, requestChecked } from "~/modules/net/public-download.server";
import { env } from "~/utils/env.server";
import { isGoogleUrl, isTestRootUrl } from "./google-hosts.server";

/** Google's JSON answers here are small (a page of 50 items is ~100 KB); thumbnails stay under 2 MB. */
export const GOOGLE_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

/** Google could not be asked or did not answer in time; nothing Google said. */
export class GoogleUnreachableError extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
    this.name = "GoogleUnreachableError";
  }
}

type FetchInit = RequestInit & { timeoutMs?: number; maxBytes?: number };

function bodyBytes(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error("the Google client sends only text, form or byte bodies");
}

function headerRecord(headers: RequestInit["headers"], body: RequestInit["body"]) {
  const record: Record<string, string> = {};
  new Headers(headers).forEach((value, name) => (record[name] = value));
  // As fetch does: a form body says it is one (the OAuth library relies on it).
  if (body instanceof URLSearchParams && !record["content-type"]) record["content-type"] = "application/x-www-form-urlencoded;charset=UTF-8";
  return record;
}

export async function googleFetch(input: string | URL | Request, init: FetchInit = {}): Promise<Response> {
  if (input instanceof Request) throw new Error("googleFetch takes a URL and options, not a Request");
  const url = new URL(input);
  if (!isGoogleUrl(url)) throw new Error(`not a Google address: ${url.origin}`);
  // The limit is read per call (GOOGLE_REQUEST_TIMEOUT_MS), not fixed at import.
  const { timeoutMs = env.GOOGLE_REQUEST_TIMEOUT_MS, maxBytes = GOOGLE_MAX_ANSWER_BYTES } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const allowLoopback = isTestRootUrl(url);
  try {
    const response = await requestChecked(url, {
      method: init.method ?? "GET",
      headers: headerRecord(init.headers, init.body),
      body: bodyBytes(init.body),
      signal,
      isAllowed: (address) => allowLoopback || isPublicAddress(address),
    });
    const bytes = await readCapped(response, maxBytes);
    const headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else if (value !== undefined) headers.set(name, value);
    }
    const status = response.statusCode ?? 502;
    // A Response cannot carry a body with these statuses.
    const empty = status === 204 || status === 304 || bytes.length === 0;
    return new Response(empty ? null : new Uint8Array(bytes), { status, statusText: response.statusMessage, headers });
  } catch (error) {
    if (timeout.aborted) throw new GoogleUnreachableError(`Google did not answer within ${Math.round(timeoutMs / 1000)} s`, true);
    if (init.signal?.aborted) throw error;
    throw new GoogleUnreachableError(`Google could not be reached: ${(error as Error).message}`, false);
  }
}
