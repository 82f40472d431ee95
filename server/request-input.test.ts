// The edge where text enters the app (issue 21, items 5 and 6): a path that
// does not decode is a 400 from one place, never a 500 or an error in the
// log; ids, query values and form fields with a NUL or another control
// character behave the same on SQLite and PostgreSQL (which refuses a NUL in
// text with a 500).
import type { IncomingMessage } from "node:http";
import { describe, expect, test, vi } from "vitest";
import { prisma } from "~/utils/db.server";
import { loggedAppServer } from "#tests/support/logged-app-server";
import { rawRequest } from "#tests/support/raw-http";
import { normalizeReadBody } from "./request-input";
import { createTestPortrait, createTestUser, sessionCookieFor } from "#tests/utils";

const logged = loggedAppServer();

type LogLine = { level: number; msg?: string; requestId?: string };
const logLines = (): LogLine[] =>
  logged.written
    .join("")
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

const ERROR_LEVEL = 50;
const form = { "Content-Type": "application/x-www-form-urlencoded" };

function get(path: string, headers: Record<string, string> = {}) {
  return rawRequest(logged.app.port, { method: "GET", path, headers });
}
function post(path: string, headers: Record<string, string>, body: string) {
  return rawRequest(logged.app.port, { path, headers: { Origin: logged.app.origin, ...headers }, body });
}

describe("malformed percent escapes in a path", () => {
  const paths = [
    "/gallery/%E0%A4%A",
    "/compare/%C0%AE",
    "/resources/thumbnails/%ZZ",
    "/resources/thumbnails/%ZZ/preview",
    "/portraits/%E0%A4%A",
    "/resources/portraits/%ZZ/preview",
    "/thumbnails/%C0%AE/edit",
    "/resources/generations/%ZZ/events",
    "/%ZZ",
    "/build/%ZZ.js",
    "/gallery/%E0%A4%A?_data=routes%2Fgallery_.%24generationId",
  ];

  test("give 400 with a plain message to a visitor and to a signed-in user, and no error in the log", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    for (const path of paths) {
      for (const headers of [{}, { Cookie: cookie }] as Record<string, string>[]) {
        const reply = await get(path, { ...headers, "X-Request-Id": "bad-path-1" });
        expect(reply.status, path).toBe(400);
        expect(reply.body, path).toBe("This address is not valid.");
      }
      const posted = await post(path, { ...form, Cookie: cookie, "X-Request-Id": "bad-path-1" }, "intent=delete");
      expect(posted.status, `POST ${path}`).toBe(400);
    }
    const mine = await vi.waitFor(() => {
      const lines = logLines().filter((line) => line.requestId === "bad-path-1" && line.msg === "request completed");
      expect(lines.length).toBe(paths.length * 3);
      return lines;
    });
    expect(mine.filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
    expect(logLines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });
});

describe("a NUL or another control character in an id, a query or a form field", () => {
  test("an id in the path with a control character is not found (never a 500)", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    for (const path of ["/gallery/%00abc", "/compare/a%00b", "/portraits/%01x", "/resources/thumbnails/x%00y", "/thumbnails/%1B/edit", "/gallery/%0A"]) {
      const reply = await get(path, { Cookie: cookie });
      expect([400, 404], `${path}: ${reply.status}`).toContain(reply.status);
    }
    expect(logLines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });

  test("a query value with a NUL is read without it", async () => {
    const user = await createTestUser();
    const cookie = await sessionCookieFor(user.id);
    const reply = await get("/compare/new?pick=%00abc&pick=x%00&page=%001", { Cookie: cookie });
    expect(reply.status, reply.body.slice(0, 300)).toBe(200);
  });

  test("form fields, urlencoded and multipart: the text is stored without NUL and other control characters", async () => {
    const user = await createTestUser();
    const portrait = await createTestPortrait(user.id);
    const cookie = await sessionCookieFor(user.id);

    const renamed = await post(`/portraits/${portrait.id}`, { ...form, Cookie: cookie }, new URLSearchParams({ intent: "rename", name: "Studio\u0000 lig\u0007ht\u007f" }).toString());
    expect(renamed.status, renamed.body.slice(0, 300)).toBeLessThan(400);
    expect((await prisma.portrait.findUniqueOrThrow({ where: { id: portrait.id }, select: { name: true } })).name).toBe("Studio light");

    const generated = await post("/generate", { ...form, Cookie: cookie }, new URLSearchParams({ portraitId: portrait.id, keywords: "iPhone\u0000 17 review", backgroundCount: "1" }).toString());
    expect(generated.status, generated.body.slice(0, 300)).toBe(302);
    const generation = await prisma.generation.findFirstOrThrow({ where: { userId: user.id }, select: { keywords: true } });
    expect(generation.keywords).toBe("iPhone 17 review");

    // The same through a multipart form that carries no file.
    const boundary = "----edge-test";
    const body = [
      `--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nrename`,
      `--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nMulti\u0000part`,
      `--${boundary}--\r\n`,
    ].join("\r\n");
    const multipart = await post(`/portraits/${portrait.id}`, { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie }, body);
    expect(multipart.status, multipart.body.slice(0, 300)).toBeLessThan(400);
    expect((await prisma.portrait.findUniqueOrThrow({ where: { id: portrait.id }, select: { name: true } })).name).toBe("Multipart");
  });

  test("what is removed and what stays: TAB, LF and CR stay in a field; JSON strings and keys are normalized too", () => {
    const urlencoded = { headers: { "content-type": "application/x-www-form-urlencoded" } } as unknown as IncomingMessage;
    const body = new URLSearchParams({ "note\u0000": "a\tb\r\nc\u0000d\u001be\u007ff\u009fg\ud800h" }).toString();
    const read = normalizeReadBody(urlencoded, Buffer.from(body), null);
    expect([...new URLSearchParams(read.toString())]).toEqual([["note", "a\tb\r\ncdefg\ufffdh"]]);
    expect(urlencoded.headers["content-length"]).toBe(String(read.length));

    const json = { headers: { "content-type": "application/json" } } as unknown as IncomingMessage;
    const sent = JSON.stringify({ data: { "task\u0000": ["x\u0000y", 1, null, { z: "\u0001" }] } });
    expect(JSON.parse(normalizeReadBody(json, Buffer.from(sent), null).toString())).toEqual({ data: { task: ["xy", 1, null, { z: "" }] } });

    // Unchanged bodies are passed on byte for byte.
    const plain = Buffer.from("a=1&b=%2A+x");
    expect(normalizeReadBody(urlencoded, plain, null)).toBe(plain);
  });

  test("every answer above was below 500, and nothing was logged as an error", () => {
    expect(logLines().filter((line) => line.level >= ERROR_LEVEL)).toEqual([]);
  });
});
