// Reading what the API streams, as a script would: server-sent events until
// the server ends the stream, and a ZIP's entries (with the system's unzip).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type SseEvent = { event: string; data: string };

/** Every event until the server ends the stream (or `until` says stop). */
export async function readEventStream(body: ReadableStream<Uint8Array>, until: (event: SseEvent) => boolean = () => false) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { events, ended: true };
    buffer += decoder.decode(value, { stream: true });
    let split;
    while ((split = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const event = { event: /^event: (.*)$/m.exec(block)?.[1] ?? "message", data: /^data: (.*)$/m.exec(block)?.[1] ?? "" };
      events.push(event);
      if (until(event)) {
        await reader.cancel();
        return { events, ended: false };
      }
    }
  }
}

/** The names in a ZIP answer, its manifest, after unzip has tested it. */
export async function zipEntriesOf(response: Response) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "thumbsmith-api-zip-")), "batch.zip");
  fs.writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  execFileSync("unzip", ["-tq", file]);
  const listing = execFileSync("unzip", ["-Z1", file], { encoding: "utf8" }).trim().split("\n");
  const manifest = JSON.parse(execFileSync("unzip", ["-p", file, "manifest.json"], { encoding: "utf8" })) as { thumbnails: { file: string }[] };
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return { listing, manifest };
}

/** A multipart body with text fields and files (name → [filename, bytes]). */
export function multipartBody(fields: Record<string, string>, files: [field: string, filename: string, bytes: Buffer, type?: string][] = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const [field, filename, bytes, type = "image/jpeg"] of files) form.append(field, new Blob([new Uint8Array(bytes)], { type }), filename);
  return form;
}
