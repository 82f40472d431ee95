import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "./utils/logger.server";
import { NonceProvider } from "./utils/nonce-provider";

const ABORT_DELAY = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : "";
  // Bots get the whole document at once; browsers get it streamed.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "rendering a page failed after its shell was sent");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// The server entry (server/index.ts) and the worker (server/worker.ts) start
// the background jobs through the build, so that the runner shares this
// bundle's event bus with the routes that stream its progress. Which process
// starts which is server/composition-root.ts's to say (its AppEntry type).
export { startGenerationRunner } from "./modules/generations/queue.server";
export { startPortraitAnalysisJob } from "./modules/portraits/portrait-analysis-job.server";
export { startAuthCleanupJob } from "./modules/auth/auth-cleanup.server";
export { startStorageSweepJob } from "./modules/storage/orphan-sweep.server";
export { startWebhookSender } from "./modules/webhooks/sender.server";
export { closeGenerationEventBus } from "./modules/events/generation-events.server";
export { startRenderThreads } from "./modules/rendering/render-pool.server";
export { endGenerationStreams } from "./modules/generations/generation-stream.server";
