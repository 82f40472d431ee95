// One delivery attempt over HTTP: a POST of the signed body through the same
// guarded connection as kie.ai's result downloads (net/public-download's
// requestChecked: the address is checked inside the socket's own DNS lookup,
// so only a public one is ever connected to). No redirect is followed: a 3xx
// is a failure, as Standard Webhooks advises (the user should fix the URL).
import type { ResolvedAddress } from "~/modules/net/public-download.server";
import { requestChecked } from "~/modules/net/public-download.server";

export const WEBHOOK_USER_AGENT = "Thumbsmith-Webhooks/1";

export type PostOptions = {
  timeoutMs: number;
  isAllowedAddress: (address: string) => boolean;
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
};

/** What an attempt gave: a status when the receiver answered, an error in words when it did not deliver. */
export type AttemptOutcome = { delivered: boolean; status: number | null; error: string | null };

export async function postWebhook(url: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<AttemptOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { delivered: false, status: null, error: "the endpoint's URL is not a URL" };
  }
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    return { delivered: false, status: null, error: `the endpoint's URL uses ${target.protocol}, not http or https` };
  }
  const bytes = Buffer.from(body, "utf8");
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const response = await requestChecked(target, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(bytes.length),
        "user-agent": WEBHOOK_USER_AGENT,
      },
      body: bytes,
      signal,
      isAllowed: options.isAllowedAddress,
      resolve: options.resolve,
    });
    // The answer's body is not kept: only its status counts.
    response.resume();
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return { delivered: true, status, error: null };
    const redirect = status >= 300 && status < 400 ? ` (a redirect${response.headers.location ? ` to ${response.headers.location}` : ""}: redirects are not followed, use the final URL)` : "";
    return { delivered: false, status, error: `HTTP ${status}${redirect}`.slice(0, 500) };
  } catch (error) {
    if (signal.aborted) return { delivered: false, status: null, error: `no answer within ${Math.round(options.timeoutMs / 100) / 10} s` };
    return { delivered: false, status: null, error: (error as Error).message.slice(0, 500) || "the connection failed" };
  }
}
