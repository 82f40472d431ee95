// A web instance in its own process, for the multi-process tests and the
// workers benchmark: the Express app around the test build of the routes
// (server/app.ts, as `npm start` serves it), no runner (RUNNER=off), and
// the same SIGTERM handling as server/index.ts. Prints "web ready <port>".
import path from "node:path";
import type { AddressInfo } from "node:net";
import { createApp } from "#server/app";
import { onShutdownSignals, shutdownDeadlineMs } from "#server/shutdown";
import { closeGenerationEventBus } from "~/modules/events/generation-events.server";
import { endGenerationStreams } from "~/modules/generations/generation-stream.server";
import { createTestBuild } from "./remix-test-build";

const app = createApp({
  build: createTestBuild(),
  publicDir: path.resolve("public"),
  rateLimitMultiplier: 1000,
  mode: "test",
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  console.log(`web ready ${(server.address() as AddressInfo).port}`);
});
onShutdownSignals(() => ({ server, endStreams: endGenerationStreams, closeEventBus: closeGenerationEventBus, deadlineMs: shutdownDeadlineMs() }));
