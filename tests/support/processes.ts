// Real processes and servers that tests and benchmarks start on loopback.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { action as kieCallbackAction } from "~/routes/resources.kie.callback.$token";

/** A generation runner in its own process (tests/support/worker.ts), killable with SIGKILL. */
export function startWorkerProcess(env: Record<string, string>, started: ChildProcess[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/worker.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  started.push(child);
  return { child, output: () => output };
}

/** The kie.ai webhook route behind a plain HTTP server: the app's "public address" for callbacks. */
export async function startWebhookServer() {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const token = (req.url ?? "").split("/").pop() ?? "";
    const request = new Request(`http://localhost${req.url}`, {
      method: "POST",
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    const response = (await kieCallbackAction({ request, params: { token }, context: {} })) as Response;
    res.writeHead(response.status);
    res.end(await response.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
