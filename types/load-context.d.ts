// What server/app.ts hands every loader and action besides the request.
import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The per-request CSP nonce for inline scripts. */
    cspNonce?: string;
    /**
     * Aborts when the client goes away. Prefer it to request.signal for
     * answers that stream for long: the copy of the request a loader gets
     * may lose its link to the connection (see server/remix-handler.ts).
     */
    clientGone?: AbortSignal;
  }
}
