import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server";
import { startAppServer } from "#tests/support/app-server";
import { rawRequest, repeatedChunks, sendThenRead } from "#tests/support/raw-http";
import { createTestPortrait, createTestUser } from "#tests/utils";
import { noisyJpeg, readAstronaut } from "#tests/images";
import { OTHER_FILE_MESSAGE } from "~/modules/topic-images/topic-image-upload.server";
import { createBodyLimit, DRAIN_MAX_BYTES, NO_FILES_MESSAGE, tooLargeMessage } from "./body-limit";

const MB = 1024 * 1024;
const LIMIT = tooLargeMessage(64);

let app: Awaited<ReturnType<typeof startAppServer>>;
beforeAll(async () => {
  app = await startAppServer({ formMaxKb: 64 });
});
afterAll(() => app?.close());

const form = { "Content-Type": "application/x-www-form-urlencoded" };

function post(path: string, headers: Record<string, string | number>, body?: Buffer | string | Iterable<Buffer>) {
  return rawRequest(app.port, { path, headers: { Origin: app.origin, ...headers }, body });
}

async function logIn(email: string, password: string) {
  const reply = await post("/login", form, new URLSearchParams({ email, password }).toString());
  expect(reply.status, reply.body).toBe(302);
  const cookies = ([] as string[]).concat(reply.headers["set-cookie"] ?? []);
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}

/** A multipart body, its parts in order; a part with a filename is a file. */
function multipart(parts: { name: string; value?: string; filename?: string; size?: number }[]) {
  const boundary = "----thumbsmith-test-boundary";
  function* chunks() {
    for (const part of parts) {
      const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ""}`;
      const type = part.filename ? "Content-Type: application/octet-stream\r\n" : "";
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`);
      if (part.filename) yield* repeatedChunks(part.size ?? 0, Buffer.alloc(64 * 1024, 0x41));
      else yield Buffer.from(part.value ?? "");
      yield Buffer.from("\r\n");
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { contentType: `multipart/form-data; boundary=${boundary}`, chunks };
}

async function signedInWithPortrait() {
  const user = await createTestUser();
  const portrait = await createTestPortrait(user.id);
  return { user, portrait, cookie: await logIn(user.email, user.password) };
}

const generationFields = (portraitId: string) => ({ portraitId, keywords: "iPhone 17 review, shocking battery", backgroundCount: "1" });

describe("forms that are not uploads get a small body limit", () => {
  test("a 200 MB form streamed to /login by a visitor is answered 413 after about the limit, not read to the end", async () => {
    const readBefore = app.bytesRead();
    const memoryBefore = process.memoryUsage().arrayBuffers;
    // Chunked, with no Content-Length: the limit must be counted as the body arrives.
    const reply = await post("/login", form, repeatedChunks(200 * MB, Buffer.alloc(64 * 1024, "a=")));
    expect(reply.status).toBe(413);
    expect(reply.headers["content-type"]).toMatch(/^text\/plain/);
    expect(reply.body).toBe(LIMIT);
    // The server read on only until the client, having its answer, left (what
    // was in flight then): nowhere near 200 MB.
    expect(app.bytesRead() - readBefore).toBeLessThan(16 * MB);
    expect(reply.sent).toBeLessThan(16 * MB);
    expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(8 * MB);
  });

  test("a Content-Length above the limit is refused at once, before any of the body arrives", async () => {
    // Headers only: a server that waited for the body would never answer.
    const reply = await post("/login", { ...form, "Content-Length": 200 * MB }, repeatedChunks(0, Buffer.alloc(1)));
    expect(reply.status).toBe(413);
    expect(reply.body).toBe(LIMIT);
    // The rest of the body is never read, so the connection cannot be reused.
    expect(reply.headers.connection).toBe("close");
  });

  test("the limit is exact: 64 KB reach the action, one byte more is refused; JSON and text are counted too", async () => {
    const atLimit = `email=${"a".repeat(64 * 1024 - "email=".length)}`;
    const accepted = await post("/login", form, atLimit);
    // The action ran and refused the credentials as a form error.
    expect(accepted.status).toBe(400);

    const over = await post("/login", form, repeatedChunks(64 * 1024 + 1, Buffer.from(atLimit + "a")));
    expect(over.status).toBe(413);
    expect(over.body).toBe(LIMIT);

    for (const type of ["application/json", "text/plain"]) {
      const big = await post("/login", { "Content-Type": type }, Buffer.alloc(65 * 1024, "x"));
      expect(big.status).toBe(413);
    }
  });

  test("FORM_MAX_KB sets the limit and its message; 0 is refused at start", async () => {
    const small = await startAppServer({ formMaxKb: 16 });
    try {
      const reply = await rawRequest(small.port, {
        path: "/login",
        headers: { ...form, Origin: small.origin },
        body: `email=${"a".repeat(17 * 1024)}`,
      });
      expect(reply.status).toBe(413);
      expect(reply.body).toBe("This form is too large (limit 16 KB).");
    } finally {
      await small.close();
    }
    expect(() => createBodyLimit({ maxKb: 0 })).toThrow("FORM_MAX_KB must be a whole number above 0");
  });

  test("a normal log in and a normal generation still work (urlencoded and multipart)", async () => {
    const { user, portrait, cookie } = await signedInWithPortrait();
    expect(cookie).not.toBe("");

    const urlencoded = await post("/generate", { ...form, Cookie: cookie }, new URLSearchParams(generationFields(portrait.id)).toString());
    expect(urlencoded.status, urlencoded.body).toBe(302);
    expect(urlencoded.headers.location).toMatch(/^\/gallery\/[\w-]+$/);

    const body = multipart(Object.entries(generationFields(portrait.id)).map(([name, value]) => ({ name, value })));
    const viaMultipart = await post("/generate", { "Content-Type": body.contentType, Cookie: cookie }, body.chunks());
    expect(viaMultipart.status, viaMultipart.body).toBe(302);

    const generations = await prisma.generation.findMany({ where: { userId: user.id }, select: { id: true, keywords: true } });
    expect(generations.map((g) => `/gallery/${g.id}`).sort()).toEqual([urlencoded.headers.location, viaMultipart.headers.location].sort());
    expect(generations.every((g) => g.keywords === "iPhone 17 review, shocking battery")).toBe(true);
  });
});

describe("a file sent to a route that takes no file", () => {
  // Log in takes no file: the file is refused before the password is checked, and no session is made.
  async function logInFields() {
    const user = await createTestUser();
    const fields = [
      { name: "email", value: user.email },
      { name: "password", value: user.password },
    ];
    return { user, fields };
  }
  const sessionsOf = (userId: string) => prisma.session.count({ where: { userId } });

  test("an 80 MB file part sent to /login is refused at its headers, and no session is made", async () => {
    const { user, fields } = await logInFields();
    const readBefore = app.bytesRead();
    const body = multipart([...fields, { name: "extra", filename: "big.bin", size: 80 * MB }]);
    const reply = await post("/login", { "Content-Type": body.contentType }, body.chunks());
    expect(reply.status).toBe(400);
    expect(reply.body).toBe(NO_FILES_MESSAGE);
    // Only what was in flight when the client read its answer and left.
    expect(app.bytesRead() - readBefore).toBeLessThan(16 * MB);
    expect(await sessionsOf(user.id)).toBe(0);
  });

  test("even a tiny file part is refused (the form is well under the size limit)", async () => {
    const { user, fields } = await logInFields();
    const body = multipart([...fields, { name: "extra", filename: "note.txt", size: 10 }]);
    const reply = await post("/login", { "Content-Type": body.contentType }, body.chunks());
    expect(reply.status).toBe(400);
    expect(reply.body).toBe(NO_FILES_MESSAGE);
    expect(await sessionsOf(user.id)).toBe(0);
  });

  test("a multipart body that cannot be parsed gets a clear 400", async () => {
    const reply = await post("/login", { "Content-Type": "multipart/form-data" }, "whatever");
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/^This form could not be read \(.+\)\.$/);
  });
});

describe("an oversized body is answered before the connection closes (issue 21)", () => {
  test("five clients at once, each sending all of a 20 MB file to /login before reading, each read their answer", async () => {
    const user = await createTestUser();
    const fields = [
      { name: "email", value: user.email },
      { name: "password", value: user.password },
    ];
    const send = (declareLength: boolean) => {
      const body = multipart([...fields, { name: "extra", filename: "video.mp4", size: 20 * MB }]);
      let length = 0;
      for (const chunk of body.chunks()) length += chunk.length;
      // As a browser sends it (Content-Length), or chunked as a script may.
      const headers = { Origin: app.origin, "Content-Type": body.contentType, ...(declareLength ? { "Content-Length": length } : {}) };
      return sendThenRead(app.port, { path: "/login", headers, body: body.chunks() });
    };
    const replies = await Promise.all([true, false, true, false, true].map(send));
    for (const [i, reply] of replies.entries()) {
      expect(reply.error, `client ${i}`).toBeUndefined();
      expect(reply.status, `client ${i}`).toBe(i % 2 === 0 ? 413 : 400);
      expect(reply.body, `client ${i}`).toBe(i % 2 === 0 ? LIMIT : NO_FILES_MESSAGE);
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("such a client sending more than DRAIN_MAX_BYTES is cut off there: the server does not read it all", async () => {
    const readBefore = app.bytesRead();
    const reply = await sendThenRead(app.port, { path: "/login", headers: { ...form, Origin: app.origin }, body: repeatedChunks(DRAIN_MAX_BYTES * 3, Buffer.alloc(64 * 1024, "a=")) });
    expect(reply.error).toBeDefined();
    expect(app.bytesRead() - readBefore).toBeLessThan(DRAIN_MAX_BYTES + 16 * MB);
  });
});

describe("the Generate form takes topic images (decision 184)", () => {
  test("an image larger than the form limit goes through as a topic image", async () => {
    const { user, portrait, cookie } = await signedInWithPortrait();
    const image = await noisyJpeg(600, 600);
    expect(image.length).toBeGreaterThan(64 * 1024);
    const boundary = "----topic-boundary";
    const fields = Object.entries(generationFields(portrait.id)).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    const body = Buffer.concat([
      Buffer.from(fields.join("")),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="topicImage"; filename="product.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
      image,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const reply = await post("/generate", { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie }, body);
    expect(reply.status, reply.body).toBe(302);
    const [generation] = await prisma.generation.findMany({ where: { userId: user.id }, select: { topicImageKeys: true } });
    expect(JSON.parse(generation.topicImageKeys ?? "[]")).toHaveLength(1);
  });

  test("a file under any other name is refused with a sentence, and no generation is made", async () => {
    const { user, portrait, cookie } = await signedInWithPortrait();
    const fields = Object.entries(generationFields(portrait.id)).map(([name, value]) => ({ name, value }));
    const body = multipart([...fields, { name: "extra", filename: "note.txt", size: 10 }]);
    // As the page's own submit asks (a data request), so the answer is the route's own text.
    const reply = await post("/generate?_data=routes%2Fgenerate", { "Content-Type": body.contentType, Cookie: cookie }, body.chunks());
    expect(reply.status).toBe(400);
    expect(reply.body).toBe(OTHER_FILE_MESSAGE);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });

  test("a body that says it is larger than three images can be is refused at once, reading little of it", async () => {
    const { user, portrait, cookie } = await signedInWithPortrait();
    const readBefore = app.bytesRead();
    const fields = Object.entries(generationFields(portrait.id)).map(([name, value]) => ({ name, value }));
    const body = multipart([...fields, { name: "topicImage", filename: "huge.jpg", size: 80 * MB }]);
    let length = 0;
    for (const chunk of body.chunks()) length += chunk.length;
    const reply = await post("/generate?_data=routes%2Fgenerate", { "Content-Type": body.contentType, "Content-Length": length, Cookie: cookie }, body.chunks());
    expect(reply.status).toBe(413);
    expect(reply.body).toMatch(/^This form is too large\. Send at most 3 topic images of up to [\d.]+ MB each\.$/);
    expect(app.bytesRead() - readBefore).toBeLessThan(16 * MB);
    expect(await prisma.generation.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("what the small limit does not cover, and what it does", () => {
  test("a portrait upload larger than the form limit still goes through, under its own per-file limit", async () => {
    const user = await createTestUser();
    const cookie = await logIn(user.email, user.password);
    const photo = readAstronaut();
    expect(photo.length).toBeGreaterThan(64 * 1024);
    const boundary = "----portrait-boundary";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="astronaut.png"\r\nContent-Type: image/png\r\n\r\n`),
      photo,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const reply = await post("/portraits?_data=routes%2Fportraits", { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie }, body);
    expect(reply.status, reply.body).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ added: 1, errors: [] });
  });

  test("a form posted to the upload route that is not multipart gets the small limit", async () => {
    const reply = await post("/portraits", form, Buffer.alloc(65 * 1024, "a"));
    expect(reply.status).toBe(413);
  });

  test("kie.ai's callback route takes JSON up to the limit, and no more", async () => {
    const small = await post("/resources/kie/callback/unknown-token", { "Content-Type": "application/json" }, JSON.stringify({ code: 200, data: { taskId: "t" } }));
    expect(small.status).not.toBe(413);
    expect(small.status).toBeLessThan(500);
    const big = await post("/resources/kie/callback/unknown-token", { "Content-Type": "application/json" }, JSON.stringify({ pad: "x".repeat(70 * 1024) }));
    expect(big.status).toBe(413);
  });
});
