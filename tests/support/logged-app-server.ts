// The real app on a loopback port with its log lines kept for the test to
// read: the logger at info (every test starts silent, see tests/setup) and
// stdout captured, from the file's first test to its last; `written` starts
// empty for each test.
import { afterAll, beforeAll, beforeEach, vi } from "vitest";
import { setLogLevel } from "~/utils/logger.server";
import { startAppServer } from "./app-server";

export function loggedAppServer() {
  const logged = { app: undefined as unknown as Awaited<ReturnType<typeof startAppServer>>, written: [] as string[] };
  beforeAll(async () => {
    setLogLevel("info");
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    });
    logged.app = await startAppServer();
  });
  afterAll(async () => {
    await logged.app?.close();
    vi.restoreAllMocks();
    setLogLevel("silent");
  });
  beforeEach(() => {
    logged.written = [];
  });
  return logged;
}
