// The log lines' format: JSON lines when stdout is a file or a pipe (a log
// collector reads them), readable lines through pino-pretty when it is a
// terminal (someone typed `npm start`).
import { spawnSync } from "node:child_process";
import { pino } from "pino";
import { describe, expect, test } from "vitest";
import { logDestination, scrubSecrets } from "./logger.server";

function fakeStdout(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stdout: { isTTY, hasColors: () => false, write: (line: string) => lines.push(line) > 0 } };
}

function logThrough(isTTY: boolean) {
  const { lines, stdout } = fakeStdout(isTTY);
  const log = pino({ base: { pid: 42 }, hooks: { streamWrite: (line) => scrubSecrets(line, ["sk-live-0123456789"]) } }, logDestination(stdout));
  log.info({ requestId: "r-1", generationId: "g-7" }, "generation finished with key sk-live-0123456789");
  return lines.join("");
}

describe("the log format follows stdout", () => {
  test("a file or a pipe gets one JSON object per line", () => {
    const line = logThrough(false);
    expect(JSON.parse(line)).toMatchObject({ level: 30, pid: 42, requestId: "r-1", msg: "generation finished with key [redacted]" });
  });

  test("a terminal gets readable lines: time, level and message, then the fields; secrets still scrubbed", () => {
    const text = logThrough(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: generation finished with key \[redacted\]\n/);
    expect(text).toContain('requestId: "r-1"');
    expect(text).toContain('generationId: "g-7"');
    expect(text).not.toContain("sk-live");
    expect(text).not.toContain("pid");
  });
});

// The real module, in a real process: once on a pseudo-terminal (util-linux's
// `script`), once on a pipe.
describe("a process's logger picks the format itself", () => {
  const program = 'const { logger } = await import("./app/utils/logger.server.ts"); logger.info({ port: 3000 }, "Thumbsmith is listening");';
  const node = ["node", "--import", "tsx", "--input-type=module", "-e", program];
  const env = { ...process.env, LOG_LEVEL: "info", TERM: "dumb" };

  test("on a pipe: JSON", () => {
    const result = spawnSync(node[0], node.slice(1), { env, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ level: 30, port: 3000, msg: "Thumbsmith is listening" });
  });

  test("on a terminal: readable", () => {
    const command = node.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(" ");
    const result = spawnSync("script", ["--quiet", "--return", "--command", command, "/dev/null"], { env, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Thumbsmith is listening\r?\n\s+port: 3000/);
  });
}, 30_000);
