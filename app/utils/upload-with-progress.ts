// A form upload that reports how much has been sent. fetch() has no upload
// progress in browsers, so this one uses XMLHttpRequest; it speaks Remix's own
// data-request protocol (`?_data=<route id>`, the same request a <Form>
// submission makes), so the route's action answers with its JSON, unchanged.
// See docs/decisions/030-phone-layout-and-upload-progress.md.

export type UploadResult = { added: number; errors: string[] };

export type UploadReply =
  | { kind: "result"; result: UploadResult }
  | { kind: "redirect"; to: string }
  | { kind: "failed"; message: string };

/** Whole percent sent; 0 until the size is known. */
export function percentSent(loaded: number, total: number) {
  if (!(total > 0)) return 0;
  return Math.min(100, Math.max(0, Math.floor((loaded / total) * 100)));
}

/** The address of a route's data request for a form posted to `action`. */
export function dataRequestUrl(action: string, routeId: string) {
  const url = new URL(action, "http://placeholder");
  url.searchParams.set("_data", routeId);
  return `${url.pathname}${url.search}`;
}

/** What the page should do with the action's answer to a data request. */
export function readUploadReply(status: number, header: (name: string) => string | null, body: string): UploadReply {
  // An action that throws a redirect (an expired session, say) answers 204 with the target in a header.
  const redirect = header("X-Remix-Redirect");
  if (redirect) return { kind: "redirect", to: redirect };
  if (header("X-Remix-Error") || status >= 500) {
    return { kind: "failed", message: "Something went wrong on the server while saving your photos. Try again." };
  }
  const parsed = parseResult(body);
  if (parsed) return { kind: "result", result: parsed };
  if (status === 413) return { kind: "failed", message: "That upload is too large. Send fewer or smaller photos." };
  return { kind: "failed", message: `The upload was refused (HTTP ${status}). Try again.` };
}

function parseResult(body: string): UploadResult | null {
  try {
    const data: unknown = JSON.parse(body);
    if (typeof data !== "object" || data === null) return null;
    const { added, errors } = data as Record<string, unknown>;
    if (typeof added !== "number" || !Array.isArray(errors) || !errors.every((e) => typeof e === "string")) return null;
    return { added, errors };
  } catch {
    return null;
  }
}

/**
 * Posts `form` as multipart data to its route's action, calling `onProgress`
 * with the percent sent. Resolves with what to do next; rejects only when
 * `signal` aborts.
 */
export function sendWithProgress(
  url: string,
  body: FormData,
  { onProgress, signal }: { onProgress(percent: number): void; signal?: AbortSignal },
) {
  return new Promise<UploadReply>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.upload.addEventListener("progress", (event) => onProgress(percentSent(event.loaded, event.total)));
    xhr.upload.addEventListener("load", () => onProgress(100));
    xhr.addEventListener("load", () =>
      resolve(readUploadReply(xhr.status, (name) => xhr.getResponseHeader(name), xhr.responseText)),
    );
    xhr.addEventListener("error", () =>
      resolve({ kind: "failed", message: "The upload did not reach the server. Check your connection and try again." }),
    );
    xhr.addEventListener("abort", () => reject(signal?.reason ?? new DOMException("Aborted", "AbortError")));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}
