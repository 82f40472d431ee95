// The Express app (server/app.ts) around the test build of the routes, on a
// loopback port, for tests that send real HTTP requests through every
// middleware to real actions.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "#server/app";
import { createTestBuild } from "./remix-test-build";

export async function startAppServer(options: Partial<Parameters<typeof createApp>[0]> = {}) {
  const app = createApp({
    build: createTestBuild(),
    publicDir: path.resolve("public"),
    // Rate limits have their own tests; here they would only get in the way.
    rateLimitMultiplier: 1000,
    mode: "test",
    ...options,
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  // Bytes the server took off each connection: what it actually read.
  const connections: { bytesRead: number }[] = [];
  server.on("connection", (socket) => connections.push(socket));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    bytesRead: () => connections.reduce((sum, socket) => sum + socket.bytesRead, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
