// The larger setup as real processes on loopback, for the multi-process
// test and the workers benchmark: web instances (tests/support/web.ts,
// RUNNER=off) and workers (tests/support/worker.ts) on one PostgreSQL
// database, plus an event-stream client that reads what a page would.
import { spawn, type ChildProcess } from "node:child_process";

export type Spawned = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts a support script and resolves when it prints `ready` (its line is returned). */
export async function spawnReady(script: string, env: Record<string, string>, started: ChildProcess[], timeoutMs = 60_000) {
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (data: Buffer) => {
      output += data;
      const match = /^.*\bready\b.*$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (data) => (output += data));
    void exited.then((code) => reject(new Error(`${script} exited with ${code} before it was ready:\n${output}`)));
  });
  return { child, line, output: () => output, exited } satisfies Spawned & { line: string };
}

export async function startWeb(env: Record<string, string>, started: ChildProcess[]) {
  const web = await spawnReady("tests/support/web.ts", { RUNNER: "off", PORT: "0", ...env }, started);
  const port = Number(/web ready (\d+)/.exec(web.line)![1]);
  return { ...web, origin: `http://127.0.0.1:${port}` };
}

export function startWorker(env: Record<string, string>, started: ChildProcess[]) {
  return spawnReady("tests/support/worker.ts", env, started);
}

export type StreamEvent = { event: string; data: string; at: number };

/**
 * Reads a generation's event stream as EventSource would: `events` fills as
 * they arrive (with the time each was read); `ended` resolves when the
 * server ends the stream.
 */
export async function readEventStream(url: string, cookie: string, onEvent?: (event: StreamEvent) => void) {
  const response = await fetch(url, { headers: { Cookie: cookie, Accept: "text/event-stream" } });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}: ${await response.text()}`);
  const events: StreamEvent[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? "message";
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join("\n");
        const item = { event, data, at: performance.now() };
        events.push(item);
        onEvent?.(item);
      }
    }
  })();
  return { events, ended, cancel: () => reader.cancel().catch(() => {}) };
}
